using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Realtime.Api.Audio;

/// <summary>
/// Writes the audio-related client events as UTF-8 JSON straight into an <see cref="IBufferWriter{T}"/>:
/// audio appends (<c>input_audio_buffer.append</c>, or a session kind's own append event such as the translation
/// sessions' <c>session.input_audio_buffer.append</c>; base64 encoded in place, no intermediate string) and
/// <c>conversation.item.truncate</c>. Each call writes exactly one complete event (one WebSocket message).
/// </summary>
public static class RealtimeAudioEvents
{
    /// <summary>The API's limit on one client event carrying audio: 15 MiB.</summary>
    public const int MaxClientEventBytes = 15 * 1024 * 1024;

    /// <summary>The audio append event of conversation and transcription sessions.</summary>
    public const string InputAudioBufferAppendType = "input_audio_buffer.append";

    /// <summary>The audio append event of translation sessions (<c>/v1/realtime/translations</c>).</summary>
    public const string TranslationInputAudioBufferAppendType = "session.input_audio_buffer.append";

    private static ReadOnlySpan<byte> TypeName => "{\"type\":\""u8;
    private static ReadOnlySpan<byte> DefaultAppendType => "input_audio_buffer.append"u8;
    private static ReadOnlySpan<byte> TranslationAppendType => "session.input_audio_buffer.append"u8;
    private static ReadOnlySpan<byte> EventIdName => "\"event_id\":\""u8;
    private static ReadOnlySpan<byte> AudioName => "\"audio\":\""u8;
    private static ReadOnlySpan<byte> TruncatePrefix => "{\"type\":\"conversation.item.truncate\","u8;
    private static ReadOnlySpan<byte> ItemIdName => "\"item_id\":\""u8;
    private static ReadOnlySpan<byte> ContentIndexName => "\"content_index\":"u8;
    private static ReadOnlySpan<byte> AudioEndMsName => "\"audio_end_ms\":"u8;

    /// <summary>The exact size in bytes of the <c>input_audio_buffer.append</c> event for <paramref name="audioByteCount"/> bytes.</summary>
    public static long GetInputAudioBufferAppendLength(int audioByteCount, string? eventId = null) =>
        GetAppendLength(DefaultAppendType, audioByteCount, eventId);

    /// <summary>The exact size in bytes of an append event of type <paramref name="eventType"/> for <paramref name="audioByteCount"/> bytes.</summary>
    public static long GetAppendEventLength(string eventType, int audioByteCount, string? eventId = null) =>
        GetAppendLength(Encoded(eventType), audioByteCount, eventId);

    /// <summary>
    /// Writes <c>{"type":"input_audio_buffer.append","event_id":"…","audio":"&lt;base64&gt;"}</c> (event_id only when given),
    /// base64-encoding <paramref name="audio"/> directly into <paramref name="output"/>.
    /// </summary>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentException">The event would exceed <see cref="MaxClientEventBytes"/>.</exception>
    public static int WriteInputAudioBufferAppend(IBufferWriter<byte> output, ReadOnlySpan<byte> audio, string? eventId = null) =>
        WriteAppend(output, DefaultAppendType, audio, eventId);

    /// <summary>
    /// Like <see cref="WriteInputAudioBufferAppend"/> with another event type, e.g.
    /// <see cref="TranslationInputAudioBufferAppendType"/> (same fields: <c>type</c>, optional <c>event_id</c>, <c>audio</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The event type is empty or not valid UTF-16, or the event would exceed <see cref="MaxClientEventBytes"/>.</exception>
    public static int WriteAppendEvent(IBufferWriter<byte> output, string eventType, ReadOnlySpan<byte> audio, string? eventId = null) =>
        WriteAppend(output, Encoded(eventType), audio, eventId);

    // The two append types the API defines need no encoding (no allocation per event); others are encoded per call.
    private static ReadOnlySpan<byte> Encoded(string eventType) => eventType switch
    {
        InputAudioBufferAppendType => DefaultAppendType,
        TranslationInputAudioBufferAppendType => TranslationAppendType,
        _ => EncodeEventType(eventType),
    };

