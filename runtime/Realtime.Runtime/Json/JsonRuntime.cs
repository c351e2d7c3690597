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

    /// <summary>
    /// Reads one complete JSON document as <typeparamref name="T"/>. Any input that is not a valid
    /// <typeparamref name="T"/> (malformed JSON, invalid UTF-8, a lone surrogate where text is expected, a mistyped or
    /// out-of-range value) throws <see cref="JsonException"/>, never another exception.
    /// </summary>
    /// <exception cref="JsonException">The input is not a valid <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json)
        where T : IRealtimeJsonModel<T>
    {
        try
        {
            if (T.TryReadFlat(utf8Json, out var flat))
            {
                return flat;
            }
        }
        catch (Exception ex) when (IsReaderError(ex))
        {
            throw new JsonException($"Invalid JSON: {ex.Message}", ex);
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
        catch (Exception ex) when (IsReaderError(ex))
        {
            throw new JsonException($"Invalid JSON at byte {reader.BytesConsumed}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The exceptions <see cref="Utf8JsonReader"/> and the BCL parsers throw for bad input rather than
    /// <see cref="JsonException"/>: a token read as the wrong kind, text that is not valid UTF-8 or UTF-16 (a lone
    /// surrogate escape), a number out of range, invalid base64.
    /// </summary>
    private static bool IsReaderError(Exception ex) =>
        ex is InvalidOperationException or FormatException or OverflowException or ArgumentException or IndexOutOfRangeException;

    // ---- errors ----

    /// <summary>A <see cref="JsonException"/> with <paramref name="message"/> and the reader's position.</summary>
    public static JsonException Error(ref Utf8JsonReader reader, string message) =>
        new($"{message} (at byte {reader.TokenStartIndex}, depth {reader.CurrentDepth})");

    /// <summary>A <see cref="JsonException"/> saying what was expected and which token was found.</summary>
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

    /// <summary>Checks that the reader is on the start of an object (<paramref name="what"/> names it in the error).</summary>
    /// <exception cref="JsonException">Another token.</exception>
    public static void ExpectStartObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw UnexpectedToken(ref reader, $"an object for {what}");
        }
    }

    /// <summary>Refuses an explicit null for a member that is required and not nullable, before its value is read.</summary>
    /// <exception cref="JsonException">The reader is on <c>null</c>.</exception>
    // Inlined into every generated reader: the check costs what the emitted if did, the throw stays out of line.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void ExpectNotNull(ref Utf8JsonReader reader, string member)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            throw NullNotAllowed(ref reader, member);
        }
    }

    /// <summary>Refuses to write a record whose required reference member is null (nothing valid can be written for it).</summary>
    /// <exception cref="InvalidOperationException"><paramref name="value"/> is null.</exception>
    public static void ExpectRequiredMember(object? value, string member)
    {
        if (value is null)
        {
            throw RequiredMemberNull(member);
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

    /// <summary>
    /// The value of a top-level string property of a JSON object, or null (not an object, absent, not a string, not
    /// valid text). Never throws, whatever the bytes.
    /// </summary>
    public static string? FindStringProperty(ReadOnlySpan<byte> rawJson, ReadOnlySpan<byte> propertyName)
    {
        var reader = new Utf8JsonReader(rawJson, ReaderOptions);
        try
        {
            return reader.Read() && TryFindStringProperty(reader, propertyName, out var value) ? JsonStrings.TryGetString(value) : null;
        }
        catch (Exception ex) when (ex is JsonException || IsReaderError(ex))
        {
            // Not JSON, or a name or value that is not valid text (a lone surrogate escape): no such property.
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

    /// <summary>Reads a string; text that is not valid UTF-8 or holds a lone surrogate escape is refused.</summary>
    /// <exception cref="JsonException">Not a string (invalid text surfaces as <see cref="InvalidOperationException"/>, which <see cref="Guard"/> and the entry points turn into <see cref="JsonException"/>).</exception>
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

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    /// <exception cref="JsonException">Not a boolean.</exception>
    public static bool ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw UnexpectedToken(ref reader, "a boolean"),
    };

    /// <summary>
    /// Reads a JSON number as a <see cref="double"/>, refusing (with <see cref="JsonException"/>) any number the double
    /// cannot hold, so that what is read can be written back as the same number: beyond the double's range
    /// (<c>1e400</c>), a non-zero number that would become 0 (<c>1e-400</c>), or an integer literal (no fraction or
    /// exponent) that is neither the double's exact value nor the digits the writer writes for it
    /// (<c>9007199254740993</c>, beyond ±2^53 and odd; <c>90071992547409940</c>, written for the double
    /// 90071992547409936, is read). Fractions round to the nearest double as usual (<c>0.1</c>).
    /// </summary>
    /// <exception cref="JsonException">Not a number, or a number the double cannot hold.</exception>
    public static double ReadDouble(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw UnexpectedToken(ref reader, "a number");
        }

        // Most numbers on the wire are integers (indexes, counts, milliseconds): the integer parser is far cheaper.
        // "-0" keeps its sign through the double parser.
        if (reader.TryGetInt64(out var integer) && (integer != 0 || !IsNegative(ref reader)))
        {
            return IsExactDouble(integer) || integer == WrittenInteger(integer)
                ? integer
                : throw Error(ref reader, $"The integer {integer} cannot be held exactly as a double (beyond \u00b12^53).");
        }

        if (!reader.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw Error(ref reader, "The number is out of the double's range.");
        }

        var literal = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        if (value == 0 && HasNonZeroDigit(literal))
        {
            throw Error(ref reader, "The number is too small for a double (it would read as 0).");
        }

        if (literal.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
        {
            // An integer literal beyond a long: exact only when the double is that integer.
            if (!System.Numerics.BigInteger.TryParse(Encoding.ASCII.GetString(literal), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var exact)
                || (exact != new System.Numerics.BigInteger(value) && exact != WrittenInteger(value)))
            {
                throw Error(ref reader, "The integer cannot be held exactly as a double (beyond \u00b12^53).");
            }
        }

        return value;
    }

    /// <summary>Whether the double nearest <paramref name="integer"/> is <paramref name="integer"/> itself.</summary>
    internal static bool IsExactDouble(long integer)
    {
        var asDouble = (double)integer;
        return asDouble < 9.2233720368547758E18 && (long)asDouble == integer;
    }

    /// <summary>The integer the writer writes for a double beyond ±2^53 (its shortest round-trip digits).</summary>
    private static System.Numerics.BigInteger WrittenInteger(double value) =>
        System.Numerics.BigInteger.Parse(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the digits of a number literal before its exponent include a non-zero one.</summary>
    private static bool HasNonZeroDigit(ReadOnlySpan<byte> literal)
    {
        foreach (var b in literal)
        {
            if (b is (byte)'e' or (byte)'E')
            {
                return false;
            }

            if (b is >= (byte)'1' and <= (byte)'9')
            {
                return true;
            }
        }

        return false;
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

    /// <summary>
    /// Reads an integer that fits a <see cref="long"/>. A whole number written with a fraction or exponent (<c>24000.0</c>,
    /// <c>2.4e4</c>) is that integer; a fraction (<c>1.5</c>) or an out-of-range value throws a <see cref="JsonException"/>
    /// naming <paramref name="member"/> (<c>Type.json_name</c>) and the reason, never a truncated or rounded value.
    /// </summary>
    /// <exception cref="JsonException">Not an integer, or out of range.</exception>
    public static long ReadInt64(ref Utf8JsonReader reader, string? member = null)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        return (long)ReadWholeNumber(ref reader, member, long.MinValue, long.MaxValue, "a 64-bit integer");
    }

    /// <summary>Reads an integer that fits an <see cref="int"/>; otherwise as <see cref="ReadInt64"/> (an out-of-range value throws).</summary>
    public static int ReadInt32(ref Utf8JsonReader reader, string? member = null)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            return value;
        }

        return (int)ReadWholeNumber(ref reader, member, int.MinValue, int.MaxValue, "a 32-bit integer");
    }

    /// <summary>The slow path of the integer readers: a number that is not a plain integer of the range, read exactly or refused.</summary>
    private static double ReadWholeNumber(ref Utf8JsonReader reader, string? member, double min, double max, string range)
    {
        var what = member is null ? "" : $" for {member}";
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw UnexpectedToken(ref reader, "an integer" + what);
        }

        var text = NumberText(ref reader);
        if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw Error(ref reader, $"Expected an integer{what} but {text} is out of range for {range}.");
        }

        if (Math.Floor(number) != number)
        {
            throw Error(ref reader, $"Expected an integer{what} but found the fraction {text}.");
        }

        // The bounds are exact doubles (long.MaxValue rounds up to 2^63, itself out of range).
        if (number < min || number >= max + 1)
        {
            throw Error(ref reader, $"Expected an integer{what} but {text} is out of range for {range}.");
        }

        return number;
    }

    private static string NumberText(ref Utf8JsonReader reader)
    {
        const int MaxShown = 40;
        var bytes = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length <= MaxShown ? text : text[..MaxShown] + "…";
    }

    /// <summary>
    /// Any JSON value, kept as a self-contained <see cref="JsonElement"/> over its exact text (see <see cref="ReadRaw"/>),
    /// so that <see cref="WriteElement"/> writes it back as received.
    /// </summary>
    /// <exception cref="JsonException">The value is not valid JSON or holds invalid UTF-8.</exception>
    public static JsonElement ReadElement(ref Utf8JsonReader reader) => ParseElement(ReadRaw(ref reader));

    /// <summary>Writes an element's exact text (lone surrogate escapes and numbers beyond a double's precision included).</summary>
    /// <exception cref="InvalidOperationException"><paramref name="element"/> is a default (undefined) element.</exception>
    public static void WriteElement(Utf8JsonWriter writer, JsonElement element)
    {
#if NET9_0_OR_GREATER
        writer.WriteRawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element), skipInputValidation: true);
