using System.Buffers;

namespace Realtime.Api.Audio;

/// <summary>
/// Device audio in any supported format → the session's input format (converted with <see cref="AudioConverter"/>) →
/// fixed-duration frames written as append events by an <see cref="AudioFramer"/> (type per <see cref="AudioFramerOptions.AppendEventType"/>).
/// Converted audio waits in a pooled buffer until pulled, so the pull loop can await between events.
/// Not thread-safe. Dispose to return the buffer to the pool.
/// </summary>
/// <example>
/// <code>
/// using var input = new AudioInputPipeline(new AudioFormat(AudioEncoding.Pcm16, 44_100, 2));
/// var buffer = new ArrayBufferWriter&lt;byte&gt;();
/// input.Write(deviceChunk.Span);
/// while (input.TryWriteAppendEvent(buffer)) { await SendAsync(buffer.WrittenMemory); buffer.ResetWrittenCount(); }
/// // end of the stream:
/// input.Complete();
/// while (input.TryWriteAppendEvent(buffer)) { await SendAsync(buffer.WrittenMemory); buffer.ResetWrittenCount(); }
/// </code>
/// </example>
public sealed class AudioInputPipeline : IDisposable
{
    private readonly AudioConverter _converter;
    private readonly AudioFramer _framer;
    private byte[] _pending;
    private int _pendingStart;
    private int _pendingEnd;
    private bool _completed;
    private bool _flushed;

    /// <summary>
    /// Creates a pipeline from <paramref name="deviceFormat"/> to <paramref name="framerOptions"/>.Format
    /// (default PCM16 24 kHz mono in 20 ms frames).
    /// </summary>
    public AudioInputPipeline(AudioFormat deviceFormat, AudioFramerOptions? framerOptions = null)
    {
        _framer = new AudioFramer(framerOptions);
        _converter = new AudioConverter(deviceFormat, _framer.Options.Format);
        _pending = ArrayPool<byte>.Shared.Rent(Math.Max(4096, _framer.FrameBytes));
    }

    /// <summary>The device (input) format.</summary>
    public AudioFormat DeviceFormat => _converter.Source;

    /// <summary>The framer that produces the events (its options, counters and pending bytes).</summary>
    public AudioFramer Framer => _framer;

    /// <summary>Converted bytes waiting to be framed, plus the framer's partial frame.</summary>
    public int PendingBytes => _pendingEnd - _pendingStart + _framer.PendingBytes;

    /// <summary>Converts <paramref name="deviceAudio"/> (any length; partial samples are carried) and queues it for framing.</summary>
    /// <exception cref="InvalidOperationException">Called after <see cref="Complete"/>.</exception>
    public void Write(ReadOnlySpan<byte> deviceAudio)
    {
        ThrowIfDisposed();
        if (_completed)
            throw new InvalidOperationException("The input was completed; create a new pipeline or call Reset.");
        Convert(_converter.GetOutputByteCount(deviceAudio.Length), deviceAudio, flush: false);
    }

    /// <summary>Marks the end of the input: the resampler's tail is queued and the last partial frame will be flushed.</summary>
    /// <exception cref="InvalidOperationException">The input ended inside a sample frame (see <see cref="AudioConverter.Flush"/>).</exception>
    public void Complete()
    {
        ThrowIfDisposed();
        if (_completed)
            return;
        Convert(_converter.GetFlushByteCount(), default, flush: true);
        _completed = true;
    }

    /// <summary>
    /// Writes the next frame as one append event, or returns false when no full frame is
    /// ready (after <see cref="Complete"/>: when everything including the final partial frame was written).
    /// </summary>
    public bool TryWriteAppendEvent(IBufferWriter<byte> output, string? eventId = null)
    {
        ThrowIfDisposed();
        ReadOnlySpan<byte> pending = _pending.AsSpan(_pendingStart, _pendingEnd - _pendingStart);
        bool wrote = _framer.TryWriteAppendEvent(ref pending, output, eventId);
        _pendingStart = _pendingEnd - pending.Length;
        if (_pendingStart == _pendingEnd)
            _pendingStart = _pendingEnd = 0;
        if (wrote)
            return true;
        if (_completed && !_flushed)
        {
            bool flushed = _framer.TryWriteFlushEvent(output, eventId);
            _flushed = true;
            return flushed;
        }
        return false;
    }

    /// <summary>Drops all queued audio and state; the pipeline can take a new stream.</summary>
    public void Reset()
    {
        ThrowIfDisposed();
        _converter.Reset();
        _framer.Reset();
        _pendingStart = _pendingEnd = 0;
        _completed = _flushed = false;
    }

    /// <summary>Returns the pooled buffer.</summary>
    public void Dispose()
    {
        byte[] pending = _pending;
        if (pending.Length == 0)
            return;
        _pending = [];
        ArrayPool<byte>.Shared.Return(pending);
    }

    private void Convert(int outputBytes, ReadOnlySpan<byte> input, bool flush)
    {
        EnsureSpace(outputBytes);
        Span<byte> destination = _pending.AsSpan(_pendingEnd);
        _pendingEnd += flush ? _converter.Flush(destination) : _converter.Convert(input, destination);
    }

    private void EnsureSpace(int bytes)
    {
        int used = _pendingEnd - _pendingStart;
        if (_pending.Length - _pendingEnd >= bytes)
            return;
        if (_pending.Length - used >= bytes)
        {
            _pending.AsSpan(_pendingStart, used).CopyTo(_pending);
        }
        else
        {
            byte[] grown = ArrayPool<byte>.Shared.Rent(checked(used + bytes));
            _pending.AsSpan(_pendingStart, used).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = grown;
        }
        _pendingStart = 0;
        _pendingEnd = used;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_pending.Length == 0, this);
}