    /// <summary>The JSON string content (escaped UTF-8, no quotes) of an event type, computed once by a framer and reused per frame.</summary>
    internal static byte[] EncodeEventType(string eventType)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventType);
        var encoded = new byte[JsonStringLength(eventType, nameof(eventType))];
        WriteJsonStringContent(encoded, eventType);
        return encoded;
    }

    /// <summary>The size of an append event whose type is <paramref name="encodedType"/> (from <see cref="EncodeEventType"/>).</summary>
    internal static long GetAppendLength(ReadOnlySpan<byte> encodedType, int audioByteCount, string? eventId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(audioByteCount);
        long length = TypeName.Length + encodedType.Length + 2 // closing quote and comma
            + AudioName.Length + Base64Length(audioByteCount) + 2; // closing quote and brace
        if (eventId is not null)
            length += EventIdName.Length + JsonStringLength(eventId, nameof(eventId)) + 2; // quote and comma
        return length;
    }

    /// <summary>Writes one append event whose type is <paramref name="encodedType"/> (from <see cref="EncodeEventType"/>).</summary>
    internal static int WriteAppend(IBufferWriter<byte> output, ReadOnlySpan<byte> encodedType, ReadOnlySpan<byte> audio, string? eventId)
    {
        ArgumentNullException.ThrowIfNull(output);
        long length = GetAppendLength(encodedType, audio.Length, eventId);
        if (length > MaxClientEventBytes)
            throw new ArgumentException($"A {Encoding.UTF8.GetString(encodedType)} event for {audio.Length} audio bytes would be {length} bytes, over the API's {MaxClientEventBytes}-byte limit; send smaller chunks.", nameof(audio));
        Span<byte> span = output.GetSpan((int)length);
        int written = Write(span, TypeName);
        written += Write(span.Slice(written), encodedType);
        span[written++] = (byte)'"';
        span[written++] = (byte)',';
        if (eventId is not null)
        {
            written += Write(span.Slice(written), EventIdName);
            written += WriteJsonStringContent(span.Slice(written), eventId);
            span[written++] = (byte)'"';
            span[written++] = (byte)',';
        }
        written += Write(span.Slice(written), AudioName);
        Base64.EncodeToUtf8(audio, span.Slice(written), out _, out int encoded);
        written += encoded;
        span[written++] = (byte)'"';
        span[written++] = (byte)'}';
        output.Advance(written);
        return written;
    }

    /// <summary>
    /// Writes <c>{"type":"conversation.item.truncate","event_id":"…","item_id":"…","content_index":N,"audio_end_ms":N}</c>
    /// (event_id only when given).
    /// </summary>
    /// <returns>Bytes written.</returns>
    public static int WriteConversationItemTruncate(IBufferWriter<byte> output, string itemId, int contentIndex, long audioEndMs, string? eventId = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        ArgumentOutOfRangeException.ThrowIfNegative(contentIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(audioEndMs);
        long length = TruncatePrefix.Length + ItemIdName.Length + JsonStringLength(itemId, nameof(itemId)) + 2
            + ContentIndexName.Length + 11 + 1 + AudioEndMsName.Length + 20 + 1;
        if (eventId is not null)
            length += EventIdName.Length + JsonStringLength(eventId, nameof(eventId)) + 2;
        if (length > MaxClientEventBytes)
            throw new ArgumentException($"The truncate event would be {length} bytes, over the {MaxClientEventBytes}-byte limit.", nameof(itemId));
        Span<byte> span = output.GetSpan((int)length);
        int written = Write(span, TruncatePrefix);
        if (eventId is not null)
        {
            written += Write(span.Slice(written), EventIdName);
            written += WriteJsonStringContent(span.Slice(written), eventId);
            span[written++] = (byte)'"';
            span[written++] = (byte)',';
        }
        written += Write(span.Slice(written), ItemIdName);
        written += WriteJsonStringContent(span.Slice(written), itemId);
        span[written++] = (byte)'"';
        span[written++] = (byte)',';
        written += Write(span.Slice(written), ContentIndexName);
        Utf8Formatter.TryFormat(contentIndex, span.Slice(written), out int digits);
        written += digits;
        span[written++] = (byte)',';
        written += Write(span.Slice(written), AudioEndMsName);
        Utf8Formatter.TryFormat(audioEndMs, span.Slice(written), out digits);
        written += digits;
        span[written++] = (byte)'}';
        output.Advance(written);
        return written;
    }

    private static long Base64Length(int byteCount) => ((long)byteCount + 2) / 3 * 4;

    private static int Write(Span<byte> destination, ReadOnlySpan<byte> source)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    // JSON string content: quote, backslash and control characters escaped, everything else as UTF-8.
    private static int JsonStringLength(string value, string parameterName)
    {
        int length = 0;
        ReadOnlySpan<char> rest = value;
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out Rune rune, out int consumed) != OperationStatus.Done)
                throw new ArgumentException($"The {parameterName} is not valid UTF-16 (it contains an unpaired surrogate).", parameterName);
            length += rune.Value switch
            {
                '"' or '\\' or '\b' or '\f' or '\n' or '\r' or '\t' => 2,
                < 0x20 => 6,
                _ => rune.Utf8SequenceLength,
            };
            rest = rest.Slice(consumed);
        }
        return length;
    }

    private static int WriteJsonStringContent(Span<byte> destination, string value)
    {
        int written = 0;
        ReadOnlySpan<char> rest = value;
        while (!rest.IsEmpty)
        {
            Rune.DecodeFromUtf16(rest, out Rune rune, out int consumed); // validated by JsonStringLength
            rest = rest.Slice(consumed);
            char escape = rune.Value switch
            {
                '"' => '"', '\\' => '\\', '\b' => 'b', '\f' => 'f', '\n' => 'n', '\r' => 'r', '\t' => 't',
                _ => '\0',
            };
            if (escape != '\0')
            {
                destination[written++] = (byte)'\\';
                destination[written++] = (byte)escape;
            }
            else if (rune.Value < 0x20)
            {
                destination[written++] = (byte)'\\';
                destination[written++] = (byte)'u';
                destination[written++] = (byte)'0';
                destination[written++] = (byte)'0';
                destination[written++] = (byte)"0123456789abcdef"[rune.Value >> 4];
                destination[written++] = (byte)"0123456789abcdef"[rune.Value & 0xF];
            }
            else
            {
                written += rune.EncodeToUtf8(destination.Slice(written));
            }
        }
        return written;
    }
}
