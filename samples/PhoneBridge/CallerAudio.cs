using Realtime.Api.Audio;
using VoiceAgent;

namespace PhoneBridge;

/// <summary>The simulated caller's voice as 8 kHz μ-law: a WAV file (any format the runtime reads) or a generated one.</summary>
public static class CallerAudio
{
    /// <summary>
    /// Two turns of speech-like audio (2 s, a 1 s pause, 1.5 s, a 1.5 s pause), 8 kHz μ-law. The pauses are long enough
    /// for server VAD to end each turn, and the second turn starts while the reply to the first is still playing: a
    /// barge-in.
    /// </summary>
    public static byte[] CreateTwoTurns()
    {
        var format = new AudioFormat(AudioEncoding.Pcm16, 8_000);
        var pcm = new MemoryStream();
        pcm.Write(SpeechLikeSignal.Create(8_000, TimeSpan.FromSeconds(2)));
        pcm.Write(new byte[format.DurationToBytes(TimeSpan.FromSeconds(1))]);
        pcm.Write(SpeechLikeSignal.Create(8_000, TimeSpan.FromSeconds(1.5)));
        pcm.Write(new byte[format.DurationToBytes(TimeSpan.FromSeconds(1.5))]);
        return ToMuLaw(format, pcm.ToArray());
    }

    /// <summary>Reads <paramref name="path"/> as 8 kHz μ-law, or (when null) writes <see cref="CreateTwoTurns"/> to <paramref name="generatedPath"/> and returns it.</summary>
    public static byte[] Load(string? path, string generatedPath)
    {
        if (path is null)
        {
            var generated = CreateTwoTurns();
            WavFile.Write(generatedPath, AudioFormat.G711MuLaw, generated);
            Console.WriteLine($"No input given: generated a two-turn caller recording at {generatedPath}");
            return generated;
        }

        var wav = WavFile.Read(path);
        return ToMuLaw(wav.Format, wav.Data.Span);
    }

    private static byte[] ToMuLaw(AudioFormat format, ReadOnlySpan<byte> audio)
    {
        var converter = new AudioConverter(format, AudioFormat.G711MuLaw);
        var output = new byte[converter.GetOutputByteCount(audio.Length) + converter.GetFlushByteCount() + 64];
        var written = converter.Convert(audio, output);
        var tail = new byte[converter.GetFlushByteCount()];
        var flushed = converter.Flush(tail);
        tail.AsSpan(0, flushed).CopyTo(output.AsSpan(written));
        return output.AsSpan(0, written + flushed).ToArray();
    }
}
