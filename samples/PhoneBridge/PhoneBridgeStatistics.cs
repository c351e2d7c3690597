using System.Diagnostics;

namespace PhoneBridge;

/// <summary>Why a call ended.</summary>
public enum CallEndReason
{
    /// <summary>The phone side sent <c>stop</c> (the caller hung up).</summary>
    Stopped,

    /// <summary>The phone side closed the WebSocket without <c>stop</c>.</summary>
    PhoneClosed,

    /// <summary>The phone's connection was lost (no close handshake).</summary>
    PhoneDropped,

    /// <summary>The phone side stopped reading: a send to it did not complete within the send timeout.</summary>
    PhoneStoppedReading,

    /// <summary>The phone side never sent a valid <c>start</c>.</summary>
    NoStart,

    /// <summary>The realtime session could not be opened.</summary>
    SessionConnectFailed,

    /// <summary>The realtime session was lost or failed.</summary>
    SessionFailed,

    /// <summary>The realtime session was closed by the server.</summary>
    SessionEnded,

    /// <summary>The bridge is shutting down.</summary>
    Shutdown,
}

/// <summary>
/// The bridge's running figures, shared by all calls (lock-free counters, so recording costs no allocation):
/// calls by end reason, frames, and the forward latency (a phone frame's arrival → its append event handed to the
/// session socket) in a fixed histogram of 10 µs buckets up to 100 ms.
/// </summary>
public sealed class PhoneBridgeStatistics
{
    private const int BucketMicroseconds = 10;
    private const int BucketCount = 10_000; // 100 ms; slower frames land in the last bucket (and in the maximum)

    private readonly long[] _latency = new long[BucketCount + 1];
    private readonly long[] _endReasons = new long[Enum.GetValues<CallEndReason>().Length];
    private long _maxLatencyTicks;
    private long _callsStarted;
    private long _activeCalls;
    private long _phoneFrames;
    private long _appendEvents;
    private long _assistantChunks;
    private long _bargeIns;
    private long _badMessages;

    /// <summary>Calls whose session is open now.</summary>
    public long ActiveCalls => Interlocked.Read(ref _activeCalls);

    /// <summary>Calls that got a session.</summary>
    public long CallsStarted => Interlocked.Read(ref _callsStarted);

    /// <summary>Media frames received from phones.</summary>
    public long PhoneFrames => Interlocked.Read(ref _phoneFrames);

    /// <summary>Append events sent to sessions.</summary>
    public long AppendEvents => Interlocked.Read(ref _appendEvents);

    /// <summary>Assistant audio chunks sent to phones.</summary>
    public long AssistantChunks => Interlocked.Read(ref _assistantChunks);

    /// <summary>Interruptions handled (truncate + clear).</summary>
    public long BargeIns => Interlocked.Read(ref _bargeIns);

    /// <summary>Phone messages that were not valid Media Streams messages (skipped).</summary>
    public long BadMessages => Interlocked.Read(ref _badMessages);

    /// <summary>Calls that ended for <paramref name="reason"/>.</summary>
    public long CallsEnded(CallEndReason reason) => Interlocked.Read(ref _endReasons[(int)reason]);

    internal void CallStarted()
    {
        Interlocked.Increment(ref _callsStarted);
        Interlocked.Increment(ref _activeCalls);
    }

    internal void CallEnded(CallEndReason reason, bool hadSession)
    {
        if (hadSession)
            Interlocked.Decrement(ref _activeCalls);
        Interlocked.Increment(ref _endReasons[(int)reason]);
    }

    internal void BadMessage() => Interlocked.Increment(ref _badMessages);

    internal void BargeIn() => Interlocked.Increment(ref _bargeIns);

    internal void AssistantChunk() => Interlocked.Increment(ref _assistantChunks);

    /// <summary>A phone frame was handed to the session, which sent <paramref name="appendEvents"/> events for it.</summary>
    internal void FrameForwarded(long arrivalTimestamp, int appendEvents)
    {
        Interlocked.Increment(ref _phoneFrames);
        if (appendEvents == 0)
            return; // its audio leaves with the next frame (the resampler's look-ahead)
        Interlocked.Add(ref _appendEvents, appendEvents);
        var ticks = Stopwatch.GetTimestamp() - arrivalTimestamp;
        var micros = ticks * 1_000_000 / Stopwatch.Frequency;
        Interlocked.Increment(ref _latency[Math.Min(micros / BucketMicroseconds, BucketCount)]);
        long max;
        while (ticks > (max = Interlocked.Read(ref _maxLatencyTicks)) && Interlocked.CompareExchange(ref _maxLatencyTicks, ticks, max) != max)
        {
        }
    }

    /// <summary>Forgets the latency recorded so far (e.g. after a warm-up); counters keep running.</summary>
    public void ResetLatency()
    {
        for (var i = 0; i < _latency.Length; i++)
            Interlocked.Exchange(ref _latency[i], 0);
        Interlocked.Exchange(ref _maxLatencyTicks, 0);
    }

    /// <summary>The forward latency since the last reset: count, p50, p99 and max in milliseconds.</summary>
    public LatencySummary GetLatency()
    {
        var counts = new long[_latency.Length];
        long total = 0;
        for (var i = 0; i < counts.Length; i++)
            total += counts[i] = Interlocked.Read(ref _latency[i]);
        var max = Interlocked.Read(ref _maxLatencyTicks) * 1000.0 / Stopwatch.Frequency;
        return new LatencySummary(total, Percentile(counts, total, 0.50), Percentile(counts, total, 0.99), max);
    }

    // The upper edge of the bucket holding the percentile (a bound: the true value is at most 10 µs less).
    private static double Percentile(long[] counts, long total, double fraction)
    {
        if (total == 0)
            return 0;
        var rank = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
                return (i + 1) * BucketMicroseconds / 1000.0;
        }

        return BucketCount * BucketMicroseconds / 1000.0;
    }
}

/// <summary>Latency figures in milliseconds.</summary>
public readonly record struct LatencySummary(long Count, double P50Ms, double P99Ms, double MaxMs);
