using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace Realtime.Api;

/// <summary>The transport's log messages: lifecycle and anomalies only, never payloads, headers or credentials.</summary>
internal static class TransportLog
{
    private static readonly Action<ILogger, string, Exception?> s_connecting =
        LoggerMessage.Define<string>(LogLevel.Debug, new EventId(1, "Connecting"), "Connecting to {Endpoint}");

    private static readonly Action<ILogger, string, Exception?> s_connected =
        LoggerMessage.Define<string>(LogLevel.Information, new EventId(2, "Connected"), "Connected to {Endpoint}");

    private static readonly Action<ILogger, WebSocketCloseStatus?, string?, Exception?> s_closedByServer =
        LoggerMessage.Define<WebSocketCloseStatus?, string?>(LogLevel.Information, new EventId(3, "ClosedByServer"), "The server closed the connection: {Status} {Description}");

    private static readonly Action<ILogger, Exception?> s_connectionLost =
        LoggerMessage.Define(LogLevel.Warning, new EventId(4, "ConnectionLost"), "The realtime connection was lost");

    private static readonly Action<ILogger, long, int, Exception?> s_messageTooLarge =
        LoggerMessage.Define<long, int>(LogLevel.Warning, new EventId(5, "MessageTooLarge"), "Skipped a received message of {Size} bytes (limit {Limit})");

    private static readonly Action<ILogger, long, Exception?> s_messageDropped =
        LoggerMessage.Define<long>(LogLevel.Warning, new EventId(6, "MessageDropped"), "The consumer is behind: dropped a received message ({Dropped} so far)");

    private static readonly Action<ILogger, WebSocketCloseStatus, Exception?> s_closing =
        LoggerMessage.Define<WebSocketCloseStatus>(LogLevel.Debug, new EventId(7, "Closing"), "Closing the connection with {Status}");

    public static void Connecting(ILogger? logger, string endpoint)
    {
        if (logger is not null)
        {
            s_connecting(logger, endpoint, null);
        }
    }

    public static void Connected(ILogger? logger, string endpoint)
    {
        if (logger is not null)
        {
            s_connected(logger, endpoint, null);
        }
    }

    public static void ClosedByServer(ILogger? logger, WebSocketCloseStatus? status, string? description)
    {
        if (logger is not null)
        {
            s_closedByServer(logger, status, description, null);
        }
    }

    public static void ConnectionLost(ILogger? logger, Exception error)
    {
        if (logger is not null)
        {
            s_connectionLost(logger, error);
        }
    }

    public static void MessageTooLarge(ILogger? logger, long size, int limit)
    {
        if (logger is not null)
        {
            s_messageTooLarge(logger, size, limit, null);
        }
    }

    public static void MessageDropped(ILogger? logger, long dropped)
    {
        if (logger is not null)
        {
            s_messageDropped(logger, dropped, null);
        }
    }

    public static void Closing(ILogger? logger, WebSocketCloseStatus status)
    {
        if (logger is not null)
        {
            s_closing(logger, status, null);
        }
    }
}
