using System.Collections;
using System.Text;
using System.Text.Json;

namespace Realtime.Api;

/// <summary>
/// The members of a JSON object that its type does not define, in the order received, each with its value's exact
/// UTF-8 JSON. A read–write round trip writes them back as received: every value byte for byte (numbers beyond
/// <see cref="double"/>'s precision, lone surrogate escapes and all), every duplicate in its place. Two instances are
/// equal when they hold the same names and the same value bytes in the same order.
/// </summary>
public sealed class JsonExtensionData : IReadOnlyList<JsonExtensionMember>, IEquatable<JsonExtensionData>
{
    private readonly List<JsonExtensionMember> _members;

    /// <summary>Extension data of the given members, in order (duplicate names allowed).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="members"/> is null.</exception>
    public JsonExtensionData(IEnumerable<JsonExtensionMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        _members = new List<JsonExtensionMember>(members);
    }

    private JsonExtensionData(List<JsonExtensionMember> members) => _members = members;

    /// <summary>How many members (duplicates counted).</summary>
    public int Count => _members.Count;

    /// <summary>The member at <paramref name="index"/>, in received order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the list.</exception>
    public JsonExtensionMember this[int index] => _members[index];

    /// <summary>
    /// The exact JSON of the member named <paramref name="name"/> (the last one when the name occurs more than once,
    /// as JSON readers usually take it).
    /// </summary>
    public bool TryGetValue(string name, out ReadOnlyMemory<byte> rawJson)
    {
        for (var i = _members.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_members[i].Name, name, StringComparison.Ordinal))
            {
                rawJson = _members[i].RawJson;
                return true;
            }
        }

        rawJson = default;
        return false;
    }

    /// <summary>Whether a member named <paramref name="name"/> is present.</summary>
    public bool ContainsName(string name) => TryGetValue(name, out _);

    /// <summary>The member named <paramref name="name"/> as a <see cref="JsonElement"/> (the last one, as <see cref="TryGetValue"/>).</summary>
    /// <exception cref="KeyNotFoundException">No member has that name.</exception>
    public JsonElement GetElement(string name) =>
        TryGetValue(name, out var raw)
            ? JsonRuntime.ParseElement(raw)
            : throw new KeyNotFoundException($"The extension data has no member named '{name}'.");

    /// <inheritdoc/>
    public IEnumerator<JsonExtensionMember> GetEnumerator() => _members.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(JsonExtensionData? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._members.Count != _members.Count)
        {
            return false;
        }

        for (var i = 0; i < _members.Count; i++)
        {
            if (!_members[i].Equals(other._members[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as JsonExtensionData);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var member in _members)
        {
            hash.Add(member);
        }

        return hash.ToHashCode();
    }

    /// <summary>The members as a JSON object's body (<c>"name":value,…</c>), for logs and test output.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var member in _members)
        {
            text.Append(text.Length == 0 ? "" : ",").Append(member.ToString());
        }

        return text.ToString();
    }

    /// <summary>Adds a member while a reader fills a new instance (never after it was handed out).</summary>
    internal static void Add(ref JsonExtensionData? data, string name, byte[] rawJson) =>
        (data ??= new JsonExtensionData(new List<JsonExtensionMember>(2)))._members.Add(JsonExtensionMember.Trusted(name, rawJson));
}

/// <summary>One member of <see cref="JsonExtensionData"/>: its name and its value's exact UTF-8 JSON.</summary>
public readonly struct JsonExtensionMember : IEquatable<JsonExtensionMember>
{
    /// <summary>A member whose value is the UTF-8 JSON <paramref name="rawJson"/> (one complete JSON value; it is written as is).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="rawJson"/> is not one complete JSON value.</exception>
    public JsonExtensionMember(string name, ReadOnlyMemory<byte> rawJson)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            var reader = new Utf8JsonReader(rawJson.Span);
            if (!reader.Read() || !reader.TrySkip() || reader.Read())
            {
                throw new JsonException("Expected exactly one JSON value.");
            }
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The value of extension member '{name}' is not one JSON value: {ex.Message}", nameof(rawJson), ex);
        }

        Name = name;
        RawJson = rawJson;
    }

    private JsonExtensionMember(ReadOnlyMemory<byte> rawJson, string name)
    {
        Name = name;
        RawJson = rawJson;
    }

    /// <summary>A member whose value is <paramref name="value"/>'s JSON (its raw text, as <see cref="JsonRuntime.WriteElement"/> writes it).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="value"/> is a default (undefined) element.</exception>
    public static JsonExtensionMember FromElement(string name, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonRuntime.WriteElement(writer, value);
        }

        return new(buffer.WrittenMemory, name);
    }

    /// <summary>A member read by <see cref="JsonRuntime.ReadRaw"/>: already one complete value.</summary>
    internal static JsonExtensionMember Trusted(string name, byte[] rawJson) => new(rawJson, name);

    /// <summary>The member's name (unescaped).</summary>
    public string Name { get; }

    /// <summary>The value's exact UTF-8 JSON, as received.</summary>
    public ReadOnlyMemory<byte> RawJson { get; }

    /// <summary>The value as a <see cref="JsonElement"/>.</summary>
    public JsonElement ToJsonElement() => JsonRuntime.ParseElement(RawJson);

    /// <summary>Same name (ordinal) and same value bytes.</summary>
    public bool Equals(JsonExtensionMember other) =>
        string.Equals(Name, other.Name, StringComparison.Ordinal) && RawJson.Span.SequenceEqual(other.RawJson.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is JsonExtensionMember other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        hash.AddBytes(RawJson.Span);
        return hash.ToHashCode();
    }

    /// <summary><c>"name":value</c>.</summary>
    public override string ToString() => "\"" + JsonEncodedText.Encode(Name) + "\":" + Encoding.UTF8.GetString(RawJson.Span);

    /// <summary>Same name and same value bytes.</summary>
    public static bool operator ==(JsonExtensionMember left, JsonExtensionMember right) => left.Equals(right);

    /// <summary>Not the same name or not the same value bytes.</summary>
    public static bool operator !=(JsonExtensionMember left, JsonExtensionMember right) => !left.Equals(right);
}
