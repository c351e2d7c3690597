using System.Net;
using System.Net.WebSockets;

namespace Realtime.Api;

/// <summary>
/// The realtime connection could not be opened, was lost, or was closed by the server in a way the reader must
/// know about. The message says what happened; it never contains credentials or header values.
/// </summary>
public class RealtimeConnectionException : Exception
{
    /// <summary>A connection error with what happened (never a credential) and the error that caused it.</summary>
    public RealtimeConnectionException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The close status the server sent, if it sent a close frame.</summary>
    public WebSocketCloseStatus? CloseStatus { get; init; }

    /// <summary>The close description the server sent, if any.</summary>
    public string? CloseStatusDescription { get; init; }

    /// <summary>The HTTP status of a rejected handshake (e.g. 401 for a bad key), if known.</summary>
    public HttpStatusCode? HttpStatusCode { get; init; }

    /// <summary>Bytes of an incomplete message that had arrived when the connection ended (0 between messages).</summary>
    public long PartialMessageBytes { get; init; }
}

/// <summary>A message is larger than the configured limit.</summary>
public sealed class RealtimeMessageTooLargeException : Exception
{
    /// <summary>A message of <paramref name="size"/> bytes over <paramref name="limit"/>; <paramref name="direction"/> names it ("outgoing", an event type).</summary>
    public RealtimeMessageTooLargeException(long size, long limit, string direction)
        : base($"The {direction} message is {size:N0} bytes, over the limit of {limit:N0} bytes.")
    {
        Size = size;
        Limit = limit;
    }

    /// <summary>The message size in bytes.</summary>
    public long Size { get; }

    /// <summary>The configured limit in bytes.</summary>
    public long Limit { get; }
}
