using System.Buffers.Binary;

namespace Realtime.Api.Audio;

/// <summary>
/// Streaming conversion between two <see cref="AudioFormat"/>s: decode (PCM16 / G.711) → downmix to mono (average of the
/// channels) → resample (<see cref="Resampler"/>) → copy to every target channel → encode. Chunks may split samples
/// anywhere: a partial sample frame is carried to the next call. Identical formats are copied through unchanged.
/// Not thread-safe: one instance per stream.
/// </summary>
/// <example>
/// <code>
/// var toApi = new AudioConverter(new AudioFormat(AudioEncoding.Pcm16, 48_000, 2), AudioFormat.Pcm16Realtime);
/// var output = new byte[toApi.GetOutputByteCount(chunk.Length)];
/// int written = toApi.Convert(chunk, output);
/// // ... at the end: var tail = new byte[toApi.GetFlushByteCount()]; toApi.Flush(tail);
/// </code>
/// </example>
public sealed class AudioConverter
{
    private const int ChunkFrames = 2048;

    private readonly Resampler? _resampler;
    private readonly byte[] _carry;
    private int _carryCount;
    private readonly short[] _mono = new short[ChunkFrames];
    private readonly short[] _resampled;

    /// <summary>Creates a converter from <paramref name="source"/> to <paramref name="target"/>.</summary>
    public AudioConverter(AudioFormat source, AudioFormat target)
    {
        if (!source.IsValid)
            throw new ArgumentException("The source format is default(AudioFormat).", nameof(source));
        if (!target.IsValid)
            throw new ArgumentException("The target format is default(AudioFormat).", nameof(target));
        Source = source;
        Target = target;
        _carry = new byte[source.BlockAlign];
        if (source.SampleRate != target.SampleRate)
            _resampler = new Resampler(source.SampleRate, target.SampleRate);
        _resampled = new short[_resampler?.GetMaxOutputLength(ChunkFrames) ?? 0];
    }

    /// <summary>Input format.</summary>
    public AudioFormat Source { get; }

    /// <summary>Output format.</summary>
    public AudioFormat Target { get; }

    /// <summary>Bytes of an incomplete input sample frame carried to the next call.</summary>
    public int PendingBytes => _carryCount;

    /// <summary>True when the two formats are identical (bytes are copied through).</summary>
    public bool IsPassThrough => Source == Target;

