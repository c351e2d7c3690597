namespace VoiceAgent;

/// <summary>
/// Makes a speech-like test recording (no recording ships with the sample): voiced "syllables" built from the
/// harmonics of a gliding pitch, weighted by vowel formants, with syllable envelopes and short pauses. 16 kHz mono,
/// so the sample also exercises the resampler on its way to the API's 24 kHz.
/// </summary>
internal static class SpeechLikeSignal
{
    // (F1, F2, F3) of a few vowels, in Hz.
    private static readonly (double F1, double F2, double F3)[] Vowels =
    [
        (730, 1090, 2440), // a
        (270, 2290, 3010), // i
        (300, 870, 2240),  // u
        (530, 1840, 2480), // e
        (570, 840, 2410),  // o
    ];

    public static byte[] Create(int sampleRate, TimeSpan duration)
    {
        var samples = (int)(sampleRate * duration.TotalSeconds);
        var pcm = new byte[samples * 2];
        const double syllable = 0.22, pause = 0.06;
        var phase = 0.0;
        for (var n = 0; n < samples; n++)
        {
            var t = (double)n / sampleRate;
            var position = t % (syllable + pause);
            var index = (int)(t / (syllable + pause));
            double value = 0;
            if (position < syllable)
            {
                var pitch = 120 + 25 * Math.Sin(2 * Math.PI * 0.7 * t) + 10 * (index % 3);
                phase += 2 * Math.PI * pitch / sampleRate;
                var vowel = Vowels[index % Vowels.Length];
                for (var k = 1; k * pitch < sampleRate / 2 && k <= 30; k++)
                {
                    var f = k * pitch;
                    var weight = Formant(f, vowel.F1, 90) + 0.6 * Formant(f, vowel.F2, 110) + 0.3 * Formant(f, vowel.F3, 150);
                    value += weight / k * Math.Sin(k * phase);
                }

                value *= Math.Sin(Math.PI * position / syllable); // syllable envelope
            }

            var sample = (short)Math.Clamp(value * 9000, short.MinValue, short.MaxValue);
            pcm[2 * n] = (byte)sample;
            pcm[2 * n + 1] = (byte)(sample >> 8);
        }

        return pcm;
    }

    private static double Formant(double frequency, double center, double bandwidth)
    {
        var x = (frequency - center) / bandwidth;
        return 1 / (1 + x * x);
    }
}
