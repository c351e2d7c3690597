using Realtime.Api.Audio;

namespace Realtime.Runtime.Tests.Audio;

/// <summary>
/// Exhaustive checks against a reference built here from the G.711 quantisation tables (segment end points, step
/// sizes, reconstruction at interval mid-points, sign/inversion rules), not from the code under test.
/// </summary>
public class G711Tests
{
    // µ-law (Table 2a): segment end points in the 14-bit magnitude domain; segment s has steps of 2^(s+1),
    // segment 0 starts with a half-width interval.
    private static readonly int[] s_muLawSegmentEnds = [31, 95, 223, 479, 991, 2015, 4063, 8159];

    // A-law (Table 1a): segment end points in the 12-bit magnitude domain; steps 1, 1, 2, 4, … 64.
    private static readonly int[] s_aLawSegmentEnds = [16, 32, 64, 128, 256, 512, 1024, 2048];

    private static byte ReferenceMuLawEncode(int x)
    {
        bool negative = x < 0;
        int magnitude = (negative ? -x - 1 : x) / 4; // sign-magnitude by one's complement, 14 bits
        int segment = Array.FindIndex(s_muLawSegmentEnds, end => magnitude < end);
        int interval;
        if (segment < 0)
        {
            segment = 7; // overload: the last interval
            interval = 15;
        }
        else
        {
            interval = segment == 0 ? (magnitude + 1) / 2 : (magnitude - s_muLawSegmentEnds[segment - 1]) / (2 << segment);
        }
        return (byte)(0xFF ^ ((negative ? 0x80 : 0) | (segment * 16 + interval)));
    }

    private static int ReferenceMuLawDecode(byte code)
    {
        int bits = 0xFF ^ code;
        bool negative = (bits & 0x80) != 0;
        int segment = (bits >> 4) & 7, interval = bits & 15;
        int step = 2 << segment;
        int value = segment == 0 ? 2 * interval : s_muLawSegmentEnds[segment - 1] + step * interval + step / 2;
        return (negative ? -value : value) * 4;
    }

    private static byte ReferenceALawEncode(int x)
    {
        bool negative = x < 0;
        int magnitude = (negative ? -x - 1 : x) / 16; // 12 bits
        int segment = Array.FindIndex(s_aLawSegmentEnds, end => magnitude < end);
        int start = segment == 0 ? 0 : s_aLawSegmentEnds[segment - 1];
        int step = segment <= 1 ? 1 : 1 << (segment - 1);
        int interval = (magnitude - start) / step;
        return (byte)(((negative ? 0 : 0x80) | (segment * 16 + interval)) ^ 0x55);
    }

    private static int ReferenceALawDecode(byte code)
    {
        int bits = code ^ 0x55;
        bool negative = (bits & 0x80) == 0;
        int segment = (bits >> 4) & 7, interval = bits & 15;
        int start = segment == 0 ? 0 : s_aLawSegmentEnds[segment - 1];
        int step = segment <= 1 ? 1 : 1 << (segment - 1);
        // Mid-point of the interval, in 16-bit units (16 per 12-bit step).
        int value = start * 16 + step * interval * 16 + step * 8;
        return negative ? -value : value;
    }

