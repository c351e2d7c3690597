using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using CsCheck;
using Realtime.Api.Audio;

namespace Realtime.Runtime.Tests.Audio;

public class AudioFramerTests
{
    /// <summary>Parses one append event, checks its shape and returns the decoded audio.</summary>
    internal static byte[] ParseAppendEvent(ReadOnlySpan<byte> json, string? expectedEventId = null, string expectedType = "input_audio_buffer.append")
    {
        using JsonDocument document = JsonDocument.Parse(json.ToArray());
        JsonElement root = document.RootElement;
        Assert.Equal(expectedType, root.GetProperty("type").GetString());
        if (expectedEventId is null)
            Assert.False(root.TryGetProperty("event_id", out _));
        else
            Assert.Equal(expectedEventId, root.GetProperty("event_id").GetString());
        Assert.Equal(expectedEventId is null ? 2 : 3, root.EnumerateObject().Count());
        return root.GetProperty("audio").GetBytesFromBase64();
    }

    [Fact]
    public void Random_chunks_reassemble_bit_exactly_into_frames_of_the_configured_size()
    {
        // Chunk sizes are biased to tiny and odd ones (1 byte, half samples) as well as multi-frame ones.
        Gen<int> chunkSize = Gen.Frequency((3, Gen.Int[1, 3]), (3, Gen.Int[4, 999]), (1, Gen.Int[1000, 5000]));
        Gen.Select(Gen.Byte.Array[0, 20_000], chunkSize.Array[1, 30], Gen.OneOf(Gen.Const(10), Gen.Const(20), Gen.Const(40)))
            .Sample((pcm, chunks, frameMs) =>
            {
                var framer = new AudioFramer(new AudioFramerOptions { FrameDuration = TimeSpan.FromMilliseconds(frameMs) });
                int frameBytes = 48 * frameMs;
                Assert.Equal(frameBytes, framer.FrameBytes);
                var reassembled = new List<byte>();
                foreach (var (offset, length) in AudioTestSignals.Chunks(pcm.Length, chunks))
                {
                    ReadOnlySpan<byte> chunk = pcm.AsSpan(offset, length);
                    while (framer.TryReadFrame(ref chunk, out ReadOnlySpan<byte> frame))
                    {
                        Assert.Equal(frameBytes, frame.Length);
                        reassembled.AddRange(frame);
                    }
                    Assert.True(chunk.IsEmpty);
                    Assert.Equal(offset + length - reassembled.Count, framer.PendingBytes);
                }
                Assert.Equal(pcm.Length / frameBytes * frameBytes, reassembled.Count);
                if (pcm.Length % 2 == 0)
                {
                    if (framer.TryFlush(out ReadOnlySpan<byte> last))
                    {
                        Assert.InRange(last.Length, 1, frameBytes - 1);
                        reassembled.AddRange(last);
                    }
                    Assert.Equal(pcm, reassembled.ToArray());
                }
                else
                {
                    Assert.Throws<InvalidOperationException>(() => framer.TryFlush(out _));
                    Assert.Equal(pcm.Length - reassembled.Count, framer.PendingBytes); // kept, not lost
                }
                Assert.Equal(pcm.Length, framer.BytesConsumed);
            }, iter: 300);
    }

    [Fact]
    public void Append_events_carry_every_byte_and_have_the_exact_predicted_size()
    {
        Gen.Select(Gen.Byte.Array[0, 12_000], Gen.Int[1, 2500].Array[1, 20])
            .Sample((pcm, chunks) =>
            {
                var framer = new AudioFramer();
                var buffer = new ArrayBufferWriter<byte>();
                var reassembled = new List<byte>();
                foreach (var (offset, length) in AudioTestSignals.Chunks(pcm.Length, chunks))
                {
                    ReadOnlyMemory<byte> rest = pcm.AsMemory(offset, length);
                    while (!rest.IsEmpty)
                    {
                        rest = rest.Slice(framer.WriteAppendEvent(rest.Span, buffer, out bool wrote));
                        if (!wrote)
                            continue;
                        Assert.Equal(RealtimeAudioEvents.GetInputAudioBufferAppendLength(960), buffer.WrittenCount);
                        byte[] audio = ParseAppendEvent(buffer.WrittenSpan);
                        Assert.Equal(960, audio.Length);
                        reassembled.AddRange(audio);
                        buffer.ResetWrittenCount();
                    }
                }
                if (pcm.Length % 2 == 1)
                    Assert.Throws<InvalidOperationException>(() => framer.TryWriteFlushEvent(buffer));
                else if (framer.TryWriteFlushEvent(buffer))
                    reassembled.AddRange(ParseAppendEvent(buffer.WrittenSpan));
                if (pcm.Length % 2 == 0)
                    Assert.Equal(pcm, reassembled.ToArray());
            }, iter: 150);
    }

