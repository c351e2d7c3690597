using System.Collections;

namespace Realtime.Api;

/// <summary>
/// The base of a list type the page names (<c>RealtimeToolsConfig = array of RealtimeToolsConfigUnion</c>): an
/// immutable list that compares by content (same elements in the same order, equal hash codes). The generated
/// subclass adds the page's name, its JSON reader and writer, and collection-expression construction.
/// </summary>
public abstract class JsonList<T> : IReadOnlyList<T>, IEquatable<JsonList<T>>
{
    private readonly T[] _items;
    private readonly IEqualityComparer<IReadOnlyList<T>?> _comparer;

    /// <param name="items">The elements (copied).</param>
    /// <param name="element">How two elements compare.</param>
    protected JsonList(IEnumerable<T> items, IEqualityComparer<T> element)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items.ToArray();
        _comparer = ContentEquality.List(element);
    }

    /// <summary>The number of elements.</summary>
    public int Count => _items.Length;

    /// <summary>The element at <paramref name="index"/>.</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is negative or not below <see cref="Count"/>.</exception>
    public T this[int index] => _items[index];

    /// <summary>The elements in order.</summary>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>Equal when the other is a list of the same type with equal elements in the same order.</summary>
    public bool Equals(JsonList<T>? other) => other is not null && other.GetType() == GetType() && _comparer.Equals(_items, other._items);

    /// <inheritdoc cref="Equals(JsonList{T})"/>
    public override bool Equals(object? obj) => Equals(obj as JsonList<T>);

    /// <summary>A hash of the elements, equal for equal lists.</summary>
    public override int GetHashCode() => _comparer.GetHashCode(_items);

    /// <summary>Equal by content (<see cref="Equals(JsonList{T})"/>); two nulls are equal.</summary>
    public static bool operator ==(JsonList<T>? left, JsonList<T>? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Not equal by content.</summary>
    public static bool operator !=(JsonList<T>? left, JsonList<T>? right) => !(left == right);
}
