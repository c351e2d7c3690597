using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Realtime.Api;

/// <summary>
/// The bounded queue between the receive pump, its only writer, and the consumers: a ring of slots with a write count
/// and a read count. Each side keeps a copy of the other side's count and reads the real one only when that copy says
/// the ring is full (writer) or empty (reader), so while messages flow the two threads share no lock and no
/// cache line but the slots themselves. On a machine whose cores trade a cache line in a hundred nanoseconds or
/// more, a lock written by both sides for every message (as in a bounded <c>Channel</c>) costs more than the rest of
/// taking a message.
/// <list type="bullet">
/// <item>Readers take messages under a lock of their own, so several may read at once; the writer takes it only to
/// drop the oldest message.</item>
/// <item>A reader waiting for a message, and the writer waiting for room, each publish a waiter and then look at the
/// other side's count again; the other side, after moving its count, looks for a waiter. A full fence between each
/// write and the read that follows it means one of the two always sees the other (no lost wake-up).</item>
/// <item>The writer that waits for room is woken once the queue is down to half its capacity, so a consumer that is
/// behind does not pay a thread hand-off for every message it takes.</item>
/// </list>
/// </summary>
internal sealed class ReceiveQueue
{
    private readonly RealtimeMessage?[] _slots;
    private readonly long _slotMask;
    private readonly int _capacity;
    private readonly int _resumeWritingAt;
    private readonly RealtimeBackpressurePolicy _policy;
    private readonly Action<RealtimeMessage> _onDropped;
    private readonly object _readLock = new();
    private Counts _counts;
    private TaskCompletionSource? _readWaiter;
    private TaskCompletionSource? _roomWaiter;
    private Exception? _error;
    private bool _completed;

    /// <summary>The two counts on cache lines of their own, each next to its side's copy of the other count.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 384)]
    private struct Counts
    {
        /// <summary>Messages written; only the writer writes it.</summary>
        [FieldOffset(128)] public long Written;

        /// <summary>The writer's last look at <see cref="Read"/>.</summary>
        [FieldOffset(136)] public long ReadSeenByWriter;

        /// <summary>Messages taken out (read or dropped as oldest); written under the read lock.</summary>
        [FieldOffset(256)] public long Read;

        /// <summary>The readers' last look at <see cref="Written"/> (under the read lock).</summary>
        [FieldOffset(264)] public long WrittenSeenByReaders;
    }

