using System.Runtime.InteropServices;

namespace Realtime.Benchmarks.Receive;

/// <summary>
/// One direction of an in-memory connection, as a socket's buffer is: a bounded ring of bytes that one side writes and
/// the other reads, with no lock. (A <c>System.IO.Pipelines.Pipe</c> takes one lock, written by both sides, for every
/// read, advance, write and flush; with a writer and a reader running flat out on two cores that lock became the
/// bottleneck, and the feed switched at random between two speeds a factor of two apart.)
/// </summary>
/// <remarks>
/// One writer and one reader at a time. Each side owns one count (bytes written, bytes read) on a cache line of its
/// own. A side that must wait publishes a waiter, fences, then looks at the counts again; the other side moves its
/// count, fences, then looks for a waiter: one of the two always sees the other. The reader is woken as soon as bytes
/// arrive; a writer waiting for room is woken once half the buffer is free, as a socket's sender is.
/// </remarks>
public sealed class InMemorySocketBuffer
{
    private readonly byte[] _bytes;
    private readonly int _mask;
    private Counts _counts;
    private TaskCompletionSource? _readerWaiter;
    private TaskCompletionSource? _writerWaiter;
    private volatile bool _writerCompleted;
    private volatile bool _readerCompleted;

    /// <param name="capacity">Bytes the writer may be ahead of the reader (rounded up to a power of two).</param>
    public InMemorySocketBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _bytes = new byte[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity)];
        _mask = _bytes.Length - 1;
    }

    /// <summary>Bytes the writer may be ahead of the reader.</summary>
    public int Capacity => _bytes.Length;

    /// <summary>Copies all of <paramref name="data"/> in, waiting for room as needed.</summary>
    /// <exception cref="IOException">The reading side is closed.</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            if (_readerCompleted)
            {
                throw new IOException("The in-memory connection was closed by its reader.");
            }

            var written = _counts.Written;
            var free = _bytes.Length - (int)(written - Volatile.Read(ref _counts.Read));
            if (free == 0)
            {
                await WaitAsync(ref _writerWaiter, () => _bytes.Length - (int)(_counts.Written - Volatile.Read(ref _counts.Read)) >= _bytes.Length / 2 || _readerCompleted, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var count = Math.Min(free, data.Length);
            Copy(data.Span[..count], written);
            Volatile.Write(ref _counts.Written, written + count);
            Interlocked.MemoryBarrier(); // the count, then the look for a waiting reader
            Wake(ref _readerWaiter);
            data = data[count..];
        }
    }

    /// <summary>Copies what has arrived (at least one byte) into <paramref name="destination"/>; 0 once the writer is done and everything was read.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (_readerCompleted)
            {
                throw new ObjectDisposedException(nameof(InMemorySocketBuffer), "The reading side is closed.");
            }

            var read = _counts.Read;
            var available = (int)(Volatile.Read(ref _counts.Written) - read);
            if (available > 0)
            {
                var count = Math.Min(available, destination.Length);
                CopyOut(read, destination.Span[..count]);
                Volatile.Write(ref _counts.Read, read + count);
                Interlocked.MemoryBarrier(); // the count, then the look for a writer waiting for room
                if (Volatile.Read(ref _writerWaiter) is not null && _bytes.Length - (int)(Volatile.Read(ref _counts.Written) - (read + count)) >= _bytes.Length / 2)
                {
                    Wake(ref _writerWaiter);
                }

                return count;
            }

            if (_writerCompleted)
            {
                // The writer's last count was published before its completion flag: look once more.
                if (Volatile.Read(ref _counts.Written) == read)
                {
                    return 0;
                }

                continue;
            }

            await WaitAsync(ref _readerWaiter, () => Volatile.Read(ref _counts.Written) != _counts.Read || _writerCompleted || _readerCompleted, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>No more writes: the reader gets what is buffered, then the end of the stream.</summary>
    public void CompleteWriting()
    {
        _writerCompleted = true;
        Interlocked.MemoryBarrier();
        Wake(ref _readerWaiter);
    }

    /// <summary>No more reads: a waiting or later write fails, as a write to a closed socket does.</summary>
    public void CompleteReading()
    {
        _readerCompleted = true;
        Interlocked.MemoryBarrier();
        Wake(ref _writerWaiter);
        Wake(ref _readerWaiter);
    }

    private static Task WaitAsync(ref TaskCompletionSource? slot, Func<bool> ready, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref slot, waiter); // a full fence: the waiter, then the look at the counts
        if (ready())
        {
            Interlocked.CompareExchange(ref slot, null, waiter);
            return Task.CompletedTask;
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    private static void Wake(ref TaskCompletionSource? slot)
    {
        if (Volatile.Read(ref slot) is not null)
        {
            Interlocked.Exchange(ref slot, null)?.TrySetResult();
        }
    }

    private void Copy(ReadOnlySpan<byte> source, long at)
    {
        var start = (int)(at & _mask);
        var first = Math.Min(source.Length, _bytes.Length - start);
        source[..first].CopyTo(_bytes.AsSpan(start));
        source[first..].CopyTo(_bytes);
    }

    private void CopyOut(long at, Span<byte> destination)
    {
        var start = (int)(at & _mask);
        var first = Math.Min(destination.Length, _bytes.Length - start);
        _bytes.AsSpan(start, first).CopyTo(destination);
        _bytes.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
    }

    /// <summary>The two counts, each on a cache line of its own, so that the sides do not write one line.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct Counts
    {
        [FieldOffset(64)]
        public long Written;

        [FieldOffset(128)]
        public long Read;
    }
}

/// <summary>One end of an in-memory connection: reads one <see cref="InMemorySocketBuffer"/>, writes the other.</summary>
public sealed class InMemorySocketStream(InMemorySocketBuffer input, InMemorySocketBuffer output) : ConnectionStream
{
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        input.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => input.ReadAsync(buffer.AsMemory(offset, count), default).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => output.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        output.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => output.WriteAsync(buffer.AsMemory(offset, count), default).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask; // every write is delivered at once

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            input.CompleteReading(); // the peer's writes now fail
            output.CompleteWriting(); // the peer reads the end of the stream
        }

        base.Dispose(disposing);
    }
}

/// <summary>A stream that reads and writes but has no length or position, as a connection's.</summary>
public abstract class ConnectionStream : Stream
{
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
