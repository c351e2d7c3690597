namespace Realtime.Runtime.Tests.Audio;

/// <summary>Test signals and measurements.</summary>
internal static class AudioTestSignals
{
    public static short[] Sine(double frequency, int sampleRate, int count, double amplitude, double phase = 0)
    {
        var samples = new short[count];
        for (int i = 0; i < count; i++)
            samples[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate + phase));
        return samples;
    }

    public static byte[] ToBytes(ReadOnlySpan<short> samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            bytes[2 * i] = (byte)samples[i];
            bytes[2 * i + 1] = (byte)(samples[i] >> 8);
        }
        return bytes;
    }

    public static short[] ToSamples(ReadOnlySpan<byte> bytes)
    {
        var samples = new short[bytes.Length / 2];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = (short)(bytes[2 * i] | bytes[2 * i + 1] << 8);
        return samples;
    }

    /// <summary>Least-squares amplitude and phase of a sinusoid of known frequency (over whole periods for accuracy).</summary>
    public static (double Amplitude, double Phase) FitSine(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        double s = 0, c = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double angle = 2 * Math.PI * frequency * i / sampleRate;
            s += samples[i] * Math.Sin(angle);
            c += samples[i] * Math.Cos(angle);
        }
        s *= 2.0 / samples.Length;
        c *= 2.0 / samples.Length;
        return (Math.Sqrt(s * s + c * c), Math.Atan2(c, s));
    }

    /// <summary>Frequency from interpolated rising zero crossings: (crossings − 1) periods over their time span.</summary>
    public static double ZeroCrossingFrequency(ReadOnlySpan<short> samples, int sampleRate)
    {
        double first = double.NaN, last = double.NaN;
        int crossings = 0;
        for (int i = 1; i < samples.Length; i++)
        {
            if (samples[i - 1] < 0 && samples[i] >= 0)
            {
                double t = i - 1 + (double)-samples[i - 1] / (samples[i] - samples[i - 1]);
                if (crossings == 0)
                    first = t;
                last = t;
                crossings++;
            }
        }
        return (crossings - 1) / ((last - first) / sampleRate);
    }

    /// <summary>Splits <paramref name="length"/> into chunks whose sizes cycle through <paramref name="sizes"/>.</summary>
    public static IEnumerable<(int Offset, int Length)> Chunks(int length, IReadOnlyList<int> sizes)
    {
        int offset = 0;
        for (int i = 0; offset < length; i++)
        {
            int size = Math.Min(Math.Max(1, sizes[i % sizes.Count]), length - offset);
            yield return (offset, size);
            offset += size;
        }
    }
}
