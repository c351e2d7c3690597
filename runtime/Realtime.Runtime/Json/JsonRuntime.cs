using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Realtime.Api;

/// <summary>
/// The hand-written half of the generated serialisation: entry points, primitive readers with clear errors,
/// collections, raw JSON capture and the discriminator scan. Generated code calls these; so can consumers.
/// </summary>
public static class JsonRuntime
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    // ---- entry points ----

    /// <summary>Reads one complete JSON document as <typeparamref name="T"/>; malformed or mistyped input throws <see cref="JsonException"/>.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json)
        where T : IRealtimeJsonModel<T>
    {
        if (T.TryReadFlat(utf8Json, out var flat))
        {
            return flat;
        }

        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        return ReadDocument<T>(ref reader);
    }

    /// <inheritdoc cref="Deserialize{T}(ReadOnlySpan{byte})"/>
    public static T Deserialize<T>(ReadOnlySequence<byte> utf8Json)
        where T : IRealtimeJsonModel<T>
    {
        if (utf8Json.IsSingleSegment)
        {
            return Deserialize<T>(utf8Json.FirstSpan);
        }

        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        return ReadDocument<T>(ref reader);
    }

    /// <inheritdoc cref="Deserialize{T}(ReadOnlySpan{byte})"/>
    public static T Deserialize<T>(string json)
        where T : IRealtimeJsonModel<T> => Deserialize<T>(Encoding.UTF8.GetBytes(json));

    private static T ReadDocument<T>(ref Utf8JsonReader reader)
        where T : IRealtimeJsonModel<T>
    {
        return Guard(ref reader, static (ref Utf8JsonReader r) =>
        {
            if (!r.Read())
            {
                throw new JsonException($"Expected a JSON value for {typeof(T).Name}, but the input is empty.");
            }

            var value = T.ReadJson(ref r);
            if (r.Read())
            {
                throw Error(ref r, $"Unexpected content after the {typeof(T).Name} value.");
            }

            return value;
        });
    }

    /// <summary>Writes <paramref name="value"/> as UTF-8 JSON into <paramref name="output"/> (a cached writer per thread, no allocation).</summary>
    public static void Serialize<T>(T value, IBufferWriter<byte> output)
        where T : IRealtimeJsonModel<T>
    {
        var writer = t_writer;
        t_writer = null; // re-entrancy (a model writing through JsonSerializer) gets its own writer
        if (writer is null)
        {
            writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = false });
        }
        else
        {
            writer.Reset(output);
        }

        try
        {
            T.WriteJson(writer, value);
            writer.Flush();
        }
        finally
        {
            writer.Reset(Stream.Null);
            t_writer = writer;
        }
    }

    /// <summary>The UTF-8 JSON of <paramref name="value"/>.</summary>
    public static byte[] SerializeToUtf8Bytes<T>(T value)
        where T : IRealtimeJsonModel<T>
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Serialize(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The JSON text of <paramref name="value"/>.</summary>
    public static string SerializeToString<T>(T value)
        where T : IRealtimeJsonModel<T>
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Serialize(value, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Runs a read, turning the reader's state errors (a token read as the wrong kind, overflow) into <see cref="JsonException"/>.</summary>
    public static T Guard<T>(ref Utf8JsonReader reader, JsonValueReader<T> read)
    {
        try
        {
            return read(ref reader);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
        {
            throw new JsonException($"Invalid JSON at byte {reader.BytesConsumed}: {ex.Message}", ex);
        }
    }

    // ---- errors ----

    public static JsonException Error(ref Utf8JsonReader reader, string message) =>
        new($"{message} (at byte {reader.TokenStartIndex}, depth {reader.CurrentDepth})");

    public static JsonException UnexpectedToken(ref Utf8JsonReader reader, string expected) =>
        Error(ref reader, $"Expected {expected} but found {Describe(reader.TokenType)}.");

    /// <summary>
    /// The error of an object that ended without some of its required members: names the type and every missing
    /// member. <paramref name="seen"/> holds one bit per entry of <paramref name="required"/> (bit <c>i % 64</c> of
    /// word <c>i / 64</c>), set for the members the object had.
    /// </summary>
    public static JsonException MissingMembers(ref Utf8JsonReader reader, string typeName, string[] required, scoped ReadOnlySpan<ulong> seen)
    {
        var missing = new List<string>();
        for (var i = 0; i < required.Length; i++)
        {
            if ((seen[i >> 6] & (1UL << (i & 63))) == 0)
            {
                missing.Add(required[i]);
            }
        }

        var list = string.Join(", ", missing.Select(m => "\"" + m + "\""));
        return Error(ref reader, $"{typeName} is missing its required member{(missing.Count == 1 ? "" : "s")} {list}.");
    }

    /// <summary>The error of a required member the page does not allow to be null, read as <c>null</c>.</summary>
    public static JsonException NullNotAllowed(ref Utf8JsonReader reader, string member) =>
        Error(ref reader, $"{member} is required and cannot be null.");

    /// <summary>The error of writing a record whose required member is <c>null</c> (e.g. set with <c>null!</c>): nothing valid can be written for it.</summary>
    public static InvalidOperationException RequiredMemberNull(string member) =>
        new($"{member} is required but null: set it before writing (the JSON would otherwise miss a member the reader requires).");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.PropertyName => "a property name",
        JsonTokenType.EndObject => "the end of an object",
        JsonTokenType.EndArray => "the end of an array",
        _ => token.ToString(),
    };

    // ---- structure ----

    /// <summary>Advances to the next token; the end of input inside a value is an error.</summary>
    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw Error(ref reader, "Unexpected end of JSON input.");
        }
    }

    public static void ExpectStartObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw UnexpectedToken(ref reader, $"an object for {what}");
        }
    }

    /// <summary>The current property name, unescaped.</summary>
    public static ReadOnlySpan<byte> PropertyName(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.PropertyName)
        {
            throw UnexpectedToken(ref reader, "a property name");
        }

        return reader.HasValueSequence || reader.ValueIsEscaped ? Unescape(ref reader) : reader.ValueSpan;
    }

    /// <summary>The current string token's bytes, unescaped (allocates only when escaped or segmented).</summary>
    public static ReadOnlySpan<byte> Unescape(scoped ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var buffer = new byte[length];
        var written = reader.CopyString(buffer);
        return buffer.AsSpan(0, written);
    }

    /// <summary>
    /// Finds a top-level string property of the object the reader (a copy) is on, without moving the caller's
    /// reader: scans property by property, skipping values, and stops at the first match.
    /// </summary>
    public static bool TryFindStringProperty(Utf8JsonReader reader, ReadOnlySpan<byte> propertyName, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var matches = reader.ValueTextEquals(propertyName);
            if (!reader.Read())
            {
                return false;
            }

            if (matches)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                value = reader.HasValueSequence || reader.ValueIsEscaped ? Unescape(ref reader) : reader.ValueSpan;
                return true;
            }

            if (!reader.TrySkip())
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads the first member of the object at the reader if it is the string property <paramref name="propertyName"/>:
    /// then the reader ends on that value (true). Otherwise the reader has moved and the caller goes back to its copy.
    /// </summary>
    public static bool TryReadLeadingStringProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> propertyName, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.StartObject
            || !reader.Read()
            || reader.TokenType != JsonTokenType.PropertyName
            || !reader.ValueTextEquals(propertyName)
            || !reader.Read()
            || reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        value = reader.HasValueSequence || reader.ValueIsEscaped ? Unescape(ref reader) : reader.ValueSpan;
        return true;
    }

    /// <summary>The value of a top-level string property of a JSON object, or null (not an object, absent, not a string).</summary>
    public static string? FindStringProperty(ReadOnlySpan<byte> rawJson, ReadOnlySpan<byte> propertyName)
    {
        var reader = new Utf8JsonReader(rawJson, ReaderOptions);
        try
        {
            return reader.Read() && TryFindStringProperty(reader, propertyName, out var value) ? Encoding.UTF8.GetString(value) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Checks that the string at the reader is the fixed literal of a discriminator or constant property.</summary>
    public static void ExpectLiteral(ref Utf8JsonReader reader, ReadOnlySpan<byte> expected, string what)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw UnexpectedToken(ref reader, $"the string \"{Encoding.UTF8.GetString(expected)}\" for {what}");
        }

        if (!reader.ValueTextEquals(expected))
        {
            throw Error(ref reader, $"Expected \"{Encoding.UTF8.GetString(expected)}\" for {what} but found \"{reader.GetString()}\".");
        }
    }

    // ---- primitives ----

    public static string ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw UnexpectedToken(ref reader, "a string");
        }

        // GetString makes the string of an escaped or split value, and throws the reader's error for invalid UTF-8.
        return reader.ValueIsEscaped || reader.HasValueSequence
            ? reader.GetString()!
            : JsonStrings.TryGetString(reader.ValueSpan) ?? reader.GetString()!;
    }

    public static bool ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw UnexpectedToken(ref reader, "a boolean"),
    };

    public static double ReadDouble(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw UnexpectedToken(ref reader, "a number");
        }

        // Most numbers on the wire are integers (indexes, counts, milliseconds): the integer parser is far cheaper, and
        // converting a long is as exact as parsing the digits as a double. "-0" keeps its sign through the double parser.
        if (reader.TryGetInt64(out var integer) && (integer != 0 || !IsNegative(ref reader)))
        {
            return integer;
        }

        // The parser rounds 1e400 to infinity, which JSON cannot carry back: refuse it here, not when writing.
        if (!reader.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw Error(ref reader, "The number is out of range.");
        }

        return value;
    }

    private static bool IsNegative(ref Utf8JsonReader reader)
    {
        if (!reader.HasValueSequence)
        {
            return reader.ValueSpan is [(byte)'-', ..];
        }

        foreach (var segment in reader.ValueSequence)
        {
            if (!segment.IsEmpty)
            {
                return segment.Span[0] == (byte)'-';
            }
        }

        return false;
    }

    public static long ReadInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw UnexpectedToken(ref reader, "an integer");
        }

        if (reader.TryGetInt64(out var value))
        {
            return value;
        }

        // 24000.0 or 2.4e4 are integers written differently.
        if (reader.TryGetDouble(out var number) && Math.Floor(number) == number && number >= long.MinValue && number <= long.MaxValue)
        {
            return (long)number;
        }

        throw Error(ref reader, "Expected an integer.");
    }

    /// <summary>Any JSON value, kept as a self-contained <see cref="JsonElement"/>.</summary>
    public static JsonElement ReadElement(ref Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);

    /// <summary>The exact UTF-8 text of the value at the reader (the reader ends on its last token).</summary>
    public static byte[] ReadRaw(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
#if NET9_0_OR_GREATER
        return System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement).ToArray();
