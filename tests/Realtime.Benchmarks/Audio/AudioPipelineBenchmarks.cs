using System.Buffers;
using BenchmarkDotNet.Attributes;
using Realtime.Api.Audio;

namespace Realtime.Benchmarks.Audio;

/// <summary>
/// Device audio that needs conversion: 10 s of 48 kHz stereo PCM16 (1,920,000 bytes, in 10 ms device buffers) →
/// downmix, 2:1 polyphase resampling (128 taps per output) → 500 append events of 20 ms at 24 kHz.
/// GB/s counts device bytes in; compare with realtime (192 kB/s for this format).
/// </summary>
[Config(typeof(AudioBenchmarkConfig))]
[MemoryDiagnoser]
public class AudioPipelineBenchmarks
{
    private const int DeviceBytes = 48_000 * 4 * 10;
    private const int DeviceBufferBytes = 48 * 4 * 10;
    private readonly byte[] _device = new byte[DeviceBytes];
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private AudioInputPipeline _pipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(3).NextBytes(_device);
        _pipeline = new AudioInputPipeline(new AudioFormat(AudioEncoding.Pcm16, 48_000, 2));
    }

    [GlobalCleanup]
    public void Cleanup() => _pipeline.Dispose();

    [Benchmark(Description = "AudioInputPipeline 48 kHz stereo -> 24 kHz append events")]
    [ProcessedBytes(DeviceBytes)]
    public long Stereo48kToEvents()
    {
        long total = 0;
        for (int offset = 0; offset < DeviceBytes; offset += DeviceBufferBytes)
        {
            _pipeline.Write(_device.AsSpan(offset, DeviceBufferBytes));
            while (_pipeline.TryWriteAppendEvent(_buffer))
            {
                total += _buffer.WrittenCount;
                _buffer.ResetWrittenCount();
            }
        }
        return total;
    }
}
