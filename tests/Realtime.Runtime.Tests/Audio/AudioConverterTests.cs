using System.Buffers;
using CsCheck;
using Realtime.Api.Audio;

namespace Realtime.Runtime.Tests.Audio;

public class AudioConverterTests
{
    private static byte[] ConvertAll(AudioConverter converter, byte[] input, IReadOnlyList<int> chunkSizes)
    {
        var result = new List<byte>();
        foreach (var (offset, length) in AudioTestSignals.Chunks(input.Length, chunkSizes))
        {
            var buffer = new byte[converter.GetOutputByteCount(length)];
            Assert.Equal(buffer.Length, converter.Convert(input.AsSpan(offset, length), buffer));
            result.AddRange(buffer);
        }
        var tail = new byte[converter.GetFlushByteCount()];
        Assert.Equal(tail.Length, converter.Flush(tail));
        result.AddRange(tail);
        return [.. result];
    }

    [Fact]
    public void Stereo_is_downmixed_to_the_floor_average_of_the_channels()
    {
        short[] stereo = [100, 200, -3, 0, short.MaxValue, short.MaxValue, short.MinValue, short.MinValue, -1, 2];
        byte[] output = ConvertAll(new AudioConverter(new AudioFormat(AudioEncoding.Pcm16, 24_000, 2), AudioFormat.Pcm16Realtime),
            AudioTestSignals.ToBytes(stereo), [3, 1, 7]);
        Assert.Equal([150, -2, short.MaxValue, short.MinValue, 0], AudioTestSignals.ToSamples(output));
    }

    [Fact]
    public void Identical_formats_pass_through_bit_exactly_in_any_chunking()
    {
        Gen.Select(Gen.Byte.Array[0, 5000], Gen.Int[1, 700].Array[1, 10], Gen.OneOf(Gen.Const(AudioFormat.Pcm16Realtime), Gen.Const(AudioFormat.G711MuLaw), Gen.Const(new AudioFormat(AudioEncoding.Pcm16, 48_000, 2))))
            .Sample((input, chunks, format) =>
            {
                int whole = input.Length - input.Length % format.BlockAlign;
                var converter = new AudioConverter(format, format);
                Assert.True(converter.IsPassThrough);
                var result = new List<byte>();
                foreach (var (offset, length) in AudioTestSignals.Chunks(input.Length, chunks))
                {
                    var buffer = new byte[converter.GetOutputByteCount(length)];
                    converter.Convert(input.AsSpan(offset, length), buffer);
                    result.AddRange(buffer);
                }
                Assert.Equal(input.AsSpan(0, whole).ToArray(), result.ToArray());
                Assert.Equal(input.Length - whole, converter.PendingBytes);
            }, iter: 100);
    }

    [Fact]
    public void G711_device_audio_is_decoded_and_resampled_to_the_api_format()
    {
        short[] sine = AudioTestSignals.Sine(1000, 8_000, 8_000, 12_000);
        byte[] muLaw = new byte[sine.Length];
        G711.EncodeMuLaw(sine, muLaw);
        byte[] output = ConvertAll(new AudioConverter(AudioFormat.G711MuLaw, AudioFormat.Pcm16Realtime), muLaw, [333]);
        Assert.Equal(24_000 * 2, output.Length);
        short[] samples = AudioTestSignals.ToSamples(output);
        var (amplitude, _) = AudioTestSignals.FitSine(samples.AsSpan(2400, 19_200), 1000, 24_000);
        // Compare with the tone as G.711 itself reproduces it at 8 kHz (its coarse steps shift the fitted amplitude a little).
        var decoded = new short[muLaw.Length];
        G711.DecodeMuLaw(muLaw, decoded);
        var (reference, _) = AudioTestSignals.FitSine(decoded.AsSpan(800, 6400), 1000, 8_000);
        Assert.InRange(20 * Math.Log10(amplitude / reference), -0.01, 0.01);
    }

