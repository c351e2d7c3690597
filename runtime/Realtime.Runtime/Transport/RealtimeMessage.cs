using System.Buffers;
using System.Net.WebSockets;
using System.Text;

namespace Realtime.Api;

/// <summary>
/// One complete WebSocket message, reassembled from its frames into a pooled buffer (the transport's receive buffers, backed by <see cref="ArrayPool{T}"/>).
/// <see cref="Dispose"/> returns the buffer (idempotent); the data must not be used afterwards.
/// </summary>
public sealed class RealtimeMessage : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;
    private readonly ReceiveBufferPool? _pool;

    internal RealtimeMessage(byte[] buffer, int length, WebSocketMessageType messageType, ReceiveBufferPool? pool = null)
    {
        _buffer = buffer;
        _length = length;
        _pool = pool;
        MessageType = messageType;
        ReceivedLength = length;
    }

    private RealtimeMessage(WebSocketMessageType messageType, long receivedLength)
    {
        MessageType = messageType;
        ReceivedLength = receivedLength;
        IsTooLarge = true;
    }

    /// <summary>A message that exceeded the size limit: its bytes were skipped, only its length is known.</summary>
    internal static RealtimeMessage TooLarge(WebSocketMessageType messageType, long receivedLength) => new(messageType, receivedLength);

    /// <summary>Wraps bytes for tests and custom sources (copied into a pooled buffer).</summary>
    public static RealtimeMessage FromBytes(ReadOnlySpan<byte> data, WebSocketMessageType messageType = WebSocketMessageType.Text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, data.Length));
        data.CopyTo(buffer);
        return new RealtimeMessage(buffer, data.Length, messageType);
    }

    /// <summary>Text (the realtime protocol's JSON) or binary.</summary>
    public WebSocketMessageType MessageType { get; }

    /// <summary>True when the message was larger than <see cref="RealtimeTransportOptions.MaxReceiveMessageBytes"/> and was skipped; <see cref="Memory"/> is empty.</summary>
    public bool IsTooLarge { get; }

    /// <summary>How many bytes the message had on the wire.</summary>
    public long ReceivedLength { get; }

    /// <summary>The message bytes (UTF-8 JSON for text messages); empty for a skipped message.</summary>
    public ReadOnlyMemory<byte> Memory => IsTooLarge
        ? ReadOnlyMemory<byte>.Empty
        : new ReadOnlyMemory<byte>(_buffer ?? throw new ObjectDisposedException(nameof(RealtimeMessage)), 0, _length);

    /// <inheritdoc cref="Memory"/>
    public ReadOnlySpan<byte> Span => Memory.Span;

    /// <summary>The message as text (allocates; for diagnostics).</summary>
    public override string ToString() => IsTooLarge
        ? $"<message of {ReceivedLength} bytes skipped: too large>"
        : Encoding.UTF8.GetString(Span);

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            if (_pool is null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            else
            {
                _pool.Return(buffer);
            }
        }
    }
}
