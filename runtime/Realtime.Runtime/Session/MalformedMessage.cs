using System.ComponentModel;
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

/// <summary>What the generated malformed-message variants of every server-event union share.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MalformedMessage
{
    /// <summary>The <c>type</c> the bytes of an invalid-JSON message named, or empty.</summary>
    public static string FindType(ReadOnlyMemory<byte> rawJson, MalformedMessageReason reason) =>
        reason == MalformedMessageReason.InvalidJson ? JsonRuntime.FindStringProperty(rawJson.Span, "type"u8) ?? "" : "";

    /// <summary>Writes the raw bytes back when they are valid JSON (e.g. to log or forward them); otherwise throws.</summary>
    public static void WriteRaw(Utf8JsonWriter writer, IMalformedRealtimeEvent malformed)
    {
        ArgumentNullException.ThrowIfNull(malformed);
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
