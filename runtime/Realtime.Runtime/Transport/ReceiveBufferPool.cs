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
    private readonly object _lock = new();
    private readonly int _bufferBytes;
    private readonly byte[]?[] _free;
    private int _count;
    private bool _closed;

    /// <param name="bufferBytes">The size every message starts with.</param>
    /// <param name="maxRetained">The most idle buffers kept.</param>
    public ReceiveBufferPool(int bufferBytes, int maxRetained)
    {
        _bufferBytes = bufferBytes;
        _free = new byte[]?[Math.Max(1, maxRetained)];
    }

    /// <summary>How many returned buffers wait to be rented again.</summary>
    public int IdleCount
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>A buffer of at least the start size.</summary>
    public byte[] Rent()
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                var buffer = _free[--_count]!;
                _free[_count] = null;
                return buffer;
            }
        }

        return ArrayPool<byte>.Shared.Rent(_bufferBytes);
    }

    /// <summary>Takes a buffer back (from any thread); one that grew, or one too many, goes to the shared pool.</summary>
    public void Return(byte[] buffer)
    {
        // A start-size rent is shorter than twice the request; a grown buffer is at least twice as long.
        if (buffer.Length >= _bufferBytes && buffer.Length < 2L * _bufferBytes)
        {
            lock (_lock)
            {
                if (!_closed && _count < _free.Length)
                {
                    _free[_count++] = buffer;
                    return;
                }
            }
        }

        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Gives every idle buffer back to the shared pool; later returns go straight there (the transport is gone).</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            while (_count > 0)
            {
                ArrayPool<byte>.Shared.Return(_free[--_count]!);
                _free[_count] = null;
            }
        }
    }
}