#else
        writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
#endif
    }

    /// <summary>An element over one complete JSON value (the bytes are copied).</summary>
    internal static JsonElement ParseElement(ReadOnlyMemory<byte> rawJson)
    {
        var reader = new Utf8JsonReader(rawJson.Span, ReaderOptions);
        reader.Read();
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>
    /// The exact UTF-8 text of the value at the reader (the reader ends on its last token). On .NET 9 and later the
    /// bytes are the received ones, whitespace included; on .NET 8 every token is the received one and the whitespace
    /// between tokens is left out. Text that is not valid UTF-8 is refused (JSON is UTF-8), a lone surrogate escape
    /// (<c>"\ud800"</c>, valid JSON syntax) is kept.
    /// </summary>
    /// <exception cref="JsonException">The value is not valid JSON or holds invalid UTF-8.</exception>
    public static byte[] ReadRaw(ref Utf8JsonReader reader)
    {
#if NET9_0_OR_GREATER
        using var document = JsonDocument.ParseValue(ref reader);
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement).ToArray();
#else
        var raw = CopyTokens(ref reader);
#endif
        if (!System.Text.Unicode.Utf8.IsValid(raw))
        {
            throw Error(ref reader, "The value is not valid UTF-8.");
        }

        return raw;
    }

#if !NET9_0_OR_GREATER
    /// <summary>The value's tokens, each as received, without the whitespace between them.</summary>
    private static byte[] CopyTokens(ref Utf8JsonReader reader)
    {
        var output = new ArrayBufferWriter<byte>(64);
        var depth = reader.CurrentDepth;
        var needsComma = false;
        while (true)
        {
            var token = reader.TokenType;
            if (needsComma && token is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                Append(output, ","u8);
            }

            switch (token)
            {
                case JsonTokenType.StartObject: Append(output, "{"u8); break;
                case JsonTokenType.EndObject: Append(output, "}"u8); break;
                case JsonTokenType.StartArray: Append(output, "["u8); break;
                case JsonTokenType.EndArray: Append(output, "]"u8); break;
                case JsonTokenType.PropertyName:
                case JsonTokenType.String:
                    Append(output, "\""u8);
                    AppendValue(output, ref reader);
                    Append(output, token == JsonTokenType.PropertyName ? "\":"u8 : "\""u8);
                    break;
                default: AppendValue(output, ref reader); break;
            }

            needsComma = token is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName);
            if (reader.CurrentDepth == depth && token is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName))
            {
                return output.WrittenSpan.ToArray();
            }

            Next(ref reader);
        }
    }

    private static void Append(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);

    private static void AppendValue(ArrayBufferWriter<byte> output, ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence)
        {
            foreach (var segment in reader.ValueSequence)
            {
                output.Write(segment.Span);
            }
        }
        else
        {
            output.Write(reader.ValueSpan);
        }
    }
