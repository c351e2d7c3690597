using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using System.Runtime.ExceptionServices;

namespace Realtime.Api;

/// <summary>
/// The bounded queue between the receive pump, its only writer, and the consumers: a <see cref="Ring{T}"/>, so that
/// while messages flow the two threads share no lock (a bounded <c>Channel</c> takes one lock, written by both
/// sides, for every message), plus the backpressure policies and the waits.
/// <list type="bullet">
/// <item>Readers take messages under a lock of their own, so several may read at once; the writer takes it only to
/// drop the oldest message.</item>
/// <item>A reader waiting for a message, and the writer waiting for room, each publish a waiter and then look at the
/// ring again; the other side, after moving its count, looks for a waiter. A full fence between each write and the
/// read that follows it means one of the two always sees the other (no lost wake-up).</item>
/// <item>The writer that waits for room is woken once the queue is down to half its capacity, so a consumer that is
/// behind does not pay a thread hand-off for every message it takes.</item>
/// </list>
/// </summary>
internal sealed class ReceiveQueue
{
    private readonly Ring<ReceivedMessage> _ring;
    private readonly int _resumeWritingAt;
    private readonly RealtimeBackpressurePolicy _policy;
    private readonly Action<ReceivedMessage> _onDropped;
    private readonly object _readLock = new();
    private TaskCompletionSource? _readWaiter;
    private TaskCompletionSource? _roomWaiter;
    private Exception? _error;
    private bool _completed;

    /// <param name="capacity">The most messages queued.</param>
    /// <param name="policy">What <see cref="TryWrite"/> does when the queue is full.</param>
    /// <param name="onDropped">Gets each message a drop policy discards (it owns it).</param>
    public ReceiveQueue(int capacity, RealtimeBackpressurePolicy policy, Action<ReceivedMessage> onDropped)
    {
        _ring = new Ring<ReceivedMessage>(capacity);
        _resumeWritingAt = capacity / 2;
        _policy = policy;
        _onDropped = onDropped;
    }

    /// <summary>The largest capacity.</summary>
    public const int MaxCapacity = Ring<ReceivedMessage>.MaxCapacity;

    /// <summary>Messages waiting to be read.</summary>
    public int Count => _ring.Count;

    // ---- the writer (one thread at a time) ----

    /// <summary>
    /// Queues <paramref name="message"/>. When the queue is full, <see cref="RealtimeBackpressurePolicy.Wait"/>
    /// returns false (see <see cref="WaitForRoomAsync"/>); the drop policies drop a message and return true.
    /// </summary>
    public bool TryWrite(ReceivedMessage message)
    {
        if (!_ring.TryEnqueue(message))
        {
            switch (_policy)
            {
                case RealtimeBackpressurePolicy.Wait:
                    return false;
                case RealtimeBackpressurePolicy.DropNewest:
                    _onDropped(message);
                    return true;
                default:
                    ReceivedMessage oldest = default;
                    bool droppedOldest;
                    lock (_readLock)
                    {
                        // Still full? The readers may have made room since.
                        droppedOldest = _ring.Count == _ring.Capacity && _ring.TryDequeue(out oldest);
                    }

                    if (droppedOldest)
                    {
                        _onDropped(oldest);
                    }

                    _ring.TryEnqueue(message); // room now: only this thread fills the ring
                    break;
            }
        }

        Interlocked.MemoryBarrier(); // the count, then the look for a waiting reader: see the class remarks
        if (Volatile.Read(ref _readWaiter) is not null)
        {
            WakeReaders();
        }

        return true;
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
    public bool TryRead(out ReceivedMessage message)
    {
        lock (_readLock)
        {
            if (!_ring.TryDequeue(out message))
            {
                return false;
            }

            // The reader will read the next message next: ask for its bytes now, so that they come from the pump's
            // core while this one is parsed rather than one cache miss at a time when it is.
            if (_ring.TryPeekSeen(out var next) && next.Buffer is { } nextBuffer)
            {
                CachePrefetch.Bytes(nextBuffer, next.Length);
            }
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

    private bool HasMessages => !_ring.IsEmpty;

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

/// <summary>
/// A received message as the queue holds it: a value, not an object, so that the consumer does not have to fetch an
/// object the pump's core just wrote (see <see cref="Ring{T}"/>). A skipped (too large) message has no buffer.
/// </summary>
/// <param name="Buffer">The pooled buffer holding the message, or null for a skipped message.</param>
/// <param name="Length">The message's bytes in <paramref name="Buffer"/>.</param>
/// <param name="MessageType">Text or binary.</param>
/// <param name="ReceivedLength">The bytes the message had on the wire.</param>
internal readonly record struct ReceivedMessage(byte[]? Buffer, int Length, WebSocketMessageType MessageType, long ReceivedLength);
