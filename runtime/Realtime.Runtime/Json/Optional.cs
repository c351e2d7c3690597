namespace Realtime.Api;

/// <summary>
/// A property the wire format distinguishes in three states: absent (<c>default</c>), explicit JSON <c>null</c>
/// (<see cref="Null"/>), or a value. Assigning a value (or <c>null</c> for a reference type) converts implicitly.
/// </summary>
public readonly struct Optional<T> : IEquatable<Optional<T>>
{
    private readonly T? _value;
    private readonly State _state;

    private enum State : byte
    {
        Absent,
        Null,
        Value,
    }

    private Optional(T? value, State state)
    {
        _value = value;
        _state = state;
    }

    /// <summary>The explicit JSON <c>null</c>.</summary>
    public static Optional<T> Null => new(default, State.Null);

    /// <summary>Absent: the property is not written.</summary>
    public static Optional<T> Absent => default;

    /// <summary>A value (a <c>null</c> reference becomes <see cref="Null"/>).</summary>
    public static Optional<T> Of(T? value) => value is null ? Null : new(value, State.Value);

    /// <summary>Present on the wire: a value or an explicit <c>null</c>.</summary>
    public bool IsSet => _state != State.Absent;

    /// <summary>Present as an explicit JSON <c>null</c>.</summary>
    public bool IsNull => _state == State.Null;

    /// <summary>Present with a value.</summary>
    public bool HasValue => _state == State.Value;

    /// <summary>The value; throws unless <see cref="HasValue"/>.</summary>
    public T Value => _state == State.Value
        ? _value!
        : throw new InvalidOperationException(_state == State.Null ? "The optional value is an explicit null." : "The optional value is absent.");

    /// <summary>The value, or <c>default</c> when absent or null.</summary>
    public T? GetValueOrDefault() => _value;

    /// <summary>The value, when present with one (<see cref="HasValue"/>).</summary>
    public bool TryGetValue(out T value)
    {
        value = _value!;
        return _state == State.Value;
    }

    /// <summary>A value (<see cref="Of"/>): a <c>null</c> reference becomes <see cref="Null"/>.</summary>
    public static implicit operator Optional<T>(T? value) => Of(value);

    /// <summary>Same state and, with a value, equal values.</summary>
    public bool Equals(Optional<T> other) =>
        _state == other._state && EqualityComparer<T?>.Default.Equals(_value, other._value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Optional<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_state, _value);

    /// <summary>Same state and, with a value, equal values.</summary>
    public static bool operator ==(Optional<T> left, Optional<T> right) => left.Equals(right);

    /// <summary>Not the same state, or different values.</summary>
    public static bool operator !=(Optional<T> left, Optional<T> right) => !left.Equals(right);

    /// <summary><c>&lt;absent&gt;</c>, <c>null</c> or the value's text.</summary>
    public override string ToString() => _state switch
    {
        State.Absent => "<absent>",
        State.Null => "null",
        _ => _value?.ToString() ?? "",
    };
}