    [Fact]
    public void The_default_event_is_the_documented_json_with_an_optional_escaped_event_id()
    {
        var buffer = new ArrayBufferWriter<byte>();
        RealtimeAudioEvents.WriteInputAudioBufferAppend(buffer, [1, 2, 3, 4]);
        Assert.Equal("""{"type":"input_audio_buffer.append","audio":"AQIDBA=="}""", Encoding.UTF8.GetString(buffer.WrittenSpan));

        buffer.ResetWrittenCount();
        const string id = "evt \"1\"\\\n\u0001é😀";
        int written = RealtimeAudioEvents.WriteInputAudioBufferAppend(buffer, [], id);
        Assert.Equal(written, buffer.WrittenCount);
        Assert.Equal(RealtimeAudioEvents.GetInputAudioBufferAppendLength(0, id), written);
        Assert.Empty(ParseAppendEvent(buffer.WrittenSpan, id));
        Assert.Throws<ArgumentException>(() => RealtimeAudioEvents.WriteInputAudioBufferAppend(buffer, [1], "bad \ud800 surrogate"));
    }

    [Fact]
    public void Translation_sessions_get_their_own_append_event_type_with_the_same_framing_and_size_accounting()
    {
        var options = new AudioFramerOptions { AppendEventType = RealtimeAudioEvents.TranslationInputAudioBufferAppendType };
        var framer = new AudioFramer(options);
        var buffer = new ArrayBufferWriter<byte>();
        byte[] pcm = new byte[2 * 960 + 7];
        new Random(3).NextBytes(pcm);
        var reassembled = new List<byte>();
        ReadOnlySpan<byte> input = pcm;
        while (framer.TryWriteAppendEvent(ref input, buffer, "e1"))
        {
            Assert.Equal(RealtimeAudioEvents.GetAppendEventLength(options.AppendEventType, 960, "e1"), buffer.WrittenCount);
            reassembled.AddRange(ParseAppendEvent(buffer.WrittenSpan, "e1", "session.input_audio_buffer.append"));
            buffer.ResetWrittenCount();
        }
        Assert.Equal(7, framer.PendingBytes); // a half sample stays carried, never dropped
        Assert.Equal(pcm.AsSpan(0, 2 * 960).ToArray(), reassembled.ToArray());

        // The general writer produces the same bytes as the dedicated one for the default type.
        var general = new ArrayBufferWriter<byte>();
        RealtimeAudioEvents.WriteAppendEvent(general, RealtimeAudioEvents.InputAudioBufferAppendType, [9, 8, 7], "x\"y");
        var dedicated = new ArrayBufferWriter<byte>();
        RealtimeAudioEvents.WriteInputAudioBufferAppend(dedicated, [9, 8, 7], "x\"y");
        Assert.Equal(dedicated.WrittenSpan.ToArray(), general.WrittenSpan.ToArray());

        // The longer type counts against the size limit: a frame that just fits the default type does not fit it.
        int frameBytes = 2400 * 2;
        long defaultSize = RealtimeAudioEvents.GetInputAudioBufferAppendLength(frameBytes);
        var tight = new AudioFramerOptions { FrameDuration = TimeSpan.FromMilliseconds(100), MaxEventBytes = (int)defaultSize };
        Assert.Equal(frameBytes, new AudioFramer(tight).FrameBytes);
        var refused = Assert.Throws<ArgumentException>(() => new AudioFramer(tight with { AppendEventType = RealtimeAudioEvents.TranslationInputAudioBufferAppendType }));
        Assert.Contains("limit", refused.Message);
        Assert.Throws<ArgumentException>(() => new AudioFramer(new AudioFramerOptions { AppendEventType = "" }));
    }

    [Fact]
    public void Frame_sizes_follow_format_and_duration()
    {
        Assert.Equal(960, new AudioFramer().FrameBytes);
        Assert.Equal(4800, new AudioFramer(new AudioFramerOptions { FrameDuration = TimeSpan.FromMilliseconds(100) }).FrameBytes);
        Assert.Equal(160, new AudioFramer(new AudioFramerOptions { Format = AudioFormat.G711MuLaw }).FrameBytes);
        Assert.Equal(80, new AudioFramer(new AudioFramerOptions { Format = AudioFormat.G711ALaw, FrameDuration = TimeSpan.FromMilliseconds(10) }).FrameBytes);
        // 1250 ticks (0.125 ms) is the shortest TimeSpan holding whole 24 kHz samples: 3 samples.
        Assert.Equal(6, new AudioFramer(new AudioFramerOptions { FrameDuration = TimeSpan.FromTicks(1250) }).FrameBytes);
    }