#else
        return Encoding.UTF8.GetBytes(document.RootElement.GetRawText());
#endif
    }

    public static void WriteRaw(Utf8JsonWriter writer, ReadOnlyMemory<byte> rawJson) =>
        writer.WriteRawValue(rawJson.Span, skipInputValidation: false);

    // ---- collections ----

    public static IReadOnlyList<T> ReadList<T>(ref Utf8JsonReader reader, JsonValueReader<T> readElement)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw UnexpectedToken(ref reader, "an array");
        }

        var list = new List<T>();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return list;
            }

            list.Add(readElement(ref reader));
        }
    }

    public static IReadOnlyDictionary<string, T> ReadMap<T>(ref Utf8JsonReader reader, JsonValueReader<T> readValue)
    {
        ExpectStartObject(ref reader, "a map");
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return map;
            }

            var key = reader.GetString()!;
            Next(ref reader);
            map[key] = readValue(ref reader);
        }
    }

    public static void WriteList<T>(Utf8JsonWriter writer, IReadOnlyList<T> list, Action<Utf8JsonWriter, T> writeElement)
    {
        writer.WriteStartArray();
        for (var i = 0; i < list.Count; i++)
        {
            writeElement(writer, list[i]);
        }

        writer.WriteEndArray();
    }

    public static void WriteMap<T>(Utf8JsonWriter writer, IReadOnlyDictionary<string, T> map, Action<Utf8JsonWriter, T> writeValue)
    {
        writer.WriteStartObject();
        foreach (var pair in map)
        {
            writer.WritePropertyName(pair.Key);
            writeValue(writer, pair.Value);
        }

        writer.WriteEndObject();
    }

    // ---- extension data ----

    /// <summary>Keeps a property the schema does not define (the reader is on its value).</summary>
    public static void ReadExtension(ref Utf8JsonReader reader, string name, ref Dictionary<string, JsonElement>? extensionData)
    {
        var value = JsonElement.ParseValue(ref reader);
        (extensionData ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[name] = value;
    }

    /// <summary>Writes the kept properties back.</summary>
    public static void WriteExtensionData(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement>? extensionData)
    {
        if (extensionData is null)
        {
            return;
        }

        foreach (var pair in extensionData)
        {
            writer.WritePropertyName(pair.Key);
            pair.Value.WriteTo(writer);
        }
    }
}
