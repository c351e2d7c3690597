using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Realtime.Api.Tests.Json;

/// <summary>
/// The flat fast path (<see cref="FlatJsonReader"/>, the generated <c>TryReadFlat</c>) against the full
/// <see cref="Utf8JsonReader"/> path, on generated documents of the page's flat events: valid and invalid JSON, escapes,
/// white space, nulls, numbers of every form, base64 with and without padding, unknown and repeated members, any order.
/// Whatever the fast path does, the result must be the full reader's: the same event, or an error from both.
/// </summary>
public sealed class FlatReaderParityTests
{
    private enum Kind
    {
        String,
        Number,
        Base64,
    }

    // Flat server events of the page, with their members (the discriminator is added separately).
    private static readonly (string Type, (string Name, Kind Kind)[] Members)[] Events =
    [
        ("response.output_audio.delta", [("event_id", Kind.String), ("response_id", Kind.String), ("item_id", Kind.String), ("output_index", Kind.Number), ("content_index", Kind.Number), ("delta", Kind.Base64)]),
        ("response.output_audio_transcript.delta", [("event_id", Kind.String), ("response_id", Kind.String), ("item_id", Kind.String), ("output_index", Kind.Number), ("content_index", Kind.Number), ("delta", Kind.String)]),
        ("input_audio_buffer.speech_started", [("event_id", Kind.String), ("audio_start_ms", Kind.Number), ("item_id", Kind.String)]),
        ("response.output_audio.done", [("event_id", Kind.String), ("response_id", Kind.String), ("item_id", Kind.String), ("output_index", Kind.Number), ("content_index", Kind.Number)]),
    ];

    private static readonly Gen<string> Space = Gen.Frequency((6, Gen.Const("")), (1, Gen.OneOf(" ", "\n", "\t", "\r\n  ")));

