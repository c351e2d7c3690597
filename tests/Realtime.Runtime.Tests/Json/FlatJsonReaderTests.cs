using System.Text;
using Realtime.Api;

namespace Realtime.Runtime.Tests.Json;

/// <summary>
/// <see cref="FlatJsonReader"/> value by value: what it reads, and what it declines to the full reader. (The generated
/// readers over it are checked against <c>Utf8JsonReader</c> on generated documents in the API tests.)
/// </summary>
public sealed class FlatJsonReaderTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-7", -7L)]
    [InlineData(" 1320 ", 1320L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("999999999999999999", 999_999_999_999_999_999L)] // the most digits read while scanning
    [InlineData("-999999999999999999", -999_999_999_999_999_999L)]
    [InlineData("1000000000000000000", 1_000_000_000_000_000_000L)] // one more: parsed after the scan
    [InlineData("-1000000000000000001", -1_000_000_000_000_000_001L)]
    public void Integers_are_read(string json, long expected)
    {
        var reader = Member(json);
        Assert.True(reader.TryReadInt64(out var value));
        Assert.Equal(expected, value);
        Assert.False(reader.TryNextMember(out _));
        Assert.False(reader.Failed);
    }

    [Theory]
    [InlineData("9223372036854775808")] // overflow
    [InlineData("-9223372036854775809")]
    [InlineData("18446744073709551616")] // wraps an unsigned 64-bit accumulator to 0
    [InlineData("01")] // leading zero
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("-")]
    [InlineData("+1")]
    [InlineData("\"1\"")]
    public void Other_numbers_are_declined(string json)
    {
        var reader = Member(json);
        Assert.False(reader.TryReadInt64(out _));
    }

    [Fact]
    public void Negative_zero_is_declined_as_a_double_so_that_its_sign_is_kept()
    {
        Assert.False(Member("-0").TryReadDouble(out _));
        var reader = Member("0");
        Assert.True(reader.TryReadDouble(out var zero));
        Assert.False(double.IsNegative(zero));
    }

    [Theory]
    [InlineData("\"\"", "")]
    [InlineData("\"AA==\"", "00")]
    [InlineData("\"AAE=\"", "0001")]
    [InlineData("\"AAEC\"", "000102")]
    [InlineData("\"AAECAw\"", null)] // unpadded: the full reader's decoder refuses it too
    [InlineData("\"AA==AAAA\"", null)] // padding before the end
    [InlineData("\"AA AA\"", null)] // white space is left to the full reader
    [InlineData("\"AA\\/A\"", null)] // an escape
    [InlineData("\"AAEC", null)] // no closing quote
    [InlineData("\"A*EC\"", null)]
    public void Base64_is_decoded_up_to_the_closing_quote(string json, string? expectedHex)
    {
        var reader = Member(json);
        var read = reader.TryReadBase64(out var data);
        Assert.Equal(expectedHex is not null, read);
        if (data is not null)
        {
            Assert.Equal(expectedHex, Convert.ToHexString(data.Span));
            data.Dispose();
            Assert.False(reader.TryNextMember(out _));
            Assert.False(reader.Failed);
        }
    }

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"ünï 日本\"", "ünï 日本")]
    [InlineData("\"a\\\"b\"", null)] // escapes go to the full reader
    [InlineData("\"tab\there\"", null)] // a raw control character is invalid JSON
    public void Strings_without_escapes_are_read(string json, string? expected)
    {
        var reader = Member(json);
        Assert.Equal(expected is not null, reader.TryReadString(out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Invalid_utf8_is_declined()
    {
        var reader = new FlatJsonReader([(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, (byte)'"', (byte)'}']);
        Assert.True(reader.TryStartObject());
        Assert.True(reader.TryNextMember(out _));
        Assert.False(reader.TryReadString(out _));
    }

    [Theory]
    [InlineData("""{"a":null,"b":true,"c":false}""", true)]
    [InlineData("""{"a":nullx}""", false)]
    [InlineData("""{"a":true,}""", false)]
    [InlineData("""{"a":true "b":false}""", false)]
    [InlineData("""{"a" true}""", false)]
    public void A_member_list_ends_at_its_brace_or_fails(string json, bool valid)
    {
        var reader = new FlatJsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.TryStartObject());
        var ok = true;
        while (reader.TryNextMember(out _))
        {
            ok &= reader.TryReadNull() || reader.TryReadBoolean(out _);
        }

        Assert.Equal(valid, ok && !reader.Failed && reader.IsAtEnd());
    }

    [Fact]
    public void The_leading_discriminator_is_read_in_place()
    {
        var reader = new FlatJsonReader(" { \"type\" : \"a.b\" , \"x\" : 1 } "u8);
        Assert.True(reader.TryReadLeadingString("type"u8, out var tag));
        Assert.Equal("a.b", Encoding.UTF8.GetString(tag));
        Assert.True(reader.TryNextMember(out var name));
        Assert.Equal("x", Encoding.UTF8.GetString(name));
        Assert.True(reader.TryReadInt64(out var x));
        Assert.Equal(1, x);
        Assert.False(reader.TryNextMember(out _));
        Assert.True(reader.IsAtEnd());
        Assert.False(new FlatJsonReader("{\"other\":\"a\",\"type\":\"b\"}"u8).TryReadLeadingString("type"u8, out _));
    }

    // {"v": <json>} with the reader on the value.
    private static FlatJsonReader Member(string json)
    {
        var reader = new FlatJsonReader(Encoding.UTF8.GetBytes("{\"v\":" + json + "}"));
        Assert.True(reader.TryStartObject());
        Assert.True(reader.TryNextMember(out _));
        return reader;
    }
}
