using System.Buffers.Binary;
using Realtime.Api.Audio;

namespace Realtime.Runtime.Tests.Audio;

public class WavFileTests
{
    public static TheoryData<AudioEncoding, int, int> Formats => new()
    {
        { AudioEncoding.Pcm16, 24_000, 1 }, { AudioEncoding.Pcm16, 44_100, 2 }, { AudioEncoding.Pcm16, 8_000, 6 },
        { AudioEncoding.MuLaw, 8_000, 1 }, { AudioEncoding.ALaw, 8_000, 1 }, { AudioEncoding.MuLaw, 8_000, 2 },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Round_trips_through_stream_and_incremental_writer(AudioEncoding encoding, int rate, int channels)
    {
        var format = new AudioFormat(encoding, rate, channels);
        byte[] data = new byte[format.BlockAlign * 333];
        new Random(rate + channels).NextBytes(data);

        var stream = new MemoryStream();
        WavFile.Write(stream, format, data);
        Assert.Equal(0, stream.Length % 2); // odd data is padded
        WavAudio read = WavFile.Read(stream.ToArray());
        Assert.Equal(format, read.Format);
        Assert.Equal(data, read.Data.ToArray());

        var incremental = new MemoryStream();
        using (var writer = new WavWriter(incremental, format, leaveOpen: true))
        {
            writer.Write(data.AsSpan(0, 1));
            writer.Write(data.AsSpan(1));
            Assert.Equal(data.Length, writer.DataLength);
        }
        Assert.Equal(stream.ToArray(), incremental.ToArray());
        incremental.Position = 0;
        Assert.Equal(data, WavFile.Read(incremental).Data.ToArray());
    }

    [Fact]
    public void Files_on_disk_round_trip_and_report_duration()
    {
        string path = Path.Combine(Path.GetTempPath(), $"realtime-wav-{Guid.NewGuid():N}.wav");
        try
        {
            byte[] data = AudioTestSignals.ToBytes(AudioTestSignals.Sine(440, 24_000, 12_000, 5000));
            WavFile.Write(path, AudioFormat.Pcm16Realtime, data);
            WavAudio audio = WavFile.Read(path);
            Assert.Equal(TimeSpan.FromMilliseconds(500), audio.Duration);
            using (var writer = new WavWriter(path, AudioFormat.Pcm16Realtime))
                writer.Write(data);
            Assert.Equal(data, WavFile.Read(path).Data.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unknown_chunks_are_skipped_including_odd_sized_ones_with_their_pad_byte()
    {
        byte[] data = [1, 0, 2, 0];
        byte[] file = Build(Fmt(1, 1, 16_000, 16), Chunk("LIST", [7, 7, 7]), Chunk("data", data));
        WavAudio audio = WavFile.Read(file);
        Assert.Equal(new AudioFormat(AudioEncoding.Pcm16, 16_000), audio.Format);
        Assert.Equal(data, audio.Data.ToArray());
    }

    [Fact]
    public void Extensible_pcm16_and_mu_law_are_read()
    {
        Assert.Equal(new AudioFormat(AudioEncoding.Pcm16, 48_000, 2), WavFile.Read(Build(Extensible(2, 48_000, 16, subFormatTag: 1), Chunk("data", new byte[8]))).Format);
        Assert.Equal(AudioFormat.G711MuLaw, WavFile.Read(Build(Extensible(1, 8_000, 8, subFormatTag: 7), Chunk("data", new byte[3]))).Format);
    }

    [Fact]
    public void Unknown_data_length_placeholder_means_to_the_end_of_the_file()
    {
        byte[] file = Build(Fmt(1, 1, 24_000, 16), Chunk("data", [5, 0, 6, 0]));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 8), 0xFFFFFFFF);
        Assert.Equal(4, WavFile.Read(file).Data.Length);
    }

    public static TheoryData<string, byte[]> BadFiles => new()
    {
        { "shorter than the 12-byte RIFF header", [0x52, 0x49, 0x46] },
        { "does not start with a RIFF header", Build(Fmt(1, 1, 8000, 16), Chunk("data", new byte[2]))[..12].Select((b, i) => i == 0 ? (byte)'X' : b).ToArray() },
        { "RF64", [.. "RF64"u8, 0, 0, 0, 0, .. "WAVE"u8] },
        { "IEEE float", Build(Fmt(3, 1, 48_000, 32), Chunk("data", new byte[8])) },
        { "24-bit PCM", Build(Fmt(1, 1, 48_000, 24), Chunk("data", new byte[6])) },
        { "8-bit PCM", Build(Fmt(1, 1, 8_000, 8), Chunk("data", new byte[6])) },
        { "format tag 0x0055", Build(Fmt(0x55, 1, 8_000, 0), Chunk("data", new byte[6])) },
        { "sub-format GUID", Build(Extensible(1, 48_000, 16, subFormatTag: 1, brokenGuid: true), Chunk("data", new byte[8])) },
        { "32-bit IEEE float", Build(Extensible(1, 48_000, 32, subFormatTag: 3), Chunk("data", new byte[8])) },
        { "needs 40 bytes", Build(Fmt(0xFFFE, 1, 48_000, 16), Chunk("data", new byte[8])) },
        { "fewer than the 16", Build(Chunk("fmt ", new byte[10]), Chunk("data", new byte[2])) },
        { "comes before the \"fmt \" chunk", Build(Chunk("data", new byte[2]), Fmt(1, 1, 8000, 16)) },
        { "no \"fmt \" chunk", Build(Chunk("LIST", new byte[2])) },
        { "no \"data\" chunk", Build(Fmt(1, 1, 8000, 16)) },
        { "declares 100 bytes but only 4 follow", Build(Fmt(1, 1, 8000, 16), Chunk("data", new byte[4], declaredSize: 100)) },
        { "not a whole number of 2-byte sample frames", Build(Fmt(1, 1, 8000, 16), Chunk("data", new byte[3])) },
        { "block align 3", Build(Fmt(1, 1, 8000, 16, blockAlign: 3), Chunk("data", new byte[6])) },
        { "0 channels", Build(Fmt(1, 0, 8000, 16), Chunk("data", new byte[6])) },
        { "sample rate 0 Hz", Build(Fmt(1, 1, 0, 16), Chunk("data", new byte[6])) },
        { "\"fmt \" chunk declares 400 bytes", Build(Chunk("fmt ", new byte[16], declaredSize: 400)) },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Unsupported_or_broken_files_fail_with_a_message_naming_the_problem(string expected, byte[] file)
    {
        var error = Assert.Throws<InvalidDataException>(() => WavFile.Read(file));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Writers_refuse_partial_frames_and_unseekable_streams()
    {
        Assert.Throws<ArgumentException>(() => WavFile.Write(new MemoryStream(), AudioFormat.Pcm16Realtime, new byte[3]));
        var stream = new MemoryStream();
        var writer = new WavWriter(stream, AudioFormat.Pcm16Realtime, leaveOpen: true);
        writer.Write([1]);
        Assert.Throws<InvalidOperationException>(writer.Complete);
        writer.Write([2]);
        writer.Complete();
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.Write([3]));
        Assert.Equal([1, 2], WavFile.Read(stream.ToArray()).Data.ToArray());
        Assert.Throws<ArgumentException>(() => new WavWriter(new UnseekableStream(), AudioFormat.Pcm16Realtime));
    }

    private static byte[] Build(params byte[][] chunks)
    {
        byte[] body = chunks.SelectMany(c => c).ToArray();
        byte[] file = new byte[12 + body.Length];
        "RIFF"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(4 + body.Length));
        "WAVE"u8.CopyTo(file.AsSpan(8));
        body.CopyTo(file, 12);
        return file;
    }

    private static byte[] Chunk(string id, byte[] body, uint? declaredSize = null)
    {
        byte[] chunk = new byte[8 + body.Length + (body.Length & 1)];
        System.Text.Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), declaredSize ?? (uint)body.Length);
        body.CopyTo(chunk, 8);
        return chunk;
    }

    private static byte[] Fmt(ushort tag, ushort channels, uint rate, ushort bits, ushort? blockAlign = null)
    {
        byte[] fmt = new byte[16];
        ushort align = blockAlign ?? (ushort)(channels * Math.Max(1, bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), rate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), rate * align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), bits);
        return Chunk("fmt ", fmt);
    }

    private static byte[] Extensible(ushort channels, uint rate, ushort bits, ushort subFormatTag, bool brokenGuid = false)
    {
        byte[] fmt = new byte[40];
        Fmt(0xFFFE, channels, rate, bits).AsSpan(8, 16).CopyTo(fmt);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);    // cbSize
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), bits);  // valid bits
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), subFormatTag);
        byte[] suffix = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        suffix.CopyTo(fmt, 26);
        if (brokenGuid)
            fmt[30] ^= 0xFF;
        return Chunk("fmt ", fmt);
    }

    private sealed class UnseekableStream : MemoryStream
    {
        public override bool CanSeek => false;
    }
}
