using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Realtime.Api;

/// <summary>
/// A type whose JSON form is read and written by generated <see cref="Utf8JsonReader"/>/<see cref="Utf8JsonWriter"/>
/// code. Static members, so generic helpers reach the generated code without reflection (trimming- and AOT-safe).
/// </summary>
public interface IRealtimeJsonModel<TSelf>
    where TSelf : IRealtimeJsonModel<TSelf>
{
    /// <summary>Reads one value; the reader is on the value's first token and is left on its last token.</summary>
    static abstract TSelf ReadJson(ref Utf8JsonReader reader);

    /// <summary>Writes one value.</summary>
    static abstract void WriteJson(Utf8JsonWriter writer, TSelf value);

    /// <summary>
    /// The fast path for a whole document of plain scalar members (see <see cref="FlatJsonReader"/>): true with the
    /// value when it could read it that way, false (nothing read, nothing held) to send the document to
    /// <see cref="ReadJson"/>. Generated for the types whose members are all scalars; the rest keep this default.
    /// </summary>
    static virtual bool TryReadFlat(ReadOnlySpan<byte> utf8Json, [MaybeNullWhen(false)] out TSelf value)
    {
        value = default;
        return false;
    }
}

/// <summary>Reads one JSON value positioned at its first token (a generated reader or a primitive one).</summary>
public delegate T JsonValueReader<T>(ref Utf8JsonReader reader);

/// <summary>The <see cref="JsonConverter{T}"/> over a generated model, so the types also work through <see cref="JsonSerializer"/>.</summary>
public sealed class RealtimeJsonConverter<T> : JsonConverter<T>
    where T : IRealtimeJsonModel<T>
{
    /// <summary>Reads with the generated reader; the reader's own errors become <see cref="JsonException"/>.</summary>
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonRuntime.Guard(ref reader, static (ref Utf8JsonReader r) => T.ReadJson(ref r));

    /// <summary>Writes with the generated writer.</summary>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => T.WriteJson(writer, value);
}

/// <summary>Helpers the generated <c>IJsonTypeInfoResolver</c> calls.</summary>
public static class RealtimeJsonTypeInfo
{
    /// <summary>The <see cref="JsonTypeInfo{T}"/> of a generated model: a value converted by the generated code.</summary>
    public static JsonTypeInfo<T> Create<T>(JsonSerializerOptions options)
        where T : IRealtimeJsonModel<T> =>
        JsonMetadataServices.CreateValueInfo<T>(options, new RealtimeJsonConverter<T>());
}
