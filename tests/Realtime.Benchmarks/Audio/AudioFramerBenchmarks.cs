using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Realtime.Api.Audio;

namespace Realtime.Benchmarks.Audio;

/// <summary>
/// PCM16 24 kHz in (20 s, fed in 4000-byte chunks so frames straddle chunks) → 1000 input_audio_buffer.append events
/// of 20 ms (960 bytes) out, each written into a reused buffer as a send loop would. GB/s counts PCM bytes in.
/// </summary>
[Config(typeof(AudioBenchmarkConfig))]
[MemoryDiagnoser]
public class AudioFramerBenchmarks
{
    private const int PcmBytes = 960_000;
    private const int ChunkBytes = 4000;
    private readonly byte[] _pcm = new byte[PcmBytes];
    private readonly AudioFramer _framer = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    [GlobalSetup]
    public void Setup() => new Random(42).NextBytes(_pcm);

    [Benchmark(Baseline = true, Description = "Baseline: Convert.ToBase64String + concat + UTF8.GetBytes")]
    [ProcessedBytes(PcmBytes)]
    public long StringConcatEvents()
    {
        long total = 0;
        for (int offset = 0; offset < PcmBytes; offset += 960)
        {
            string json = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Convert.ToBase64String(_pcm, offset, 960) + "\"}";
            total += Encoding.UTF8.GetBytes(json).Length;
        }
        return total;
    }

    [Benchmark(Description = "Ceiling: Base64.EncodeToUtf8 of each frame alone")]
    [ProcessedBytes(PcmBytes)]
    public long RawBase64Frames()
    {
        long total = 0;
        Span<byte> encoded = stackalloc byte[1280];
        for (int offset = 0; offset < PcmBytes; offset += 960)
        {
            System.Buffers.Text.Base64.EncodeToUtf8(_pcm.AsSpan(offset, 960), encoded, out _, out int written);
            total += written;
        }
        return total;
    }

    [Benchmark(Description = "AudioFramer.WriteAppendEvent (chunked input)")]
    [ProcessedBytes(PcmBytes)]
    public long FramerAppendEvents()
    {
        long total = 0;
        for (int offset = 0; offset < PcmBytes; offset += ChunkBytes)
        {
            ReadOnlySpan<byte> chunk = _pcm.AsSpan(offset, Math.Min(ChunkBytes, PcmBytes - offset));
            while (_framer.TryWriteAppendEvent(ref chunk, _buffer))
            {
                total += _buffer.WrittenCount; // "send" it
                _buffer.ResetWrittenCount();
            }
        }
        return total;
    }
}

/// <summary>
/// 50 response.output_audio.delta payloads of 100 ms (4800 PCM bytes, 6400 base64 characters) decoded to PCM.
/// GB/s counts PCM bytes out (240,000 per operation).
/// </summary>
[Config(typeof(AudioBenchmarkConfig))]
[MemoryDiagnoser]
public class AudioDeltaDecodeBenchmarks
{
    private const int Deltas = 50;
    private const int DeltaPcmBytes = 4800;
    private const int PcmBytes = Deltas * DeltaPcmBytes;
    private readonly byte[][] _utf8 = new byte[Deltas][];
    private readonly string[] _strings = new string[Deltas];
    private readonly byte[] _destination = new byte[DeltaPcmBytes];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        for (int i = 0; i < Deltas; i++)
        {
            var pcm = new byte[DeltaPcmBytes];
            random.NextBytes(pcm);
            _strings[i] = Convert.ToBase64String(pcm);
            _utf8[i] = Encoding.ASCII.GetBytes(_strings[i]);
        }
    }

    [Benchmark(Baseline = true, Description = "Baseline: Convert.FromBase64String(string)")]
    [ProcessedBytes(PcmBytes)]
    public long ConvertFromBase64String()
    {
        long total = 0;
        foreach (string delta in _strings)
            total += Convert.FromBase64String(delta).Length;
        return total;
    }

    [Benchmark(Description = "AudioDeltaDecoder.Decode(utf8) -> PooledAudioBuffer")]
    [ProcessedBytes(PcmBytes)]
    public long DecodeToPooledBuffer()
    {
        long total = 0;
        foreach (byte[] delta in _utf8)
        {
            using PooledAudioBuffer pcm = AudioDeltaDecoder.Decode(delta);
            total += pcm.Length;
        }
        return total;
    }

    [Benchmark(Description = "AudioDeltaDecoder.Decode(utf8, span)")]
    [ProcessedBytes(PcmBytes)]
    public long DecodeToSpan()
    {
        long total = 0;
        foreach (byte[] delta in _utf8)
            total += AudioDeltaDecoder.Decode(delta, _destination);
        return total;
    }
}
