using System.Buffers;

namespace Realtime.Api.Audio;

/// <summary>What <see cref="AudioFramer"/> does with a final partial frame.</summary>
public enum AudioFlushMode
{
    /// <summary>Emit the remaining whole samples as a shorter frame (no audio added). A trailing half sample is an error.</summary>
    EmitShortFrame,

    /// <summary>Fill the rest of the frame (including a trailing half sample) with silence and emit a full-size frame.</summary>
    PadWithSilence,
}

/// <summary>Configuration of an <see cref="AudioFramer"/>.</summary>
public sealed record AudioFramerOptions
{
    /// <summary>The format of the framed audio, i.e. the session's input audio format. Default: PCM16 24 kHz mono.</summary>
    public AudioFormat Format { get; init; } = AudioFormat.Pcm16Realtime;

    /// <summary>Audio per frame (one event per frame). Default 20 ms (960 bytes of PCM16 at 24 kHz).</summary>
    public TimeSpan FrameDuration { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>What to do with the last partial frame on flush. Default <see cref="AudioFlushMode.EmitShortFrame"/>.</summary>
    public AudioFlushMode FlushMode { get; init; } = AudioFlushMode.EmitShortFrame;

    /// <summary>Upper bound of one event's size; must not exceed <see cref="RealtimeAudioEvents.MaxClientEventBytes"/> (15 MiB).</summary>
    public int MaxEventBytes { get; init; } = RealtimeAudioEvents.MaxClientEventBytes;

    /// <summary>
    /// The <c>type</c> of the append events written. Default <see cref="RealtimeAudioEvents.InputAudioBufferAppendType"/>;
    /// translation sessions take <see cref="RealtimeAudioEvents.TranslationInputAudioBufferAppendType"/>.
    /// </summary>
    public string AppendEventType { get; init; } = RealtimeAudioEvents.InputAudioBufferAppendType;

    /// <summary>Bytes per frame for this configuration, after validating it.</summary>
    /// <exception cref="ArgumentException">An unusable configuration, with the reason.</exception>
    public int GetFrameBytes()
    {
        if (!Format.IsValid)
            throw new ArgumentException("AudioFramerOptions.Format is default(AudioFormat); set a real format.", nameof(Format));
        if (FlushMode is not (AudioFlushMode.EmitShortFrame or AudioFlushMode.PadWithSilence))
            throw new ArgumentException($"Unknown flush mode {FlushMode}.", nameof(FlushMode));
        if (MaxEventBytes is < 1 or > RealtimeAudioEvents.MaxClientEventBytes)
            throw new ArgumentException($"MaxEventBytes must be between 1 and {RealtimeAudioEvents.MaxClientEventBytes} (the API's 15 MiB limit); got {MaxEventBytes}.", nameof(MaxEventBytes));
        if (string.IsNullOrEmpty(AppendEventType))
            throw new ArgumentException("AppendEventType is empty; the append events need a type.", nameof(AppendEventType));
        int frameBytes = Format.DurationToBytes(FrameDuration);
        long eventBytes = RealtimeAudioEvents.GetAppendEventLength(AppendEventType, frameBytes);
        if (eventBytes > MaxEventBytes)
            throw new ArgumentException($"A {FrameDuration.TotalMilliseconds} ms frame of {Format} is {frameBytes} bytes, an append event of {eventBytes} bytes, over the {MaxEventBytes}-byte limit; use shorter frames.", nameof(FrameDuration));
        return frameBytes;
    }
}

/// <summary>
/// Cuts a stream of audio chunks of any size (odd lengths and half samples included) into frames of a fixed duration and
/// writes each as an append event (<c>input_audio_buffer.append</c> unless <see cref="AudioFramerOptions.AppendEventType"/> says otherwise). Whole frames inside a chunk are used in place (no copy);
/// only a partial frame is carried to the next call. Not thread-safe: one framer per audio stream.
/// </summary>
/// <example>
/// Async-friendly loop (no span lives across an await):
/// <code>
/// var framer = new AudioFramer();
/// var buffer = new ArrayBufferWriter&lt;byte&gt;();
/// ReadOnlyMemory&lt;byte&gt; rest = pcmChunk;
/// while (!rest.IsEmpty)
/// {
///     rest = rest.Slice(framer.WriteAppendEvent(rest.Span, buffer, out bool wrote));
///     if (wrote) { await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, ct); buffer.ResetWrittenCount(); }
/// }
/// // at the end of the stream:
/// if (framer.TryWriteFlushEvent(buffer)) { /* send it */ }
/// </code>
/// </example>
public sealed class AudioFramer
{
    private readonly byte[] _carry;
    private readonly byte[] _appendType; // encoded once: no per-frame transcoding
    private int _carryCount;

    /// <summary>Creates a framer; <paramref name="options"/> default to 20 ms frames of PCM16 24 kHz mono.</summary>
    /// <exception cref="ArgumentException">The options are unusable (see <see cref="AudioFramerOptions.GetFrameBytes"/>).</exception>
    public AudioFramer(AudioFramerOptions? options = null)
    {
        Options = options ?? new AudioFramerOptions();
        FrameBytes = Options.GetFrameBytes();
        _carry = new byte[FrameBytes];
        _appendType = RealtimeAudioEvents.EncodeEventType(Options.AppendEventType);
    }

