using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Realtime.Api.Audio;

/// <summary>
/// ITU-T G.711 µ-law and A-law codecs for 16-bit linear PCM, bit-exact with the ITU-T G.191 reference
/// implementation: µ-law works on the top 14 bits with a bias of 33, A-law on the top 13 bits (12-bit magnitude),
/// negative samples take their magnitude by one's complement (so <c>x</c> and <c>-x-1</c> share a magnitude),
/// µ-law inverts all code bits and A-law inverts the even bits (XOR 0x55). Decoded values are scaled back to 16 bits.
/// </summary>
public static class G711
{
    // Encoding depends only on the top 14 (µ-law) / 13 (A-law) bits of the sample, so a table over those bits is exact.
    private static readonly byte[] s_muLawEncode = BuildEncodeTable(14, EncodeMuLawFormula);
    private static readonly byte[] s_aLawEncode = BuildEncodeTable(13, EncodeALawFormula);
    private static readonly short[] s_muLawDecode = BuildDecodeTable(DecodeMuLawFormula);
    private static readonly short[] s_aLawDecode = BuildDecodeTable(DecodeALawFormula);

    /// <summary>Encodes one 16-bit sample to a µ-law code.</summary>
    public static byte LinearToMuLaw(short sample) => s_muLawEncode[(ushort)sample >> 2];

    /// <summary>Decodes one µ-law code to a 16-bit sample (range ±32124).</summary>
    public static short MuLawToLinear(byte code) => s_muLawDecode[code];

    /// <summary>Encodes one 16-bit sample to an A-law code.</summary>
    public static byte LinearToALaw(short sample) => s_aLawEncode[(ushort)sample >> 3];

    /// <summary>Decodes one A-law code to a 16-bit sample (range ±32256).</summary>
    public static short ALawToLinear(byte code) => s_aLawDecode[code];

    /// <summary>Encodes samples to µ-law; <paramref name="destination"/> needs one byte per sample.</summary>
    public static void EncodeMuLaw(ReadOnlySpan<short> samples, Span<byte> destination) => Encode(samples, destination, s_muLawEncode, 2);

    /// <summary>Encodes samples to A-law; <paramref name="destination"/> needs one byte per sample.</summary>
    public static void EncodeALaw(ReadOnlySpan<short> samples, Span<byte> destination) => Encode(samples, destination, s_aLawEncode, 3);

    /// <summary>Decodes µ-law codes; <paramref name="destination"/> needs one sample per code.</summary>
    public static void DecodeMuLaw(ReadOnlySpan<byte> codes, Span<short> destination) => Decode(codes, destination, s_muLawDecode);

    /// <summary>Decodes A-law codes; <paramref name="destination"/> needs one sample per code.</summary>
    public static void DecodeALaw(ReadOnlySpan<byte> codes, Span<short> destination) => Decode(codes, destination, s_aLawDecode);

    /// <summary>Encodes PCM16 little-endian bytes (even length) to µ-law; one output byte per sample.</summary>
    public static void EncodeMuLaw(ReadOnlySpan<byte> pcm16LittleEndian, Span<byte> destination) =>
        EncodeBytes(pcm16LittleEndian, destination, s_muLawEncode, 2);

    /// <summary>Encodes PCM16 little-endian bytes (even length) to A-law; one output byte per sample.</summary>
    public static void EncodeALaw(ReadOnlySpan<byte> pcm16LittleEndian, Span<byte> destination) =>
        EncodeBytes(pcm16LittleEndian, destination, s_aLawEncode, 3);

    /// <summary>Decodes µ-law codes to PCM16 little-endian bytes (two output bytes per code).</summary>
    public static void DecodeMuLaw(ReadOnlySpan<byte> codes, Span<byte> pcm16LittleEndian) => DecodeBytes(codes, pcm16LittleEndian, s_muLawDecode);

    /// <summary>Decodes A-law codes to PCM16 little-endian bytes (two output bytes per code).</summary>
    public static void DecodeALaw(ReadOnlySpan<byte> codes, Span<byte> pcm16LittleEndian) => DecodeBytes(codes, pcm16LittleEndian, s_aLawDecode);

    private static void Encode(ReadOnlySpan<short> samples, Span<byte> destination, byte[] table, int shift)
    {
        if (destination.Length < samples.Length)
            throw new ArgumentException($"The destination holds {destination.Length} bytes but {samples.Length} samples need one each.", nameof(destination));
        for (int i = 0; i < samples.Length; i++)
            destination[i] = table[(ushort)samples[i] >> shift];
    }

