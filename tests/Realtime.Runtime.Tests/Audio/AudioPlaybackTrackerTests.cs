using System.Buffers;
using System.Text;
using Realtime.Api.Audio;

namespace Realtime.Runtime.Tests.Audio;

public class AudioPlaybackTrackerTests
{
    [Fact]
    public void Played_bytes_map_to_milliseconds_of_the_item_being_played()
    {
        var tracker = new AudioPlaybackTracker();
        Assert.False(tracker.TryGetTruncatePoint(out _));
        tracker.OnAudioReceived("item_a", 0, 4800); // 100 ms at 24 kHz PCM16
        tracker.OnAudioReceived("item_a", 0, 4800);
        tracker.OnAudioReceived("item_b", 0, 2400);
        Assert.Equal(12_000, tracker.QueuedBytes);

        Assert.True(tracker.TryGetTruncatePoint(out var point));
        Assert.Equal(new AudioTruncatePoint("item_a", 0, 0, 0), point); // nothing heard yet

        tracker.OnAudioPlayed(7_247); // 150.979 ms: rounds down
        tracker.TryGetTruncatePoint(out point);
        Assert.Equal(new AudioTruncatePoint("item_a", 0, 150, 7_247), point);

        tracker.OnAudioPlayed(9_600 - 7_247 + 96); // all of a, 2 ms of b
        tracker.TryGetTruncatePoint(out point);
        Assert.Equal(new AudioTruncatePoint("item_b", 0, 2, 96), point);

        tracker.OnAudioPlayed(2_304); // b finished; nothing queued: b stays the last heard part
        tracker.TryGetTruncatePoint(out point);
        Assert.Equal(new AudioTruncatePoint("item_b", 0, 50, 2400), point);
        Assert.Equal(0, tracker.QueuedBytes);
    }

    [Fact]
    public void Interrupting_writes_the_truncate_event_and_forgets_unplayed_audio()
    {
        var tracker = new AudioPlaybackTracker(AudioFormat.G711MuLaw); // 8 bytes per ms
        tracker.OnAudioReceived("item_\"x\"", 1, 8_000);
        tracker.OnAudioReceived("item_y", 0, 800);
        tracker.OnAudioPlayed(2_004);
        Assert.True(tracker.TryInterrupt(out var point));
        Assert.Equal(250, point.AudioEndMs);
        Assert.Equal(0, tracker.QueuedBytes);
        Assert.False(tracker.TryGetTruncatePoint(out _));

        var buffer = new ArrayBufferWriter<byte>();
        point.WriteTruncateEvent(buffer);
        Assert.Equal("""{"type":"conversation.item.truncate","item_id":"item_\"x\"","content_index":1,"audio_end_ms":250}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
        buffer.ResetWrittenCount();
        RealtimeAudioEvents.WriteConversationItemTruncate(buffer, "item_1", 0, long.MaxValue, "evt_9");
        Assert.Equal($$"""{"type":"conversation.item.truncate","event_id":"evt_9","item_id":"item_1","content_index":0,"audio_end_ms":{{long.MaxValue}}}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Misuse_is_rejected_without_changing_state()
    {
        var tracker = new AudioPlaybackTracker();
        tracker.OnAudioReceived("a", 0, 100);
        var error = Assert.Throws<InvalidOperationException>(() => tracker.OnAudioPlayed(101));
        Assert.Contains("only 100", error.Message);
        Assert.Equal(100, tracker.QueuedBytes);
        Assert.Throws<ArgumentException>(() => tracker.OnAudioReceived("", 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.OnAudioReceived("a", -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.OnAudioPlayed(-1));
        Assert.Throws<InvalidOperationException>(() => new AudioPlaybackTracker(default(AudioFormat)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RealtimeAudioEvents.WriteConversationItemTruncate(new ArrayBufferWriter<byte>(), "a", 0, -1));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(47, 0)]
    [InlineData(48, 1)]
    [InlineData(48_000, 1000)]
    [InlineData(47_999, 999)]
    public void Milliseconds_round_down_at_24kHz(long bytes, long ms) => Assert.Equal(ms, AudioFormat.Pcm16Realtime.BytesToMilliseconds(bytes));
}