    private static readonly Gen<byte[]> StringValue = Gen.Frequency(
        (6, Gen.String[Gen.Char.AlphaNumeric, 0, 16].Select(Quoted)),
        (1, Gen.OneOf("ünïcödé", "日本語", "emoji 😀", "a b").Select(Quoted)),
        (1, Gen.OneOf("a\\\"b", "\\u0041", "x\\/y", "line\\n").Select(escaped => Utf8("\"" + escaped + "\""))),
        (1, Gen.OneOf<byte[]>(
            [(byte)'"', (byte)'a', 0x01, (byte)'"'], // raw control character: invalid JSON
            [(byte)'"', (byte)'a', (byte)'\n', (byte)'"'],
            [(byte)'"', 0xC3, (byte)'"'], // truncated UTF-8
            [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'], // an encoded surrogate
            Utf8("\"unterminated"))));

    private static readonly Gen<byte[]> NumberValue = Gen.Frequency(
        (6, Gen.Int.Select(n => Utf8(n.ToString(CultureInfo.InvariantCulture)))), // the members are ints
        (1, Gen.Long.Select(n => Utf8(n.ToString(CultureInfo.InvariantCulture)))), // mostly beyond an int: an error on both paths
        (2, Gen.OneOf("0", "-0", "1.5", "1e3", "2E-2", "-0.0", "24000.0", "2147483647", "-2147483648", "2147483648", "9007199254740993", "-9223372036854775808", "9223372036854775808", "01", "-", "2.", "+1", "1E400", "0x10").Select(Utf8)));

    private static readonly Gen<byte[]> Base64Value = Gen.Select(Gen.Byte.Array[0, 64], Gen.Int[0, 11], Gen.Int[0, 100]).Select((bytes, variant, at) =>
    {
        var text = Convert.ToBase64String(bytes);
        var cut = text.Length == 0 ? 0 : at % text.Length;
        return variant switch
        {
            <= 3 => Quoted(text),
            4 => Quoted(text.TrimEnd('=')), // unpadded
            5 => Quoted(text.Insert(cut, " ")), // a space, which the base64 decoder skips
            6 => Utf8("\"" + text.Replace("/", "\\/", StringComparison.Ordinal) + "\""), // an escaped slash: valid JSON
            7 => Quoted(text + "QQ==QUJD"), // padding in the middle
            8 => Utf8("\"" + text.Insert(cut, "\n") + "\""), // a raw line break: invalid JSON
            9 => Quoted(text.Insert(cut, "    ")), // white space of a whole block's length
            10 => Utf8("\"" + text.Insert(cut, "\n\t\r ") + "\""), // the same, invalid in JSON
            _ => Quoted(text.Insert(cut, "*")), // not base64
        };
    });

    private static readonly Gen<byte[]> OtherValue = Gen.OneOf("null", "true", "false", "{}", "[1]", "nul", "\"text\"", "12").Select(Utf8);

    private static readonly Gen<byte[]> Document =
        from e in Gen.Int[0, Events.Length - 1]
        // Every member is required: a null, another kind of value or a missing member makes both paths fail, so they
        // are rare enough per member that whole documents often stay valid.
        from values in Gen.Select(StringValue, NumberValue, Base64Value, OtherValue, Gen.Int[0, 39]).Array[Events[e].Members.Length, Events[e].Members.Length]
        from present in Gen.Frequency((40, Gen.Const(true)), (1, Gen.Const(false))).Array[Events[e].Members.Length, Events[e].Members.Length]
        from order in Gen.Int.Array[Events[e].Members.Length + 2, Events[e].Members.Length + 2]
        from typeValue in Gen.Frequency(
            (8, Gen.Const(Quoted(Events[e].Type))),
            (1, Gen.Const(Utf8("\"" + Events[e].Type.Replace("_", "\\u005f", StringComparison.Ordinal) + "\""))),
            (1, Gen.OneOf("\"response.future_event\"", "null", "1").Select(Utf8)))
        from typeFirst in Gen.Frequency((5, Gen.Const(true)), (1, Gen.Const(false)))
        from extra in Gen.Frequency((6, Gen.Const(0)), (1, Gen.Const(1)), (1, Gen.Const(2)))
        from damage in Gen.Frequency((8, Gen.Const(0)), (1, Gen.Int[1, 6]))
        from spaces in Space.Array[16, 16]
        select Build(Events[e], values, present, order, typeValue, typeFirst, extra, damage, spaces);

    [Fact]
    public void The_fast_path_reads_every_document_as_the_full_reader_does()
    {
        var fast = 0;
        var declined = 0;
        Document.Sample(
            json =>
            {
                if (RealtimeServerEvent.TryReadFlat(json, out var flat))
                {
                    fast++;
                    (flat as ResponseAudioDeltaEvent)?.Delta?.Dispose(); // absent when the document leaves it out
                }
                else
                {
                    declined++;
                }

                AssertSameAsFullReader(json);
            },
            iter: 20_000,
            print: json => Encoding.UTF8.GetString(json));

        // Both paths must have been taken often, or the comparison says little (integer members decline fractions, so
        // fewer whole documents take the fast path than before the integer types).
        Assert.True(fast > 1_000, $"only {fast} documents took the fast path");
        Assert.True(declined > 2_000, $"only {declined} documents were declined");
    }

    [Theory]
    [InlineData("""{"type":"response.output_audio.delta","event_id":"e","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"AAEC"}""")]
    [InlineData("""{ "type" : "response.output_audio.delta" , "delta" : "AAE=" , "event_id" : "e" , "item_id" : "i" , "response_id" : "r" , "output_index" : 0 , "content_index" : 1 }""")]
    [InlineData("""{"type":"input_audio_buffer.speech_started","event_id":"é","audio_start_ms":1320,"item_id":"i"}""")]
    [InlineData("{\"type\":\"response.output_audio.done\",\n\t\"event_id\":\"e\",\"output_index\":-7,\"content_index\":0,\"item_id\":\"i\",\"response_id\":\"r\"}\r\n")]
    public void Plain_flat_events_take_the_fast_path(string json)
    {
        Assert.True(RealtimeServerEvent.TryReadFlat(Utf8(json), out _));
        AssertSameAsFullReader(Utf8(json));
    }

    [Theory]
    [InlineData("""{"event_id":"e","type":"response.output_audio.done"}""")] // discriminator not first
    [InlineData("""{"type":"response.output_audio.done","event_id":"e\u0041"}""")] // an escape
    [InlineData("""{"type":"response.output_audio.done","output_index":1.0}""")] // a fraction
    [InlineData("""{"type":"response.output_audio.done","output_index":2147483648}""")] // beyond an int: the full reader names the error
    [InlineData("""{"type":"response.output_audio.done","x_new":1}""")] // a member the page does not define
    [InlineData("""{"type":"response.output_audio.done",}""")] // a trailing comma
    [InlineData("""{"type":"response.output_audio.done"} x""")] // content after the object
    [InlineData("""{"type":"response.output_audio.delta","delta":"AA==AAAA"}""")] // padding in the middle
    [InlineData("""{"type":"response.output_audio.delta","delta":"AA AA"}""")] // a space in base64
    [InlineData("""{"type":"response.done","event_id":"e","response":{}}""")] // a variant with nested members
    [InlineData("""{"type":"response.output_audio.done","event_id":"e","output_index":0}""")] // required members missing: both fail
    [InlineData("""{"type":"response.output_audio.done","event_id":null,"output_index":0,"content_index":0,"item_id":"i","response_id":"r"}""")] // a required member null: both fail
    public void Anything_else_is_declined_to_the_full_reader(string json)
    {
        Assert.False(RealtimeServerEvent.TryReadFlat(Utf8(json), out _));
        AssertSameAsFullReader(Utf8(json));
    }

    [Fact]
    public void A_declined_base64_member_gives_its_pooled_buffer_back()
    {
        // The delta decodes, then the unknown member declines the document: the decoded buffer must not leak, and the
        // full reader still reads the delta and keeps the member.
        var json = Utf8("""{"type":"response.output_audio.delta","delta":"AAECAwQF","x_new":true,"event_id":"e","item_id":"i","response_id":"r","output_index":0,"content_index":0}""");
        Assert.False(RealtimeServerEvent.TryReadFlat(json, out _));
        var read = Assert.IsType<ResponseAudioDeltaEvent>(RealtimeJson.Deserialize<RealtimeServerEvent>(json));
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5 }, read.Delta.Span.ToArray());
        Assert.True(read.ExtensionData!.ContainsName("x_new"));
    }

    private static void AssertSameAsFullReader(byte[] json)
    {
        RealtimeServerEvent? expected = null;
        JsonException? expectedError = null;
        try
        {
            // JsonSerializer goes through the converter: the Utf8JsonReader path only.
            expected = JsonSerializer.Deserialize<RealtimeServerEvent>(json);
        }
        catch (JsonException ex)
        {
            expectedError = ex;
        }

        RealtimeServerEvent? actual = null;
        JsonException? actualError = null;
        try
        {
            actual = RealtimeJson.Deserialize<RealtimeServerEvent>(json);
        }
        catch (JsonException ex)
        {
            actualError = ex;
        }

        var text = Encoding.UTF8.GetString(json);
        Assert.True((expectedError is null) == (actualError is null), $"full reader: {expectedError?.Message ?? "read"}; entry point: {actualError?.Message ?? "read"}; for {text}");
        if (expected is null || actual is null)
        {
            return;
        }

        // The written form holds every value, the explicit nulls and the kept unknown members.
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(RealtimeJson.Serialize(expected), RealtimeJson.Serialize(actual));
    }

    private static byte[] Build(
        (string Type, (string Name, Kind Kind)[] Members) e,
        (byte[] Text, byte[] Number, byte[] Base64, byte[] Other, int Pick)[] values,
        bool[] present,
        int[] order,
        byte[] typeValue,
        bool typeFirst,
        int extra,
        int damage,
        string[] spaces)
    {
        var members = new List<(int Order, byte[] Name, byte[] Value)>();
        for (var i = 0; i < e.Members.Length; i++)
        {
            if (!present[i])
            {
                continue;
            }

            var v = values[i];
            var value = v.Pick switch
            {
                0 => Utf8("null"),
                1 => v.Other,
                _ => e.Members[i].Kind switch
                {
                    Kind.String => v.Text,
                    Kind.Number => v.Number,
                    _ => v.Base64,
                },
            };
            members.Add((order[i], Quoted(e.Members[i].Name), value));
        }

        if (extra == 1)
        {
            members.Add((order[^1], Quoted("x_new"), Utf8("1")));
        }
        else if (extra == 2 && members.Count > 0)
        {
            members.Add((order[^1], members[0].Name, members[0].Value)); // a repeated member
        }

        members.Sort((a, b) => a.Order.CompareTo(b.Order));
        members.Insert(typeFirst ? 0 : members.Count / 2 + (members.Count % 2), (0, Quoted("type"), typeValue));

        var json = new List<byte>();
        var s = 0;
        void Add(string text) => json.AddRange(Utf8(text));
        void Space() => Add(spaces[s++ % spaces.Length]);
        Space();
        Add("{");
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0 && !(damage == 1 && i == 1))
            {
                Add(",");
            }

            Space();
            json.AddRange(members[i].Name);
            Space();
            if (!(damage == 2 && i == 0))
            {
                Add(":");
            }

            Space();
            json.AddRange(members[i].Value);
            Space();
        }

        switch (damage)
        {
            case 3:
                Add(",}");
                break;
            case 4:
                break; // no closing brace
            case 5:
                Add("} x");
                break;
            case 6:
                Add("}}");
                break;
            default:
                Add("}");
                break;
        }

        Space();
        return json.ToArray();
    }

    private static byte[] Quoted(string text) => Utf8("\"" + text + "\"");

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
