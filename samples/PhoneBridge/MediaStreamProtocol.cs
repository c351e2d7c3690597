using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace PhoneBridge;

/// <summary>The <c>event</c> of a Twilio Media Streams message.</summary>
public enum MediaStreamEventKind
{
    /// <summary>An event this bridge does not handle (e.g. <c>dtmf</c>); skipped.</summary>
    Other,

    /// <summary><c>connected</c>: the first message of a stream.</summary>
    Connected,

    /// <summary><c>start</c>: the stream's ids and media format.</summary>
    Start,

    /// <summary><c>media</c>: 20 ms of the caller's audio (base64 μ-law in <c>media.payload</c>).</summary>
    Media,

    /// <summary><c>mark</c>: the audio sent before the mark of that name has been played to the caller.</summary>
    Mark,

    /// <summary><c>stop</c>: the call ended.</summary>
    Stop,

    /// <summary><c>clear</c> (sent to the phone side): drop the queued audio.</summary>
    Clear,
}

/// <summary>
/// One Media Streams message, read without allocating for <c>media</c> and <c>mark</c> (the audio is decoded straight
/// into the caller's buffer, the mark name stays UTF-8 bytes); only <c>start</c> allocates its ids.
/// </summary>
public ref struct MediaStreamMessage
{
    /// <summary>The event.</summary>
    public MediaStreamEventKind Kind;

    /// <summary>The <c>event</c> string when <see cref="Kind"/> is <see cref="MediaStreamEventKind.Other"/>.</summary>
    public string? OtherEvent;

    /// <summary>The stream id (<c>streamSid</c>), read for <c>start</c> only.</summary>
    public string? StreamSid;

    /// <summary>The call id (<c>start.callSid</c>).</summary>
    public string? CallSid;

    /// <summary>The media encoding of <c>start.mediaFormat</c> (<c>audio/x-mulaw</c>).</summary>
    public string? Encoding;

    /// <summary>The sample rate of <c>start.mediaFormat</c>.</summary>
    public int SampleRate;

    /// <summary>Decoded audio bytes written to the payload buffer (<c>media</c>).</summary>
    public int PayloadLength;

    /// <summary>The <c>media.track</c> is <c>outbound</c> (audio the bridge sent, echoed on bidirectional streams).</summary>
    public bool OutboundTrack;

    /// <summary>The mark's name (UTF-8).</summary>
    public ReadOnlySpan<byte> MarkName;
}

/// <summary>Reads and writes the Twilio Media Streams messages (JSON text frames).</summary>
public static class MediaStreamProtocol
{
    /// <summary>The media format Twilio streams: G.711 μ-law, 8 kHz, mono.</summary>
    public const string MuLawEncoding = "audio/x-mulaw";