#endif

    /// <summary>Writes one complete JSON value's UTF-8 text as is (checked to be one JSON value).</summary>
    /// <exception cref="ArgumentException"><paramref name="rawJson"/> is not one complete JSON value.</exception>
    public static void WriteRaw(Utf8JsonWriter writer, ReadOnlyMemory<byte> rawJson) =>
        writer.WriteRawValue(rawJson.Span, skipInputValidation: false);

    // ---- collections ----

    /// <summary>Reads an array, each element with <paramref name="readElement"/>.</summary>
    /// <exception cref="JsonException">Not an array, or an element is invalid.</exception>
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

    /// <summary>Reads an object as a map, each value with <paramref name="readValue"/> (a repeated key keeps its last value).</summary>
    /// <exception cref="JsonException">Not an object, or a value is invalid.</exception>
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

    /// <summary>Writes an array, each element with <paramref name="writeElement"/>.</summary>
    public static void WriteList<T>(Utf8JsonWriter writer, IReadOnlyList<T> list, Action<Utf8JsonWriter, T> writeElement)
    {
        writer.WriteStartArray();
        for (var i = 0; i < list.Count; i++)
        {
            writeElement(writer, list[i]);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a map as an object, each value with <paramref name="writeValue"/>.</summary>
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

    /// <summary>
    /// Keeps a member the schema does not define: the reader is on its name and ends on its value's last token. The
    /// value is kept byte for byte (<see cref="ReadRaw"/>); the name must be valid text.
    /// </summary>
    /// <exception cref="JsonException">The name or the value is not valid JSON text.</exception>
    public static void ReadExtension(ref Utf8JsonReader reader, ref JsonExtensionData? extensionData)
    {
        string name;
        try
        {
            name = reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException(Error(ref reader, $"A member name is not valid text: {ex.Message}").Message, ex);
        }

        Next(ref reader);
        JsonExtensionData.Add(ref extensionData, name, ReadRaw(ref reader));
    }

    /// <summary>Writes the kept members back, in order, each value as received.</summary>
    public static void WriteExtensionData(Utf8JsonWriter writer, JsonExtensionData? extensionData)
    {
        if (extensionData is null)
        {
            return;
        }

        foreach (var member in extensionData)
        {
            writer.WritePropertyName(member.Name);
            writer.WriteRawValue(member.RawJson.Span, skipInputValidation: true);
        }
    }
}