    [Fact]
    public void MuLaw_encodes_all_65536_inputs_like_the_standard_tables()
    {
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            byte expected = ReferenceMuLawEncode(x);
            byte actual = G711.LinearToMuLaw((short)x);
            if (actual != expected)
                Assert.Fail($"µ-law encode({x}) = 0x{actual:X2}, expected 0x{expected:X2}");
        }
    }

    [Fact]
    public void ALaw_encodes_all_65536_inputs_like_the_standard_tables()
    {
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            byte expected = ReferenceALawEncode(x);
            byte actual = G711.LinearToALaw((short)x);
            if (actual != expected)
                Assert.Fail($"A-law encode({x}) = 0x{actual:X2}, expected 0x{expected:X2}");
        }
    }

    [Fact]
    public void Both_laws_decode_all_256_codes_like_the_standard_tables()
    {
        for (int code = 0; code < 256; code++)
        {
            Assert.Equal(ReferenceMuLawDecode((byte)code), G711.MuLawToLinear((byte)code));
            Assert.Equal(ReferenceALawDecode((byte)code), G711.ALawToLinear((byte)code));
        }
    }

    [Fact]
    public void Decoded_codes_encode_back_to_the_same_value()
    {
        for (int code = 0; code < 256; code++)
        {
            short mu = G711.MuLawToLinear((byte)code);
            Assert.Equal(mu, G711.MuLawToLinear(G711.LinearToMuLaw(mu)));
            short a = G711.ALawToLinear((byte)code);
            Assert.Equal((byte)code, G711.LinearToALaw(a)); // A-law has no negative zero: codes map one to one
        }
    }

    [Theory]
    [InlineData(0, 0xFF, 0xD5)]
    [InlineData(-1, 0x7F, 0x55)]
    [InlineData(32767, 0x80, 0xAA)]
    [InlineData(-32768, 0x00, 0x2A)]
    public void Well_known_codes(short sample, byte muLaw, byte aLaw)
    {
        Assert.Equal(muLaw, G711.LinearToMuLaw(sample));
        Assert.Equal(aLaw, G711.LinearToALaw(sample));
    }

    [Theory]
    [InlineData(0x00, -32124)]
    [InlineData(0x80, 32124)]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    public void Well_known_mu_law_values(byte code, short value) => Assert.Equal(value, G711.MuLawToLinear(code));

    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    public void Well_known_a_law_values(byte code, short value) => Assert.Equal(value, G711.ALawToLinear(code));

    [Fact]
    public void Span_forms_match_the_scalar_forms_on_every_sample()
    {
        var samples = new short[65536];
        var bytes = new byte[2 * samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(i + short.MinValue);
            bytes[2 * i] = (byte)samples[i];
            bytes[2 * i + 1] = (byte)(samples[i] >> 8);
        }
        var fromShorts = new byte[samples.Length];
        var fromBytes = new byte[samples.Length];

        G711.EncodeMuLaw(samples, fromShorts);
        G711.EncodeMuLaw(bytes, fromBytes);
        for (int i = 0; i < samples.Length; i++)
            Assert.Equal(G711.LinearToMuLaw(samples[i]), fromShorts[i]);
        Assert.Equal(fromShorts, fromBytes);

        G711.EncodeALaw(samples, fromShorts);
        G711.EncodeALaw(bytes, fromBytes);
        for (int i = 0; i < samples.Length; i++)
            Assert.Equal(G711.LinearToALaw(samples[i]), fromShorts[i]);
        Assert.Equal(fromShorts, fromBytes);

        byte[] codes = Enumerable.Range(0, 256).Select(c => (byte)c).ToArray();
        var decoded = new short[256];
        var decodedBytes = new byte[512];
        G711.DecodeMuLaw(codes, decoded);
        G711.DecodeMuLaw(codes, decodedBytes);
        for (int c = 0; c < 256; c++)
        {
            Assert.Equal(G711.MuLawToLinear((byte)c), decoded[c]);
            Assert.Equal(decoded[c], (short)(decodedBytes[2 * c] | decodedBytes[2 * c + 1] << 8));
        }
        G711.DecodeALaw(codes, decoded);
        G711.DecodeALaw(codes, decodedBytes);
        for (int c = 0; c < 256; c++)
        {
            Assert.Equal(G711.ALawToLinear((byte)c), decoded[c]);
            Assert.Equal(decoded[c], (short)(decodedBytes[2 * c] | decodedBytes[2 * c + 1] << 8));
        }
    }

    [Fact]
    public void Bad_buffer_sizes_are_rejected_with_clear_errors()
    {
        var odd = Assert.Throws<ArgumentException>(() => G711.EncodeMuLaw(new byte[3], new byte[2]));
        Assert.Contains("2-byte samples", odd.Message);
        Assert.Throws<ArgumentException>(() => G711.EncodeALaw(new short[4], new byte[3]));
        Assert.Throws<ArgumentException>(() => G711.DecodeMuLaw(new byte[4], new byte[7]));
        Assert.Throws<ArgumentException>(() => G711.DecodeALaw(new byte[4], new short[3]));
    }
}
