using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Realtime.Api;

/// <summary>
/// A bounded first-in first-out ring for one enqueuer and one dequeuer at a time (each side may be a different
/// thread; a side with several threads takes a lock of its own around its calls). Each side owns one count and keeps
/// a copy of the other side's, reading the real one only when its copy says the ring is full (enqueuer) or empty
/// (dequeuer). So while items flow, the two threads share no lock and no cache line but the slots: on a machine whose
/// cores trade a cache line in a hundred nanoseconds or more, a lock both sides write for every item costs more than
/// everything else a hand-off does.
/// </summary>
/// <remarks>
/// The counts are published with release writes and read with acquire reads, so an item is fully written before the
/// dequeuer can see it and a slot is cleared before the enqueuer can reuse it. Waking a waiting side is the owner's
/// business (see <see cref="ReceiveQueue"/>).
/// </remarks>
internal sealed class Ring<T>
{
    private readonly T[] _slots;
    private readonly long _slotMask;
    private readonly int _capacity;
    private RingCounts _counts;

    /// <summary>The largest capacity (the slots are a power of two).</summary>
    public const int MaxCapacity = 1 << 30;

    public Ring(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        _capacity = capacity;
        _slots = new T[(int)BitOperations.RoundUpToPowerOf2((uint)capacity)];
        _slotMask = _slots.Length - 1;
    }

    /// <summary>The most items held.</summary>
    public int Capacity => _capacity;

    /// <summary>Items held (exact when neither side is moving).</summary>
    public int Count => (int)(Volatile.Read(ref _counts.Enqueued) - Volatile.Read(ref _counts.Dequeued));

    /// <summary>True when an item can be dequeued (exact when neither side is moving).</summary>
    /// <remarks>
    /// Asks the dequeuer's copy of the enqueued count first: while it shows items left, the enqueuer's cache line
    /// (written for every item) is not fetched. The copy is read without the dequeuing side's lock; it only grows,
    /// so a stale read just falls through to the real count.
    /// </remarks>
    public bool IsEmpty =>
        Volatile.Read(ref _counts.Dequeued) >= Volatile.Read(ref _counts.EnqueuedSeen)
        && Volatile.Read(ref _counts.Enqueued) == Volatile.Read(ref _counts.Dequeued);

    /// <summary>Adds <paramref name="item"/> at the end; false when the ring is full. The enqueuing side only.</summary>
    public bool TryEnqueue(T item)
    {
        var enqueued = _counts.Enqueued;
        if (enqueued - _counts.DequeuedSeen >= _capacity
            && enqueued - (_counts.DequeuedSeen = Volatile.Read(ref _counts.Dequeued)) >= _capacity)
        {
            return false;
        }

        _slots[enqueued & _slotMask] = item;
        Volatile.Write(ref _counts.Enqueued, enqueued + 1);
        return true;
    }

    /// <summary>
    /// The item after the ones taken so far, left in the ring; false when the dequeuer's copy of the enqueued count
    /// shows none (it does not fetch the real count, so it may miss an item just added). The dequeuing side only.
    /// </summary>
    public bool TryPeekSeen([MaybeNullWhen(false)] out T item)
    {
        var dequeued = _counts.Dequeued;
        if (dequeued == _counts.EnqueuedSeen)
        {
            item = default;
            return false;
        }

        item = _slots[dequeued & _slotMask];
        return true;
    }

    /// <summary>Takes the oldest item; false when the ring is empty. The dequeuing side only.</summary>
    public bool TryDequeue([MaybeNullWhen(false)] out T item)
    {
        var dequeued = _counts.Dequeued;
        if (dequeued == _counts.EnqueuedSeen && dequeued == (_counts.EnqueuedSeen = Volatile.Read(ref _counts.Enqueued)))
        {
            item = default;
            return false;
        }

        item = _slots[dequeued & _slotMask];
        _slots[dequeued & _slotMask] = default!; // the ring holds no reference to what it gave out
        Volatile.Write(ref _counts.Dequeued, dequeued + 1);
        return true;
    }
}

/// <summary>The counts of a <see cref="Ring{T}"/>, each on a cache line of its own, next to its side's copy of the other count (outside the generic class: a generic type cannot have an explicit layout).</summary>
[StructLayout(LayoutKind.Explicit, Size = 384)]
internal struct RingCounts
{
    /// <summary>Items enqueued; only the enqueuer writes it.</summary>
    [FieldOffset(128)] public long Enqueued;

    /// <summary>The enqueuer's last look at <see cref="Dequeued"/>.</summary>
    [FieldOffset(136)] public long DequeuedSeen;

    /// <summary>Items dequeued; only the dequeuer writes it.</summary>
    [FieldOffset(256)] public long Dequeued;

    /// <summary>The dequeuer's last look at <see cref="Enqueued"/>.</summary>
    [FieldOffset(264)] public long EnqueuedSeen;
}
