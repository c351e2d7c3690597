using System.Buffers;

namespace Realtime.Api;

/// <summary>
/// The receive buffers of one transport, in front of <see cref="ArrayPool{T}.Shared"/>. Each queued message holds its
/// buffer until the consumer disposes it, so a full receive queue keeps hundreds of buffers out at once: far more
/// than the shared pool stocks per size (a few dozen per core), so there every further message allocated a new
/// buffer and dropped one on return. This pool keeps the buffers returned by consumers for the pump to take again,
/// so a busy connection receives without allocating. Only buffers of the first size are kept (messages that grew
/// go back to the shared pool), at most <c>maxRetained</c> of them.
/// </summary>
internal sealed class ReceiveBufferPool
{
    // The pump rents (the ring's one dequeuer); buffers come back from whichever threads dispose messages, under
    // _returnLock (the enqueuing side). The pump returns one only when a message grew or the connection failed, so
    // in steady state the lock stays with the consumer and the two threads share only the ring's slots.
    private readonly object _returnLock = new();
    private readonly int _bufferBytes;
    private readonly Ring<byte[]> _idle;
    private bool _closed;

    /// <param name="bufferBytes">The size every message starts with.</param>
    /// <param name="maxRetained">The most idle buffers kept.</param>
    public ReceiveBufferPool(int bufferBytes, int maxRetained)
    {
        _bufferBytes = bufferBytes;
        _idle = new Ring<byte[]>(Math.Clamp(maxRetained, 1, Ring<byte[]>.MaxCapacity));
    }

    /// <summary>How many returned buffers wait to be rented again.</summary>
    public int IdleCount => _idle.Count;

    /// <summary>A buffer of at least the start size. Called by one thread at a time (the pump).</summary>
    public byte[] Rent() => _idle.TryDequeue(out var buffer) ? buffer : ArrayPool<byte>.Shared.Rent(_bufferBytes);

    /// <summary>Takes a buffer back (from any thread); one that grew, or one too many, goes to the shared pool.</summary>
    public void Return(byte[] buffer)
    {
        // A start-size rent is shorter than twice the request; a grown buffer is at least twice as long.
        if (buffer.Length >= _bufferBytes && buffer.Length < 2L * _bufferBytes)
        {
            lock (_returnLock)
            {
                if (!_closed && _idle.TryEnqueue(buffer))
                {
                    return;
                }
            }
        }

        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>
    /// Gives every idle buffer back to the shared pool; later returns go straight there (the transport is gone).
    /// Called once the pump has stopped renting.
    /// </summary>
    public void Close()
    {
        lock (_returnLock)
        {
            _closed = true;
        }

        while (_idle.TryDequeue(out var buffer))
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
