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

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>Equal when the other is a list of the same type with equal elements in the same order.</summary>
    public bool Equals(JsonList<T>? other) => other is not null && other.GetType() == GetType() && _comparer.Equals(_items, other._items);

    public override bool Equals(object? obj) => Equals(obj as JsonList<T>);

    public override int GetHashCode() => _comparer.GetHashCode(_items);

    public static bool operator ==(JsonList<T>? left, JsonList<T>? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(JsonList<T>? left, JsonList<T>? right) => !(left == right);
}
