using Microsoft.Extensions.Logging;

namespace Realtime.Api;

/// <summary>What the receive pump does when the consumer's queue is full.</summary>
public enum RealtimeBackpressurePolicy
{
    /// <summary>Lossless: the pump stops reading the socket until the consumer catches up (TCP flow control pushes back on the server).</summary>
    Wait,

    /// <summary>Drops the oldest queued message to make room (the latest state wins; counted in <see cref="RealtimeTransport.DroppedMessageCount"/>).</summary>
    DropOldest,

    /// <summary>Drops the message just received (what is queued is kept; counted in <see cref="RealtimeTransport.DroppedMessageCount"/>).</summary>
    DropNewest,
}

/// <summary>Tuning of a <see cref="RealtimeTransport"/>.</summary>
public sealed record RealtimeTransportOptions
{
    /// <summary>The per-event size limit of client events (15 MiB).</summary>
    public const int DefaultMaxSendMessageBytes = 15 * 1024 * 1024;

    /// <summary>How many received messages may wait for the consumer (default 1024).</summary>
    public int ReceiveQueueCapacity { get; init; } = 1024;

    /// <summary>What happens when that queue is full (default lossless <see cref="RealtimeBackpressurePolicy.Wait"/>).</summary>
    public RealtimeBackpressurePolicy BackpressurePolicy { get; init; } = RealtimeBackpressurePolicy.Wait;

    /// <summary>Largest received message kept (default 32 MiB); a larger one is skipped and reported as <see cref="RealtimeMessage.IsTooLarge"/>.</summary>
    public int MaxReceiveMessageBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Largest message sent (default 15 MiB, the API's limit); a larger one throws <see cref="RealtimeMessageTooLargeException"/> before anything is sent.</summary>
    public int MaxSendMessageBytes { get; init; } = DefaultMaxSendMessageBytes;

    /// <summary>First buffer size for a received message; it doubles as frames arrive (default 16 KiB).</summary>
    public int InitialReceiveBufferBytes { get; init; } = 16 * 1024;

    /// <summary>How long <see cref="RealtimeTransport.CloseAsync"/> waits for the server's close frame before aborting (default 5 s).</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Optional logger (connection lifecycle, drops, oversized messages; never secrets or payloads).</summary>
    public ILogger? Logger { get; init; }

    internal void Validate()
    {
        if (ReceiveQueueCapacity is < 1 or > ReceiveQueue.MaxCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveQueueCapacity), ReceiveQueueCapacity, $"The receive queue holds from 1 to {ReceiveQueue.MaxCapacity:N0} messages.");
        }

        if (MaxReceiveMessageBytes < 1 || MaxSendMessageBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReceiveMessageBytes), "Message size limits must be positive.");
        }

        if (InitialReceiveBufferBytes < 16)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialReceiveBufferBytes), InitialReceiveBufferBytes, "The initial receive buffer must hold at least 16 bytes.");
        }

        if (!Enum.IsDefined(BackpressurePolicy))
        {
            throw new ArgumentOutOfRangeException(nameof(BackpressurePolicy), BackpressurePolicy, "Unknown backpressure policy.");
        }
    }
}
