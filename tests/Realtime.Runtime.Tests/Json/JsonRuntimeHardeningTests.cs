using System.Buffers;
using System.Text;
using System.Text.Json;

using CsCheck;
using Realtime.Api;

namespace Realtime.Runtime.Tests.Json;

/// <summary>Bad input meets a clear <see cref="JsonException"/> or is kept as received; nothing else escapes.</summary>
public class JsonRuntimeHardeningTests
{
    [Theory]
    [InlineData("""{"type":"\ud800"}""")]
    [InlineData("""{"event_id":"e","type":"\udc00"}""")]
    [InlineData("""{"\ud800":1,"type":"x"}""")]
    [InlineData("""{"type":"x\ud800y"}""")]
    public void Finding_the_type_of_bytes_with_a_lone_surrogate_never_throws(string json)
    {
        Assert.Null(JsonRuntime.FindStringProperty(Encoding.UTF8.GetBytes(json), "type"u8));
        Assert.Equal("", MalformedMessage.FindType(Encoding.UTF8.GetBytes(json), MalformedMessageReason.InvalidJson));
    }

    [Fact]
    public void Finding_the_type_of_invalid_utf8_never_throws()
    {
        byte[] json = [.. "{\"type\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        Assert.Null(JsonRuntime.FindStringProperty(json, "type"u8));
    }

    [Theory]
    [InlineData("1e-400")] // would read as 0
    [InlineData("-2.5e-999")]
    [InlineData("1e400")] // would read as infinity
    [InlineData("-1e309")]
    [InlineData("9007199254740993")] // 2^53 + 1: would round to 2^53
    [InlineData("-9007199254740993")]
    [InlineData("9223372036854775807")] // long.MaxValue rounds to 2^63
    [InlineData("123456789012345678901234567")] // beyond a long, not a double's exact integer
    public void A_double_member_refuses_a_number_it_cannot_hold(string number)
    {
        var error = Assert.Throws<JsonException>(() => ReadDouble(number));
        Assert.Contains("double", error.Message);
    }

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("-0", -0.0)]
    [InlineData("0e-400", 0.0)]
    [InlineData("0.000", 0.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("1e-300", 1e-300)]
    [InlineData("9007199254740992", 9007199254740992.0)] // 2^53: exact
    [InlineData("18014398509481988", 18014398509481988.0)] // 2^54 + 4: exact
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    [InlineData("100000000000000000000", 1e20)] // beyond a long, exact
    [InlineData("90071992547409940", 90071992547409936.0)] // not exact, but what the writer writes for this double
    [InlineData("9223372036854776000", 9223372036854775808.0)] // beyond a long: 2^63's written digits
    public void A_double_member_reads_every_number_it_can_hold(string number, double expected)
    {
        var value = ReadDouble(number);
        Assert.Equal(expected, value);
        Assert.Equal(double.IsNegative(expected), double.IsNegative(value));
    }

    [Fact]
    public void A_double_member_reads_what_the_writer_writes_for_any_double() =>
        Gen.Double.Where(double.IsFinite).Sample(value =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteNumberValue(value);
            }

            Assert.Equal(value, ReadDouble(Encoding.UTF8.GetString(buffer.WrittenSpan)));
        });

    [Fact]
    public void The_flat_reader_declines_an_integer_a_double_cannot_hold()
    {
        var reader = new FlatJsonReader("9007199254740993"u8);
        Assert.False(reader.TryReadDouble(out _));
        reader = new FlatJsonReader("9007199254740992"u8);
        Assert.True(reader.TryReadDouble(out var exact));
        Assert.Equal(9007199254740992.0, exact);
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("{\"a\" : [ 9007199254740993 , \"\\udc00x\" , 1e400 ]}")]
    [InlineData("-0.0e-0")]
    public void Raw_values_are_kept_and_written_back_byte_for_byte(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        var raw = JsonRuntime.ReadRaw(ref reader);
        var expected = Encoding.UTF8.GetBytes(json);
        Assert.Equal(expected, raw);

        var element = JsonRuntime.ParseElement(raw);
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            JsonRuntime.WriteElement(writer, element);
        }

        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_raw_value_that_is_not_utf8_is_refused()
    {
        byte[] json = [(byte)'[', (byte)'"', 0xFF, (byte)'"', (byte)']'];
        Assert.Throws<JsonException>(() =>
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            JsonRuntime.ReadRaw(ref reader);
        });
    }

    [Fact]
    public void Extension_data_keeps_duplicates_in_order_and_compares_by_content()
    {
        var first = ReadExtensions("""{"x":1,"y":"\ud800","x":9007199254740993}""");
        var second = ReadExtensions("""{"x":1,"y":"\ud800","x":9007199254740993}""");
        Assert.Equal(["x", "y", "x"], first.Select(m => m.Name));
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.True(EqualityComparer<JsonExtensionData>.Default.Equals(first, second));
        Assert.NotEqual(first, ReadExtensions("""{"x":1,"y":"\ud800","x":9007199254740992}"""));
        Assert.NotEqual(first, ReadExtensions("""{"x":9007199254740993,"y":"\ud800","x":1}"""));
        Assert.True(first.TryGetValue("x", out var last));
        Assert.Equal("9007199254740993", Encoding.UTF8.GetString(last.Span));
        Assert.False(first.ContainsName("z"));

        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            JsonRuntime.WriteExtensionData(writer, first);
            writer.WriteEndObject();
        }

        Assert.Equal("""{"x":1,"y":"\ud800","x":9007199254740993}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Extension_data_members_made_by_hand_must_be_one_json_value()
    {
        Assert.Throws<ArgumentException>(() => new JsonExtensionMember("a", "1 2"u8.ToArray()));
        Assert.Throws<ArgumentException>(() => new JsonExtensionMember("a", "{"u8.ToArray()));
        var made = new JsonExtensionData([new JsonExtensionMember("a", "[1]"u8.ToArray()), JsonExtensionMember.FromElement("b", JsonDocument.Parse("true").RootElement)]);
        Assert.Equal(ReadExtensions("""{"a":[1],"b":true}"""), made);
    }

    [Fact]
    public void An_unknown_member_name_that_is_not_valid_text_is_a_json_error()
    {
        Assert.Throws<JsonException>(() => ReadExtensions("""{"\ud800":1}"""));
    }

    private static double ReadDouble(string number)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(number));
        reader.Read();
        return JsonRuntime.ReadDouble(ref reader);
    }

    private static JsonExtensionData ReadExtensions(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        JsonExtensionData? data = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            JsonRuntime.ReadExtension(ref reader, ref data);
        }

        return data!;
    }
}
