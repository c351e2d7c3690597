using System.Text.Json;

namespace Realtime.Api;

/// <summary>Why a received message could not become a typed server event.</summary>
public enum MalformedMessageReason
{
    /// <summary>Not JSON, or JSON that does not match the event its <c>type</c> names (e.g. a required field is missing).</summary>
    InvalidJson,

    /// <summary>Larger than <see cref="RealtimeTransportOptions.MaxReceiveMessageBytes"/>: skipped without buffering.</summary>
    TooLarge,

    /// <summary>A binary WebSocket message (the protocol only uses text).</summary>
    Binary,
}

/// <summary>
/// A received message that is not a valid server event. It is delivered in the event stream instead of ending it: the
/// session goes on. <see cref="RawJson"/> holds the message's bytes exactly as received (empty for a skipped,
/// too-large message). Not sent by the server: it is made by the session, so <see cref="Type"/> is whatever
/// <c>type</c> the bytes carried, if any could be found.
/// </summary>
public sealed partial record MalformedRealtimeServerEvent : RealtimeServerEvent, IMalformedRealtimeEvent
{
    public MalformedRealtimeServerEvent(ReadOnlyMemory<byte> rawJson, MalformedMessageReason reason, string message, Exception? error = null)
    {
        RawJson = rawJson;
        Reason = reason;
        Message = message;
        Error = error;
        Type = MalformedMessage.FindType(rawJson, reason);
    }

    /// <summary>The <c>type</c> the bytes named, or empty.</summary>
    public override string Type { get; }

    /// <summary>The message bytes as received.</summary>
    public ReadOnlyMemory<byte> RawJson { get; }

    /// <summary>What was wrong.</summary>
    public MalformedMessageReason Reason { get; }

    /// <summary>A readable explanation (the parser's message for invalid JSON).</summary>
    public string Message { get; }

    /// <summary>The parse error, when there was one.</summary>
    public Exception? Error { get; }

    /// <summary>Writes the raw bytes back when they are valid JSON (e.g. to log or forward them); otherwise throws.</summary>
    internal override void WriteJsonCore(Utf8JsonWriter writer) => MalformedMessage.WriteRaw(writer, this);
}

/// <summary>The <see cref="MalformedRealtimeServerEvent"/> of translation sessions (same meaning and members).</summary>
public sealed partial record MalformedRealtimeTranslationServerEvent : RealtimeTranslationServerEvent, IMalformedRealtimeEvent
{
    public MalformedRealtimeTranslationServerEvent(ReadOnlyMemory<byte> rawJson, MalformedMessageReason reason, string message, Exception? error = null)
    {
        RawJson = rawJson;
        Reason = reason;
        Message = message;
        Error = error;
        Type = MalformedMessage.FindType(rawJson, reason);
    }

    /// <inheritdoc cref="MalformedRealtimeServerEvent.Type"/>
    public override string Type { get; }

    /// <inheritdoc cref="MalformedRealtimeServerEvent.RawJson"/>
    public ReadOnlyMemory<byte> RawJson { get; }

    /// <inheritdoc cref="MalformedRealtimeServerEvent.Reason"/>
    public MalformedMessageReason Reason { get; }

    /// <inheritdoc cref="MalformedRealtimeServerEvent.Message"/>
    public string Message { get; }

    /// <inheritdoc cref="MalformedRealtimeServerEvent.Error"/>
    public Exception? Error { get; }

    /// <inheritdoc cref="MalformedRealtimeServerEvent.WriteJsonCore"/>
    internal override void WriteJsonCore(Utf8JsonWriter writer) => MalformedMessage.WriteRaw(writer, this);
}

/// <summary>What the malformed-message variants of every event union share.</summary>
internal static class MalformedMessage
{
    public static string FindType(ReadOnlyMemory<byte> rawJson, MalformedMessageReason reason) =>
        reason == MalformedMessageReason.InvalidJson ? JsonRuntime.FindStringProperty(rawJson.Span, "type"u8) ?? "" : "";

    public static void WriteRaw(Utf8JsonWriter writer, IMalformedRealtimeEvent malformed)
    {
        try
        {
            JsonRuntime.WriteRaw(writer, malformed.RawJson);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"A malformed message ({malformed.Reason}) cannot be written as JSON: {malformed.Message}", ex);
        }
    }
}
