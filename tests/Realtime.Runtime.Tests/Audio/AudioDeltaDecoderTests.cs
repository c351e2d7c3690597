using System.Text;
using System.Text.Json;
using CsCheck;
using Realtime.Api.Audio;

namespace Realtime.Runtime.Tests.Audio;

public class AudioDeltaDecoderTests
{
    [Fact]
    public void Utf8_string_and_reader_forms_round_trip_any_bytes_into_pooled_buffers()
    {
        Gen.Byte.Array[0, 9000].Sample(pcm =>
        {
            string base64 = Convert.ToBase64String(pcm);
            using (PooledAudioBuffer fromUtf8 = AudioDeltaDecoder.Decode(Encoding.ASCII.GetBytes(base64)))
                Assert.Equal(pcm, fromUtf8.Span.ToArray());
            using (PooledAudioBuffer fromString = AudioDeltaDecoder.Decode(base64))
                Assert.Equal(pcm, fromString.Memory.ToArray());

            byte[] json = Encoding.UTF8.GetBytes($$"""{"type":"response.output_audio.delta","delta":"{{base64}}"}""");
            var reader = new Utf8JsonReader(json);
            while (reader.Read() && !(reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("delta"u8))) { }
            reader.Read();
            using PooledAudioBuffer fromReader = AudioDeltaDecoder.Decode(ref reader);
            Assert.Equal(pcm, fromReader.Span.ToArray());
        }, iter: 100);
    }

    [Fact]
    public void Escaped_json_values_are_unescaped_before_decoding()
    {
        byte[] pcm = [0xFF, 0xFF, 0xFF, 0xFB, 0xEF, 0xBE]; // base64 "////++++"
        byte[] json = """{"delta":"\/\/\/\/++\u002b+"}"""u8.ToArray();
        var reader = new Utf8JsonReader(json);
        reader.Read();
        reader.Read();
        reader.Read();
        Assert.True(reader.ValueIsEscaped);
        using PooledAudioBuffer decoded = AudioDeltaDecoder.Decode(ref reader);
        Assert.Equal(pcm, decoded.Span.ToArray());
    }

    [Theory]
    [InlineData("AAE")]        // incomplete group
    [InlineData("AA=E")]       // padding in the middle
    [InlineData("AAAA$AAA")]   // outside the alphabet
    public void Invalid_base64_throws_a_format_exception_naming_the_problem(string bad)
    {
        var utf8 = Assert.Throws<FormatException>(() => AudioDeltaDecoder.Decode(Encoding.ASCII.GetBytes(bad)));
        Assert.Contains("not valid base64", utf8.Message);
        var chars = Assert.Throws<FormatException>(() => AudioDeltaDecoder.Decode(bad.AsSpan()));
        Assert.Contains("not valid base64", chars.Message);
    }

    [Fact]
    public void Span_destinations_and_misuse_give_clear_errors()
    {
        var destination = new byte[AudioDeltaDecoder.GetMaxDecodedLength(8)];
        Assert.Equal(6, destination.Length);
        Assert.Equal(5, AudioDeltaDecoder.Decode("AQIDBAU="u8, destination));
        Assert.Equal(5, AudioDeltaDecoder.Decode("AQIDBAU=".AsSpan(), destination));
        Assert.Throws<ArgumentException>(() => AudioDeltaDecoder.Decode("AQIDBAU="u8, new byte[2]));
        Assert.Throws<ArgumentException>(() => AudioDeltaDecoder.Decode("AQIDBAU=".AsSpan(), new byte[2]));

        var reader = new Utf8JsonReader("""{"delta":12}"""u8);
        reader.Read(); reader.Read(); reader.Read();
        try
        {
            AudioDeltaDecoder.Decode(ref reader);
            Assert.Fail("expected InvalidOperationException");
        }
        catch (InvalidOperationException error)
        {
            Assert.Contains("Number", error.Message);
        }

        PooledAudioBuffer buffer = AudioDeltaDecoder.Decode("AQID"u8);
        buffer.Dispose();
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.Span.Length);
        using PooledAudioBuffer empty = AudioDeltaDecoder.Decode(""u8);
        Assert.Equal(0, empty.Length);
    }
}
