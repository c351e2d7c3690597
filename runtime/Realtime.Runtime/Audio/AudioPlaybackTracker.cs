using System.Buffers;

namespace Realtime.Api.Audio;

/// <summary>
/// Where playback of an assistant item's audio stopped: the values of a <c>conversation.item.truncate</c> event.
/// </summary>
/// <param name="ItemId">The assistant message item.</param>
/// <param name="ContentIndex">The content part of that item.</param>
/// <param name="AudioEndMs">Whole milliseconds of that part actually played (rounded down, so never past the audio).</param>
/// <param name="PlayedBytes">Bytes of that part played.</param>
public readonly record struct AudioTruncatePoint(string ItemId, int ContentIndex, long AudioEndMs, long PlayedBytes)
{
    /// <summary>Writes the <c>conversation.item.truncate</c> event for this point; returns the bytes written.</summary>
    public int WriteTruncateEvent(IBufferWriter<byte> output, string? eventId = null) =>
        RealtimeAudioEvents.WriteConversationItemTruncate(output, ItemId, ContentIndex, AudioEndMs, eventId);
}

/// <summary>
/// Tracks output audio from reception to playback, per item and content part, so that when the user interrupts the
/// client can tell the server how much of the assistant's audio was actually heard.
/// </summary>
/// <remarks>
/// Report each decoded <c>response.output_audio.delta</c> with <see cref="OnAudioReceived"/> in the order it is queued for
/// playback, and the bytes the device has consumed with <see cref="OnAudioPlayed"/>. Byte counts are in
/// <see cref="Format"/> (the session's output format; default PCM16 24 kHz: 48 bytes per ms). Not thread-safe: call
/// from one place, or lock around calls.
/// </remarks>
/// <example>
/// <code>
/// tracker.OnAudioReceived(delta.ItemId, delta.ContentIndex, pcm.Length);   // when queuing audio for playback
/// tracker.OnAudioPlayed(bytesTheDeviceConsumed);                          // from the playback callback
/// if (userSpoke &amp;&amp; tracker.TryInterrupt(out var point)) { point.WriteTruncateEvent(buffer); /* send it, clear the device queue */ }
/// </code>
/// </example>
public sealed class AudioPlaybackTracker
{
    private sealed class Segment(string itemId, int contentIndex)
    {
        public string ItemId { get; } = itemId;
        public int ContentIndex { get; } = contentIndex;
        public long Received { get; set; }
        public long Played { get; set; }
    }

    // Parts in playback order; the head is the part being played. A fully played head is kept while it is the only
    // part, so the position of the last item heard stays known.
    private readonly Queue<Segment> _segments = new();
    private Segment? _tail; // the last part queued (the queue never drops it except on Clear)

    /// <summary>Creates a tracker for audio in <paramref name="format"/> (default PCM16 24 kHz mono).</summary>
    public AudioPlaybackTracker(AudioFormat? format = null)
    {
        Format = format ?? AudioFormat.Pcm16Realtime;
        Format.ThrowIfInvalid();
    }

    /// <summary>The output audio format the byte counts are in.</summary>
    public AudioFormat Format { get; }

    /// <summary>Bytes received and not yet played.</summary>
    public long QueuedBytes { get; private set; }

    /// <summary>Records <paramref name="byteCount"/> bytes of <paramref name="itemId"/>/<paramref name="contentIndex"/> queued for playback.</summary>
    public void OnAudioReceived(string itemId, int contentIndex, int byteCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        ArgumentOutOfRangeException.ThrowIfNegative(contentIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        if (_tail is null || _tail.ItemId != itemId || _tail.ContentIndex != contentIndex)
        {
            _tail = new Segment(itemId, contentIndex);
            _segments.Enqueue(_tail);
        }
        _tail.Received += byteCount;
        QueuedBytes += byteCount;
    }

    /// <summary>Records that the device played the next <paramref name="byteCount"/> queued bytes.</summary>
    /// <exception cref="InvalidOperationException">More bytes than were queued (nothing is recorded then).</exception>
    public void OnAudioPlayed(long byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        if (byteCount > QueuedBytes)
            throw new InvalidOperationException($"{byteCount} bytes reported played but only {QueuedBytes} were queued; report audio with OnAudioReceived first.");
        QueuedBytes -= byteCount;
        while (byteCount > 0)
        {
            Segment head = _segments.Peek();
            if (head.Played == head.Received)
            {
                _segments.Dequeue(); // finished, and a later part exists since bytes remain
                continue;
            }
            long take = Math.Min(byteCount, head.Received - head.Played);
            head.Played += take;
            byteCount -= take;
        }
        // Keep the invariant: a finished head is only kept while nothing follows it.
        while (_segments.Count > 1 && _segments.Peek().Played == _segments.Peek().Received)
            _segments.Dequeue();
    }

    /// <summary>
    /// The part playing now (or the last one played when the queue ran dry) and how much of it was heard;
    /// false when no audio was received.
    /// </summary>
    public bool TryGetTruncatePoint(out AudioTruncatePoint point)
    {
        if (_segments.Count == 0)
        {
            point = default;
            return false;
        }
        Segment head = _segments.Peek();
        point = new AudioTruncatePoint(head.ItemId, head.ContentIndex, Format.BytesToMilliseconds(head.Played), head.Played);
        return true;
    }

    /// <summary>
    /// For an interruption: returns the truncate point (as <see cref="TryGetTruncatePoint"/>) and forgets all unplayed
    /// audio — the caller also clears its playback queue. Parts queued after the current one were never heard.
    /// </summary>
    public bool TryInterrupt(out AudioTruncatePoint point)
    {
        bool found = TryGetTruncatePoint(out point);
        Clear();
        return found;
    }

    /// <summary>Forgets everything.</summary>
    public void Clear()
    {
        _segments.Clear();
        _tail = null;
        QueuedBytes = 0;
    }
}
