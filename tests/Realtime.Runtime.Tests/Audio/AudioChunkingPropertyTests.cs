using System.Buffers;
using System.Text.Json;
using CsCheck;
using Realtime.Api;
using Realtime.Api.Audio;

namespace Realtime.Runtime.Tests.Audio;

/// <summary>
/// Any chunking of the input through the framer into append events, and back through the delta decoder, is
/// bit-exact: the decoded audio of the events is the input, every event but the last holds exactly one frame. Runs a
/// few seconds; <c>REALTIME_PROPERTY_SECONDS</c> runs it longer, <c>REALTIME_PROPERTY_SEED</c> replays a failure.
/// </summary>
public class AudioChunkingPropertyTests
{
    private static int Seconds => int.TryParse(Environment.GetEnvironmentVariable("REALTIME_PROPERTY_SECONDS"), out var s) && s > 0 ? s : 3;

    private static string? Seed => Environment.GetEnvironmentVariable("REALTIME_PROPERTY_SEED") is { Length: > 0 } seed ? seed : null;

    private static readonly Gen<AudioFormat> Formats = Gen.OneOf(
        Gen.Const(AudioFormat.Pcm16Realtime), Gen.Const(AudioFormat.G711MuLaw), Gen.Const(AudioFormat.G711ALaw), Gen.Const(new AudioFormat(AudioEncoding.Pcm16, 48_000, 2)));

    [Fact]
    public void Framed_append_events_decode_to_the_input_bit_exactly_in_any_chunking()
    {
        Gen.Select(Gen.Byte.Array[0, 20_000], Gen.Int[1, 4000].Array[1, 12], Formats, Gen.Int[1, 40], Gen.Bool)
            .Sample((input, chunks, format, frameMs, pad) =>
            {
                var framer = new AudioFramer(new AudioFramerOptions
                {
                    Format = format,
                    FrameDuration = TimeSpan.FromMilliseconds(frameMs),
                    FlushMode = pad ? AudioFlushMode.PadWithSilence : AudioFlushMode.EmitShortFrame,
                });
                var whole = input.AsSpan(0, input.Length - input.Length % format.BlockAlign).ToArray();
                var decoded = new List<byte[]>();
                foreach (var (offset, length) in AudioTestSignals.Chunks(whole.Length, chunks))
                {
                    ReadOnlySpan<byte> rest = whole.AsSpan(offset, length);
                    var output = new ArrayBufferWriter<byte>();
                    while (framer.TryWriteAppendEvent(ref rest, output))
                    {
                        decoded.Add(DecodeAudio(output.WrittenSpan));
                        output.Clear();
                    }

                    Assert.True(rest.IsEmpty);
                }

                var flush = new ArrayBufferWriter<byte>();
                if (framer.TryWriteFlushEvent(flush))
                {
                    decoded.Add(DecodeAudio(flush.WrittenSpan));
                }

                Assert.All(decoded.SkipLast(1), frame => Assert.Equal(framer.FrameBytes, frame.Length));
                var audio = decoded.SelectMany(d => d).ToArray();
                var padding = audio.Length - whole.Length;
                Assert.True(padding >= 0 && (pad ? padding < framer.FrameBytes : padding == 0), $"{padding} bytes of padding");
                Assert.Equal(whole, audio[..whole.Length]);
                Assert.All(audio[whole.Length..], b => Assert.Equal(format.SilenceByte, b));
            }, seed: Seed, iter: long.MaxValue, time: Seconds, threads: 1);
    }

    /// <summary>The event's <c>audio</c>, decoded by the delta decoder straight from the JSON reader.</summary>
    private static byte[] DecodeAudio(ReadOnlySpan<byte> appendEvent)
    {
        var reader = new Utf8JsonReader(appendEvent);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("audio"u8))
            {
                reader.Read();
                using var buffer = AudioDeltaDecoder.Decode(ref reader);
                return buffer.Span.ToArray();
            }
        }

        throw new InvalidOperationException("no audio in the event");
    }
}