    /// <summary>The configuration.</summary>
    public AudioFramerOptions Options { get; }

    /// <summary>Bytes per full frame.</summary>
    public int FrameBytes { get; }

    /// <summary>Bytes carried over, waiting for the rest of their frame.</summary>
    public int PendingBytes => _carryCount;

    /// <summary>Total bytes taken from input since creation or <see cref="Reset"/>.</summary>
    public long BytesConsumed { get; private set; }

    /// <summary>Frames produced since creation or <see cref="Reset"/> (flush frames included).</summary>
    public long FramesProduced { get; private set; }

    /// <summary>
    /// Takes bytes from the front of <paramref name="input"/> until a frame is complete. Returns true with the frame
    /// (a slice of the input, or of an internal buffer valid until the next call on this framer);
    /// returns false once the whole input is consumed into the carried partial frame.
    /// </summary>
    public bool TryReadFrame(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> frame)
    {
        if (_carryCount > 0 || input.Length < FrameBytes)
        {
            int take = Math.Min(FrameBytes - _carryCount, input.Length);
            input.Slice(0, take).CopyTo(_carry.AsSpan(_carryCount));
            input = input.Slice(take);
            _carryCount += take;
            BytesConsumed += take;
            if (_carryCount < FrameBytes)
            {
                frame = default;
                return false;
            }
            _carryCount = 0;
            frame = _carry;
        }
        else
        {
            frame = input.Slice(0, FrameBytes);
            input = input.Slice(FrameBytes);
            BytesConsumed += FrameBytes;
        }
        FramesProduced++;
        return true;
    }

    /// <summary>
    /// Like <see cref="TryReadFrame"/>, and writes the completed frame as one append event
    /// into <paramref name="output"/>.
    /// </summary>
    public bool TryWriteAppendEvent(ref ReadOnlySpan<byte> input, IBufferWriter<byte> output, string? eventId = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (eventId is not null)
            ThrowIfEventTooLarge(eventId);
        if (!TryReadFrame(ref input, out ReadOnlySpan<byte> frame))
            return false;
        RealtimeAudioEvents.WriteAppend(output, _appendType, frame, eventId);
        return true;
    }

    /// <summary>
    /// Async-friendly form of <see cref="TryWriteAppendEvent"/>: consumes from <paramref name="input"/>, writes at most one
    /// event, and returns how many bytes it consumed. Call again with the rest of the input until it is empty.
    /// </summary>
    public int WriteAppendEvent(ReadOnlySpan<byte> input, IBufferWriter<byte> output, out bool eventWritten, string? eventId = null)
    {
        int before = input.Length;
        eventWritten = TryWriteAppendEvent(ref input, output, eventId);
        return before - input.Length;
    }

    /// <summary>
    /// Ends the stream: returns the carried partial frame (per <see cref="AudioFramerOptions.FlushMode"/>), or false
    /// when nothing is pending. The frame is valid until the next call on this framer.
    /// </summary>
    /// <exception cref="InvalidOperationException">In <see cref="AudioFlushMode.EmitShortFrame"/> mode the pending bytes end
    /// inside a sample; they stay pending so the caller can supply the missing bytes or <see cref="Reset"/>.</exception>
    public bool TryFlush(out ReadOnlySpan<byte> frame)
    {
        if (_carryCount == 0)
        {
            frame = default;
            return false;
        }
        AudioFormat format = Options.Format;
        int length = _carryCount;
        if (Options.FlushMode == AudioFlushMode.PadWithSilence)
        {
            _carry.AsSpan(length).Fill(format.SilenceByte);
            length = FrameBytes;
        }
        else if (length % format.BlockAlign != 0)
        {
            throw new InvalidOperationException(
                $"The audio ended inside a sample: {length} bytes are pending, not a multiple of the {format.BlockAlign}-byte sample size of {format}. " +
                "Supply the rest of the sample, use AudioFlushMode.PadWithSilence, or Reset to drop it.");
        }
        _carryCount = 0;
        FramesProduced++;
        frame = _carry.AsSpan(0, length);
        return true;
    }

    /// <summary><see cref="TryFlush"/> and write the frame as an append event.</summary>
    public bool TryWriteFlushEvent(IBufferWriter<byte> output, string? eventId = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (eventId is not null)
            ThrowIfEventTooLarge(eventId);
        if (!TryFlush(out ReadOnlySpan<byte> frame))
            return false;
        RealtimeAudioEvents.WriteAppend(output, _appendType, frame, eventId);
        return true;
    }

    /// <summary>Drops the pending partial frame and restarts the counters.</summary>
    public void Reset()
    {
        _carryCount = 0;
        BytesConsumed = 0;
        FramesProduced = 0;
    }

    // Checked before consuming input so an oversized event id never loses audio.
    private void ThrowIfEventTooLarge(string eventId)
    {
        long length = RealtimeAudioEvents.GetAppendLength(_appendType, FrameBytes, eventId);
        if (length > Options.MaxEventBytes)
            throw new ArgumentException($"With this event id an append event would be {length} bytes, over the configured {Options.MaxEventBytes}-byte limit.", nameof(eventId));
    }
}