    /// <summary>Exactly how many bytes <see cref="Convert"/> will write for <paramref name="inputBytes"/> more input bytes.</summary>
    public int GetOutputByteCount(int inputBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputBytes);
        int frames = (_carryCount + inputBytes) / Source.BlockAlign;
        long outputFrames = _resampler?.GetOutputLength(frames) ?? frames;
        long bytes = outputFrames * Target.BlockAlign;
        return bytes > int.MaxValue ? throw new ArgumentOutOfRangeException(nameof(inputBytes), "Too much audio for one call.") : (int)bytes;
    }

    /// <summary>
    /// Converts all of <paramref name="input"/>; <paramref name="output"/> must hold <see cref="GetOutputByteCount"/>
    /// bytes (checked before anything is consumed). Returns the bytes written.
    /// </summary>
    public int Convert(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int expected = GetOutputByteCount(input.Length);
        if (output.Length < expected)
            throw new ArgumentException($"The output holds {output.Length} bytes but this input converts to {expected}; size it with GetOutputByteCount.", nameof(output));
        int blockAlign = Source.BlockAlign;
        int written = 0;
        if (_carryCount > 0)
        {
            int take = Math.Min(blockAlign - _carryCount, input.Length);
            input.Slice(0, take).CopyTo(_carry.AsSpan(_carryCount));
            _carryCount += take;
            input = input.Slice(take);
            if (_carryCount < blockAlign)
                return 0;
            _carryCount = 0;
            if (IsPassThrough)
            {
                _carry.CopyTo(output);
                written += blockAlign;
            }
            else
            {
                written += ConvertFrames(_carry, output);
            }
        }
        int wholeBytes = input.Length - input.Length % blockAlign;
        if (IsPassThrough)
        {
            input.Slice(0, wholeBytes).CopyTo(output.Slice(written));
            written += wholeBytes;
        }
        else
        {
            for (int offset = 0; offset < wholeBytes; offset += ChunkFrames * blockAlign)
                written += ConvertFrames(input.Slice(offset, Math.Min(ChunkFrames * blockAlign, wholeBytes - offset)), output.Slice(written));
        }
        input.Slice(wholeBytes).CopyTo(_carry);
        _carryCount = input.Length - wholeBytes;
        return written;
    }

    /// <summary>Exactly how many bytes <see cref="Flush"/> will write.</summary>
    public int GetFlushByteCount() => (_resampler?.GetFlushLength() ?? 0) * Target.BlockAlign;

    /// <summary>
    /// Ends the stream: writes the resampler's remaining output (so the total output length is exactly
    /// ⌈input frames × target rate / source rate⌉ frames) and resets for a new stream.
    /// </summary>
    /// <exception cref="InvalidOperationException">The input ended inside a sample frame; the bytes stay pending.</exception>
    public int Flush(Span<byte> output)
    {
        if (_carryCount != 0)
            throw new InvalidOperationException($"The audio ended inside a sample frame: {_carryCount} of {Source.BlockAlign} bytes of {Source} are pending. Supply the rest or Reset.");
        int expected = GetFlushByteCount();
        if (output.Length < expected)
            throw new ArgumentException($"The output holds {output.Length} bytes but the flush writes {expected}; size it with GetFlushByteCount.", nameof(output));
        if (_resampler is null)
            return 0;
        int count = _resampler.GetFlushLength();
        short[] tail = count <= _resampled.Length ? _resampled : new short[count];
        int produced = _resampler.Flush(tail);
        return EncodeFromMono(tail.AsSpan(0, produced), output);
    }

    /// <summary>Drops carried bytes and resampler history.</summary>
    public void Reset()
    {
        _carryCount = 0;
        _resampler?.Reset();
    }

    // Converts whole source frames (at most ChunkFrames) and returns the bytes written.
    private int ConvertFrames(ReadOnlySpan<byte> frames, Span<byte> output)
    {
        int count = frames.Length / Source.BlockAlign;
        Span<short> mono = _mono.AsSpan(0, count);
        DecodeToMono(frames, mono);
        if (_resampler is not null)
        {
            int produced = _resampler.Process(mono, _resampled);
            mono = _resampled.AsSpan(0, produced);
        }
        return EncodeFromMono(mono, output);
    }

    private void DecodeToMono(ReadOnlySpan<byte> frames, Span<short> mono)
    {
        int channels = Source.Channels;
        int bytesPerSample = Source.BytesPerSample;
        AudioEncoding encoding = Source.Encoding;
        for (int i = 0, offset = 0; i < mono.Length; i++)
        {
            int sum = 0;
            for (int c = 0; c < channels; c++, offset += bytesPerSample)
            {
                sum += encoding switch
                {
                    AudioEncoding.MuLaw => G711.MuLawToLinear(frames[offset]),
                    AudioEncoding.ALaw => G711.ALawToLinear(frames[offset]),
                    _ => BinaryPrimitives.ReadInt16LittleEndian(frames.Slice(offset)),
                };
            }
            // Floor division: exact for mono, (l + r) >> 1 for stereo, never out of the 16-bit range.
            mono[i] = (short)(channels == 1 ? sum : sum >= 0 ? sum / channels : -((-sum + channels - 1) / channels));
        }
    }

    private int EncodeFromMono(ReadOnlySpan<short> mono, Span<byte> output)
    {
        int channels = Target.Channels;
        int bytesPerSample = Target.BytesPerSample;
        AudioEncoding encoding = Target.Encoding;
        int offset = 0;
        foreach (short sample in mono)
        {
            for (int c = 0; c < channels; c++, offset += bytesPerSample)
            {
                switch (encoding)
                {
                    case AudioEncoding.MuLaw:
                        output[offset] = G711.LinearToMuLaw(sample);
                        break;
                    case AudioEncoding.ALaw:
                        output[offset] = G711.LinearToALaw(sample);
                        break;
                    default:
                        BinaryPrimitives.WriteInt16LittleEndian(output.Slice(offset), sample);
                        break;
                }
            }
        }
        return offset;
    }
}