    [Fact]
    public void Api_audio_converts_to_a_stereo_48kHz_device_and_to_a_law()
    {
        byte[] pcm = AudioTestSignals.ToBytes(AudioTestSignals.Sine(500, 24_000, 2400, 8000));
        byte[] stereo = ConvertAll(new AudioConverter(AudioFormat.Pcm16Realtime, new AudioFormat(AudioEncoding.Pcm16, 48_000, 2)), pcm, [1001]);
        Assert.Equal(4800 * 4, stereo.Length);
        short[] samples = AudioTestSignals.ToSamples(stereo);
        for (int i = 0; i < samples.Length; i += 2)
            Assert.Equal(samples[i], samples[i + 1]);

        byte[] aLaw = ConvertAll(new AudioConverter(AudioFormat.Pcm16Realtime, AudioFormat.G711ALaw), pcm, [999]);
        Assert.Equal(800, aLaw.Length);
    }

    [Fact]
    public void Errors_are_clear_and_keep_state()
    {
        var converter = new AudioConverter(new AudioFormat(AudioEncoding.Pcm16, 16_000, 2), AudioFormat.Pcm16Realtime);
        Assert.Equal(0, converter.Convert([1, 2, 3], []));
        Assert.Equal(3, converter.PendingBytes);
        var flush = Assert.Throws<InvalidOperationException>(() => converter.Flush(new byte[1000]));
        Assert.Contains("inside a sample frame", flush.Message);
        Assert.Equal(3, converter.PendingBytes);
        var small = Assert.Throws<ArgumentException>(() => converter.Convert(new byte[4000], new byte[10]));
        Assert.Contains("GetOutputByteCount", small.Message);
        Assert.Equal(3, converter.PendingBytes);
        Assert.Throws<ArgumentException>(() => new AudioConverter(default, AudioFormat.Pcm16Realtime));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioFormat(AudioEncoding.Pcm16, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioFormat(AudioEncoding.Pcm16, 24_000, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioFormat((AudioEncoding)9, 24_000));
    }
}

public class AudioInputPipelineTests
{
    private static List<byte[]> Drain(AudioInputPipeline pipeline, ArrayBufferWriter<byte> buffer)
    {
        var frames = new List<byte[]>();
        while (pipeline.TryWriteAppendEvent(buffer))
        {
            frames.Add(AudioFramerTests.ParseAppendEvent(buffer.WrittenSpan));
            buffer.ResetWrittenCount();
        }
        return frames;
    }

    [Fact]
    public void Stereo_44kHz_device_audio_becomes_20ms_api_frames_with_exact_total_length()
    {
        Gen.Select(Gen.Int[0, 30_000], Gen.Int[1, 3000].Array[1, 15]).Sample((frames, chunks) =>
        {
            byte[] device = new byte[frames * 4];
            new Random(frames).NextBytes(device);
            using var pipeline = new AudioInputPipeline(new AudioFormat(AudioEncoding.Pcm16, 44_100, 2));
            var buffer = new ArrayBufferWriter<byte>();
            var output = new List<byte[]>();
            foreach (var (offset, length) in AudioTestSignals.Chunks(device.Length, chunks))
            {
                pipeline.Write(device.AsSpan(offset, length));
                output.AddRange(Drain(pipeline, buffer));
            }
            pipeline.Complete();
            output.AddRange(Drain(pipeline, buffer));

            long expectedBytes = ((long)frames * 24_000 + 44_099) / 44_100 * 2;
            Assert.Equal(expectedBytes, output.Sum(f => (long)f.Length));
            Assert.All(output.Take(output.Count - 1), f => Assert.Equal(960, f.Length));

            // Same audio as a one-shot conversion.
            var converter = new AudioConverter(pipeline.DeviceFormat, AudioFormat.Pcm16Realtime);
            var oneShot = new byte[converter.GetOutputByteCount(device.Length)];
            converter.Convert(device, oneShot);
            var tail = new byte[converter.GetFlushByteCount()];
            converter.Flush(tail);
            Assert.Equal([.. oneShot, .. tail], output.SelectMany(f => f).ToArray());
        }, iter: 25);
    }