    [Fact]
    public void Bad_configurations_are_rejected_with_the_reason()
    {
        // Longest legal frame at 24 kHz PCM16: its event must stay within 15 MiB.
        var tooLong = Assert.Throws<ArgumentException>(() => new AudioFramer(new AudioFramerOptions { FrameDuration = TimeSpan.FromSeconds(300) }));
        Assert.Contains("limit", tooLong.Message);
        var justFits = new AudioFramer(new AudioFramerOptions { FrameDuration = TimeSpan.FromSeconds(240) });
        Assert.True(RealtimeAudioEvents.GetInputAudioBufferAppendLength(justFits.FrameBytes) <= RealtimeAudioEvents.MaxClientEventBytes);

        Assert.Throws<ArgumentException>(() => new AudioFramer(new AudioFramerOptions { MaxEventBytes = RealtimeAudioEvents.MaxClientEventBytes + 1 }));
        Assert.Throws<ArgumentException>(() => new AudioFramer(new AudioFramerOptions { MaxEventBytes = 1000 })); // < one 20 ms event
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioFramer(new AudioFramerOptions { FrameDuration = TimeSpan.Zero }));
        var fractional = Assert.Throws<ArgumentException>(() => new AudioFramer(new AudioFramerOptions { FrameDuration = TimeSpan.FromTicks(1) }));
        Assert.Contains("whole number of samples", fractional.Message);
        Assert.Throws<ArgumentException>(() => new AudioFramer(new AudioFramerOptions { Format = default }));
        Assert.Throws<ArgumentException>(() => new AudioFramer(new AudioFramerOptions { FlushMode = (AudioFlushMode)7 }));
    }

    [Fact]
    public void An_event_id_that_would_break_the_size_limit_is_refused_before_any_audio_is_taken()
    {
        var framer = new AudioFramer(new AudioFramerOptions { MaxEventBytes = 1400 });
        var buffer = new ArrayBufferWriter<byte>();
        ReadOnlySpan<byte> input = new byte[960];
        string longId = new('x', 200);
        try
        {
            framer.TryWriteAppendEvent(ref input, buffer, longId);
            Assert.Fail("expected an ArgumentException");
        }
        catch (ArgumentException error)
        {
            Assert.Contains("event id", error.Message);
        }
        Assert.Equal(960, input.Length);
        Assert.Equal(0, framer.PendingBytes);
        Assert.True(framer.TryWriteAppendEvent(ref input, buffer, "short"));
    }

    [Fact]
    public void Pad_mode_fills_the_last_frame_with_silence_including_a_half_sample()
    {
        var framer = new AudioFramer(new AudioFramerOptions { FlushMode = AudioFlushMode.PadWithSilence, FrameDuration = TimeSpan.FromMilliseconds(10) });
        ReadOnlySpan<byte> input = [9, 9, 9];
        Assert.False(framer.TryReadFrame(ref input, out _));
        Assert.True(framer.TryFlush(out ReadOnlySpan<byte> frame));
        Assert.Equal(480, frame.Length);
        Assert.Equal([9, 9, 9], frame.Slice(0, 3).ToArray());
        Assert.True(frame.Slice(3).IndexOfAnyExcept((byte)0) < 0);
        Assert.False(framer.TryFlush(out _));

        var muLaw = new AudioFramer(new AudioFramerOptions { Format = AudioFormat.G711MuLaw, FlushMode = AudioFlushMode.PadWithSilence });
        input = [1];
        muLaw.TryReadFrame(ref input, out _);
        muLaw.TryFlush(out frame);
        Assert.Equal(160, frame.Length);
        Assert.True(frame.Slice(1).IndexOfAnyExcept((byte)0xFF) < 0); // µ-law silence
    }

    [Fact]
    public void A_half_sample_left_at_flush_stays_pending_until_completed()
    {
        var framer = new AudioFramer();
        ReadOnlySpan<byte> input = [1, 2, 3];
        framer.TryReadFrame(ref input, out _);
        var error = Assert.Throws<InvalidOperationException>(() => framer.TryFlush(out _));
        Assert.Contains("inside a sample", error.Message);
        input = [4];
        Assert.False(framer.TryReadFrame(ref input, out _));
        Assert.True(framer.TryFlush(out ReadOnlySpan<byte> frame));
        Assert.Equal([1, 2, 3, 4], frame.ToArray());
    }

    [Fact]
    public void Empty_input_produces_nothing()
    {
        var framer = new AudioFramer();
        ReadOnlySpan<byte> input = [];
        Assert.False(framer.TryReadFrame(ref input, out _));
        Assert.False(framer.TryFlush(out _));
        Assert.False(framer.TryWriteFlushEvent(new ArrayBufferWriter<byte>()));
        Assert.Equal(0, framer.WriteAppendEvent([], new ArrayBufferWriter<byte>(), out bool wrote));
        Assert.False(wrote);
    }

    [Fact]
    public void Whole_frames_inside_a_chunk_are_not_copied()
    {
        var framer = new AudioFramer();
        byte[] pcm = new byte[960 * 3];
        ReadOnlySpan<byte> input = pcm;
        Assert.True(framer.TryReadFrame(ref input, out ReadOnlySpan<byte> frame));
        Assert.True(Unsafe.AreSame(ref MemoryMarshal.GetReference(frame), ref pcm[0]));
    }
}