    private static void Decode(ReadOnlySpan<byte> codes, Span<short> destination, short[] table)
    {
        if (destination.Length < codes.Length)
            throw new ArgumentException($"The destination holds {destination.Length} samples but there are {codes.Length} codes.", nameof(destination));
        for (int i = 0; i < codes.Length; i++)
            destination[i] = table[codes[i]];
    }

    private static void EncodeBytes(ReadOnlySpan<byte> pcm, Span<byte> destination, byte[] table, int shift)
    {
        if ((pcm.Length & 1) != 0)
            throw new ArgumentException($"PCM16 input must be a whole number of 2-byte samples; got {pcm.Length} bytes.", nameof(pcm));
        int count = pcm.Length / 2;
        if (destination.Length < count)
            throw new ArgumentException($"The destination holds {destination.Length} bytes but {count} samples need one each.", nameof(destination));
        for (int i = 0; i < count; i++)
            destination[i] = table[BinaryPrimitives.ReadUInt16LittleEndian(pcm.Slice(2 * i)) >> shift];
    }

    private static void DecodeBytes(ReadOnlySpan<byte> codes, Span<byte> pcm, short[] table)
    {
        if (pcm.Length < 2 * codes.Length)
            throw new ArgumentException($"The destination holds {pcm.Length} bytes but {codes.Length} codes need two each.", nameof(pcm));
        if (BitConverter.IsLittleEndian)
        {
            Decode(codes, MemoryMarshal.Cast<byte, short>(pcm), table);
            return;
        }
        for (int i = 0; i < codes.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(pcm.Slice(2 * i), table[codes[i]]);
    }

    // µ-law (G.191 ulaw_compress): 14-bit magnitude + 33, clipped to 13 bits; the segment is the position of the
    // highest set bit above bit 5, the mantissa the 4 bits below it; all bits inverted, sign bit set for x >= 0.
    private static byte EncodeMuLawFormula(short sample)
    {
        int signMask = sample >> 15;
        int magnitude = Math.Min(((sample ^ signMask) >> 2) + 33, 0x1FFF);
        int segment = 26 - BitOperations.LeadingZeroCount((uint)magnitude);
        int mantissa = (magnitude >> (segment + 1)) & 0xF;
        int code = (segment << 4) | mantissa;
        return (byte)(signMask == 0 ? 0xFF ^ code : 0x7F ^ code);
    }

    private static short DecodeMuLawFormula(byte code)
    {
        int inverted = ~code;
        int segment = (inverted >> 4) & 7;
        int mantissa = inverted & 0xF;
        int magnitude = ((((mantissa << 1) + 33) << segment) - 33) << 2;
        return (short)((inverted & 0x80) != 0 ? -magnitude : magnitude);
    }

    // A-law (G.191 alaw_compress): 12-bit magnitude; below 32 the code is the magnitude itself (segments 0 and 1),
    // above it the segment is the highest set bit position - 3 and the mantissa the 4 bits below it; XOR 0x55.
    private static byte EncodeALawFormula(short sample)
    {
        int signMask = sample >> 15;
        int magnitude = (sample ^ signMask) >> 4;
        int code;
        if (magnitude < 32)
        {
            code = magnitude;
        }
        else
        {
            int segment = 28 - BitOperations.LeadingZeroCount((uint)magnitude);
            code = (segment << 4) | ((magnitude >> (segment - 1)) & 0xF);
        }
        if (signMask == 0)
            code |= 0x80;
        return (byte)(code ^ 0x55);
    }

    private static short DecodeALawFormula(byte code)
    {
        int bits = (code ^ 0x55) & 0x7F;
        int segment = bits >> 4;
        int mantissa = bits & 0xF;
        if (segment > 0)
            mantissa += 16;
        int magnitude = (mantissa << 4) + 8;
        if (segment > 1)
            magnitude <<= segment - 1;
        return (short)((code & 0x80) != 0 ? magnitude : -magnitude);
    }

    private static byte[] BuildEncodeTable(int significantBits, Func<short, byte> encode)
    {
        int shift = 16 - significantBits;
        var table = new byte[1 << significantBits];
        for (int i = 0; i < table.Length; i++)
            table[i] = encode((short)(i << shift));
        return table;
    }

    private static short[] BuildDecodeTable(Func<byte, short> decode)
    {
        var table = new short[256];
        for (int i = 0; i < 256; i++)
            table[i] = decode((byte)i);
        return table;
    }
}