    [Fact]
    public void Api_format_device_audio_is_framed_unchanged_and_the_pipeline_refuses_writes_after_completion()
    {
        byte[] pcm = new byte[5000];
        new Random(1).NextBytes(pcm);
        using var pipeline = new AudioInputPipeline(AudioFormat.Pcm16Realtime);
        var buffer = new ArrayBufferWriter<byte>();
        pipeline.Write(pcm.AsSpan(0, 1001));
        pipeline.Write(pcm.AsSpan(1001));
        List<byte[]> frames = Drain(pipeline, buffer);
        Assert.Equal(5, frames.Count);
        Assert.Equal(200, pipeline.PendingBytes);
        pipeline.Complete();
        frames.AddRange(Drain(pipeline, buffer));
        Assert.Equal(pcm, frames.SelectMany(f => f).ToArray());
        Assert.Throws<InvalidOperationException>(() => pipeline.Write(pcm));
        pipeline.Reset();
        pipeline.Write(pcm.AsSpan(0, 960));
        Assert.Single(Drain(pipeline, buffer));
    }

    [Fact]
    public void Device_audio_can_be_framed_as_g711_for_pcmu_sessions()
    {
        using var pipeline = new AudioInputPipeline(new AudioFormat(AudioEncoding.Pcm16, 16_000), new AudioFramerOptions { Format = AudioFormat.G711MuLaw });
        pipeline.Write(AudioTestSignals.ToBytes(AudioTestSignals.Sine(440, 16_000, 16_000, 9000)));
        pipeline.Complete();
        List<byte[]> frames = Drain(pipeline, new ArrayBufferWriter<byte>());
        Assert.Equal(50, frames.Count);
        Assert.All(frames, f => Assert.Equal(160, f.Length));
    }

    [Fact]
    public void Disposed_pipeline_throws()
    {
        var pipeline = new AudioInputPipeline(AudioFormat.Pcm16Realtime);
        pipeline.Dispose();
        pipeline.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pipeline.Write([1, 2]));
    }
}

public class AudioFormatTests
{
    [Theory]
    [InlineData("audio/pcm", AudioEncoding.Pcm16, 24_000)]
    [InlineData("audio/pcmu", AudioEncoding.MuLaw, 8_000)]
    [InlineData("audio/pcma", AudioEncoding.ALaw, 8_000)]
    public void Api_format_types_map_both_ways(string type, AudioEncoding encoding, int rate)
    {
        Assert.True(AudioFormat.TryFromApiFormatType(type, out AudioFormat format));
        Assert.Equal(new AudioFormat(encoding, rate), format);
        Assert.Equal(type, format.ApiFormatType);
    }

    [Fact]
    public void Formats_the_api_does_not_take_have_no_api_name()
    {
        Assert.False(AudioFormat.TryFromApiFormatType("audio/opus", out _));
        Assert.False(AudioFormat.TryFromApiFormatType(null, out _));
        Assert.Null(new AudioFormat(AudioEncoding.Pcm16, 48_000).ApiFormatType);
        Assert.Null(new AudioFormat(AudioEncoding.Pcm16, 24_000, 2).ApiFormatType);
    }

    [Fact]
    public void Sizes_and_durations()
    {
        var stereo = new AudioFormat(AudioEncoding.Pcm16, 48_000, 2);
        Assert.Equal(4, stereo.BlockAlign);
        Assert.Equal(192_000, stereo.BytesPerSecond);
        Assert.Equal(3840, stereo.DurationToBytes(TimeSpan.FromMilliseconds(20)));
        Assert.Equal(10, stereo.BytesToMilliseconds(1919 + 1));
        Assert.Equal("PCM16 48000 Hz stereo", stereo.ToString());
        Assert.Equal("mu-law 8000 Hz mono", AudioFormat.G711MuLaw.ToString());
        Assert.False(default(AudioFormat).IsValid);
        Assert.Throws<InvalidOperationException>(() => default(AudioFormat).BytesToMilliseconds(10));
    }
}