    /// <param name="capacity">The most messages queued.</param>
    /// <param name="policy">What <see cref="TryWrite"/> does when the queue is full.</param>
    /// <param name="onDropped">Gets each message a drop policy discards (it owns it).</param>
    public ReceiveQueue(int capacity, RealtimeBackpressurePolicy policy, Action<RealtimeMessage> onDropped)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        _capacity = capacity;
        _slots = new RealtimeMessage?[(int)BitOperations.RoundUpToPowerOf2((uint)capacity)];
        _slotMask = _slots.Length - 1;
        _resumeWritingAt = capacity / 2;
        _policy = policy;
        _onDropped = onDropped;
    }

    /// <summary>The largest capacity (the ring's length is a power of two).</summary>
    public const int MaxCapacity = 1 << 30;

    /// <summary>Messages waiting to be read.</summary>
    public int Count => (int)(Volatile.Read(ref _counts.Written) - Volatile.Read(ref _counts.Read));

    // ---- the writer (one thread at a time) ----

    /// <summary>
    /// Queues <paramref name="message"/>. When the queue is full, <see cref="RealtimeBackpressurePolicy.Wait"/>
    /// returns false (see <see cref="WaitForRoomAsync"/>); the drop policies drop a message and return true.
    /// </summary>
    public bool TryWrite(RealtimeMessage message)
    {
        var written = _counts.Written;
        if (written - _counts.ReadSeenByWriter >= _capacity
            && written - (_counts.ReadSeenByWriter = Volatile.Read(ref _counts.Read)) >= _capacity)
        {
            switch (_policy)
            {
                case RealtimeBackpressurePolicy.Wait:
                    return false;
                case RealtimeBackpressurePolicy.DropNewest:
                    _onDropped(message);
                    return true;
                default:
                    if (TakeOldestIfFull(written) is { } oldest)
                    {
                        _onDropped(oldest);
                    }

                    break;
            }
        }

        _slots[written & _slotMask] = message;
        Volatile.Write(ref _counts.Written, written + 1);
        Interlocked.MemoryBarrier(); // the count, then the look for a waiting reader: see the class remarks
        if (Volatile.Read(ref _readWaiter) is not null)
        {
            WakeReaders();
        }

        return true;
    }

    private RealtimeMessage? TakeOldestIfFull(long written)
    {
        lock (_readLock)
        {
            var read = _counts.Read;
            _counts.ReadSeenByWriter = read;
            if (written - read < _capacity)
            {
                return null; // a reader made room in the meantime
            }

            var oldest = _slots[read & _slotMask]!;
            _slots[read & _slotMask] = null;
            Volatile.Write(ref _counts.Read, read + 1);
            _counts.ReadSeenByWriter = read + 1;
            return oldest;
        }
    }

    /// <summary>Completes when the queue is down to half its capacity (at once if it is already), or throws when <paramref name="cancellationToken"/> fires.</summary>
    public Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _roomWaiter, waiter); // a full fence: the waiter, then the look at the read count
        if (Count <= _resumeWritingAt)
        {
            Interlocked.CompareExchange(ref _roomWaiter, null, waiter);
            return Task.CompletedTask;
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    /// <summary>No more messages will come: readers take what is queued, then see the end (or <paramref name="error"/>).</summary>
    public void Complete(Exception? error)
    {
        _error = error;
        Volatile.Write(ref _completed, true);
        Interlocked.MemoryBarrier();
        WakeReaders();
    }

    private void WakeReaders() => Interlocked.Exchange(ref _readWaiter, null)?.TrySetResult();

    // ---- the readers (any number, any thread) ----

    /// <summary>Takes the oldest queued message, if any; the caller owns it.</summary>
    public bool TryRead([NotNullWhen(true)] out RealtimeMessage? message)
    {
        lock (_readLock)
        {
            var read = _counts.Read;
            // The writer may have moved the read count past the readers' copy by dropping the oldest: hence >=.
            if (read >= _counts.WrittenSeenByReaders && read == (_counts.WrittenSeenByReaders = Volatile.Read(ref _counts.Written)))
            {
                message = null;
                return false;
            }

            message = _slots[read & _slotMask]!;
            _slots[read & _slotMask] = null;
            Volatile.Write(ref _counts.Read, read + 1);
        }

        Interlocked.MemoryBarrier(); // the count, then the look for a writer waiting for room: see the class remarks
        if (Volatile.Read(ref _roomWaiter) is { } waiter
            && Count <= _resumeWritingAt
            && Interlocked.CompareExchange(ref _roomWaiter, null, waiter) == waiter)
        {
            waiter.TrySetResult();
        }

        return true;
    }

    /// <summary>True once a message can be read; false once the queue is completed and empty.</summary>
    /// <exception cref="Exception">The error the queue was completed with, once it is empty.</exception>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        return HasMessages ? new ValueTask<bool>(true) : WaitForMessageAsync(cancellationToken);
    }

    private bool HasMessages => Volatile.Read(ref _counts.Written) != Volatile.Read(ref _counts.Read);

    private async ValueTask<bool> WaitForMessageAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Volatile.Read(ref _completed))
            {
                if (HasMessages)
                {
                    return true;
                }

                if (_error is { } error)
                {
                    ExceptionDispatchInfo.Throw(error);
                }

                return false;
            }

            var waiter = Volatile.Read(ref _readWaiter);
            if (waiter is null)
            {
                var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiter = Interlocked.CompareExchange(ref _readWaiter, created, null) ?? created;
            }

            Interlocked.MemoryBarrier(); // the waiter, then the look at the write count and the end
            if (HasMessages)
            {
                return true;
            }

            if (!Volatile.Read(ref _completed))
            {
                await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