    /// <summary>
    /// Parses one message; <c>media.payload</c> is decoded into <paramref name="payload"/> (grown from the pool when too
    /// small; the caller returns it). Throws <see cref="FormatException"/> for a message that is not a valid one.
    /// </summary>
    public static MediaStreamMessage Read(ReadOnlySpan<byte> utf8, ref byte[] payload)
    {
        var message = default(MediaStreamMessage);
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException("A Media Streams message must be a JSON object.");
            var sawEvent = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("event"u8))
                {
                    reader.Read();
                    message.Kind = ReadKind(ref reader, out message.OtherEvent);
                    sawEvent = true;
                }
                else if (reader.ValueTextEquals("media"u8) && Next(ref reader, JsonTokenType.StartObject))
                {
                    ReadMedia(ref reader, ref message, ref payload);
                }
                else if (reader.ValueTextEquals("mark"u8) && Next(ref reader, JsonTokenType.StartObject))
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isName = reader.ValueTextEquals("name"u8);
                        reader.Read();
                        if (isName && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
                            message.MarkName = reader.ValueSpan;
                        else
                            reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("start"u8) && Next(ref reader, JsonTokenType.StartObject))
                {
                    ReadStart(ref reader, ref message);
                }
                else if (reader.ValueTextEquals("streamSid"u8))
                {
                    reader.Read();
                    if (message.StreamSid is null && reader.TokenType == JsonTokenType.String && message.Kind == MediaStreamEventKind.Start)
                        message.StreamSid = reader.GetString();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (!sawEvent)
                throw new FormatException("The Media Streams message has no \"event\".");
            if (message.Kind == MediaStreamEventKind.Start && (message.StreamSid is null || message.CallSid is null))
                throw new FormatException("The start message needs \"streamSid\" and \"start.callSid\".");
            return message;
        }
        catch (JsonException ex)
        {
            throw new FormatException("The Media Streams message is not valid JSON: " + ex.Message, ex);
        }
    }

    private static bool Next(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        reader.Read();
        if (reader.TokenType == expected)
            return true;
        reader.Skip();
        return false;
    }

    private static MediaStreamEventKind ReadKind(ref Utf8JsonReader reader, out string? other)
    {
        other = null;
        if (reader.TokenType != JsonTokenType.String)
            throw new FormatException("\"event\" must be a string.");
        if (reader.ValueTextEquals("media"u8)) return MediaStreamEventKind.Media;
        if (reader.ValueTextEquals("mark"u8)) return MediaStreamEventKind.Mark;
        if (reader.ValueTextEquals("start"u8)) return MediaStreamEventKind.Start;
        if (reader.ValueTextEquals("stop"u8)) return MediaStreamEventKind.Stop;
        if (reader.ValueTextEquals("connected"u8)) return MediaStreamEventKind.Connected;
        if (reader.ValueTextEquals("clear"u8)) return MediaStreamEventKind.Clear;
        other = reader.GetString();
        return MediaStreamEventKind.Other;
    }

    private static void ReadMedia(ref Utf8JsonReader reader, ref MediaStreamMessage message, ref byte[] payload)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("payload"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                    throw new FormatException("\"media.payload\" must be a base64 string.");
                ReadOnlySpan<byte> base64 = reader.ValueSpan;
                byte[]? unescaped = null;
                if (reader.ValueIsEscaped)
                {
                    unescaped = ArrayPool<byte>.Shared.Rent(base64.Length);
                    base64 = unescaped.AsSpan(0, reader.CopyString(unescaped));
                }

                try
                {
                    var needed = Base64.GetMaxDecodedFromUtf8Length(base64.Length);
                    if (payload.Length < needed)
                    {
                        ArrayPool<byte>.Shared.Return(payload);
                        payload = ArrayPool<byte>.Shared.Rent(needed);
                    }

                    if (Base64.DecodeFromUtf8(base64, payload, out _, out message.PayloadLength) != OperationStatus.Done)
                        throw new FormatException($"\"media.payload\" is not valid base64 ({base64.Length} characters).");
                }
                finally
                {
                    if (unescaped is not null)
                        ArrayPool<byte>.Shared.Return(unescaped);
                }
            }
            else if (reader.ValueTextEquals("track"u8))
            {
                reader.Read();
                message.OutboundTrack = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("outbound"u8);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadStart(ref Utf8JsonReader reader, ref MediaStreamMessage message)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("callSid"u8))
            {
                reader.Read();
                message.CallSid = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("streamSid"u8))
            {
                reader.Read();
                message.StreamSid ??= reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("mediaFormat"u8) && Next(ref reader, JsonTokenType.StartObject))
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("encoding"u8))
                    {
                        reader.Read();
                        message.Encoding = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else if (reader.ValueTextEquals("sampleRate"u8))
                    {
                        reader.Read();
                        message.SampleRate = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var rate) ? rate : 0;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Writes <c>{"event":"media","streamSid":…,"media":{"payload":"&lt;base64&gt;"}}</c>, encoding the audio in place.</summary>
    public static void WriteMedia(IBufferWriter<byte> output, ReadOnlySpan<byte> streamSidJson, ReadOnlySpan<byte> audio)
    {
        var span = output.GetSpan(64 + streamSidJson.Length + Base64.GetMaxEncodedToUtf8Length(audio.Length));
        var written = Append(span, "{\"event\":\"media\",\"streamSid\":"u8, 0);
        written = Append(span, streamSidJson, written);
        written = Append(span, ",\"media\":{\"payload\":\""u8, written);
        Base64.EncodeToUtf8(audio, span[written..], out _, out var encoded);
        written = Append(span, "\"}}"u8, written + encoded);
        output.Advance(written);
    }

    /// <summary>Writes <c>{"event":"mark","streamSid":…,"mark":{"name":"&lt;number&gt;"}}</c>.</summary>
    public static void WriteMark(IBufferWriter<byte> output, ReadOnlySpan<byte> streamSidJson, long name)
    {
        var span = output.GetSpan(64 + streamSidJson.Length + 20);
        var written = Append(span, "{\"event\":\"mark\",\"streamSid\":"u8, 0);
        written = Append(span, streamSidJson, written);
        written = Append(span, ",\"mark\":{\"name\":\""u8, written);
        Utf8Formatter.TryFormat(name, span[written..], out var digits);
        written = Append(span, "\"}}"u8, written + digits);
        output.Advance(written);
    }

    /// <summary>Writes <c>{"event":"clear","streamSid":…}</c>.</summary>
    public static void WriteClear(IBufferWriter<byte> output, ReadOnlySpan<byte> streamSidJson)
    {
        var span = output.GetSpan(32 + streamSidJson.Length);
        var written = Append(span, "{\"event\":\"clear\",\"streamSid\":"u8, 0);
        written = Append(span, streamSidJson, written);
        written = Append(span, "}"u8, written);
        output.Advance(written);
    }

    /// <summary>A string as a JSON string token (quotes included), to write ids without escaping them per message.</summary>
    public static byte[] JsonString(string value) => JsonSerializer.SerializeToUtf8Bytes(value);

    /// <summary>Reads a mark name this bridge wrote (a decimal number); false for any other name.</summary>
    public static bool TryParseMarkName(ReadOnlySpan<byte> name, out long number) =>
        Utf8Parser.TryParse(name, out number, out var consumed) && consumed == name.Length && number >= 0;

    /// <summary>For logs: the event name of a kind.</summary>
    public static string Describe(MediaStreamEventKind kind) => kind.ToString().ToLowerInvariant();

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> text, int at)
    {
        text.CopyTo(destination[at..]);
        return at + text.Length;
    }

    internal static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
