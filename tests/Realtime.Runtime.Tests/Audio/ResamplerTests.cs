using CsCheck;
using Realtime.Api.Audio;
using Xunit.Abstractions;

namespace Realtime.Runtime.Tests.Audio;

public class ResamplerTests(ITestOutputHelper output)
{
    public static TheoryData<int, int> RatePairs => new()
    {
        { 8_000, 24_000 }, { 16_000, 24_000 }, { 22_050, 24_000 }, { 44_100, 24_000 }, { 48_000, 24_000 },
        { 24_000, 8_000 }, { 24_000, 16_000 }, { 24_000, 22_050 }, { 24_000, 44_100 }, { 24_000, 48_000 },
    };

    private static short[] Run(Resampler resampler, ReadOnlySpan<short> input, IReadOnlyList<int> chunkSizes)
    {
        var result = new List<short>();
        foreach (var (offset, length) in AudioTestSignals.Chunks(input.Length, chunkSizes))
        {
            var buffer = new short[resampler.GetMaxOutputLength(length)];
            int written = resampler.Process(input.Slice(offset, length), buffer);
            result.AddRange(buffer.AsSpan(0, written));
        }
        var tail = new short[resampler.GetFlushLength()];
        result.AddRange(tail.AsSpan(0, resampler.Flush(tail)));
        return [.. result];
    }

    // Stated tolerances for a 1 kHz tone at half scale: frequency within 0.01 %, amplitude within ±0.05 dB,
    // no added delay (phase within 0.01 rad ≈ 1.6 µs), and the residual after removing the fitted tone ≥ 80 dB down.
    [Theory]
    [MemberData(nameof(RatePairs))]
    public void A_1kHz_sine_keeps_frequency_amplitude_and_phase(int inputRate, int outputRate)
    {
        const double amplitude = 16_000;
        short[] input = AudioTestSignals.Sine(1000, inputRate, inputRate, amplitude); // one second
        short[] result = Run(new Resampler(inputRate, outputRate), input, [997, 1, 4096, 13]);

        Assert.Equal((long)Math.Ceiling((double)input.Length * outputRate / inputRate), result.Length);
        // Measure away from the edges (the filter sees silence beyond them): the middle 0.8 s, 800 whole periods.
        ReadOnlySpan<short> middle = result.AsSpan(outputRate / 10, outputRate * 8 / 10);
        double frequency = AudioTestSignals.ZeroCrossingFrequency(middle, outputRate);
        var (fitted, phase) = AudioTestSignals.FitSine(middle, 1000, outputRate);
        double residual = 0;
        for (int i = 0; i < middle.Length; i++)
        {
            double error = middle[i] - fitted * Math.Sin(2 * Math.PI * 1000 * i / outputRate + phase);
            residual += error * error;
        }
        double snrDb = 10 * Math.Log10(fitted * fitted / 2 / (residual / middle.Length));
        double gainDb = 20 * Math.Log10(fitted / amplitude);
        output.WriteLine($"{inputRate}->{outputRate}: f={frequency:F4} Hz gain={gainDb:F4} dB phase={phase:F5} rad SNR={snrDb:F1} dB");

        Assert.InRange(frequency, 999.9, 1000.1);
        Assert.InRange(gainDb, -0.05, 0.05);
        Assert.InRange(phase, -0.01, 0.01); // the input phase is 0 at the middle's first sample too (whole periods)
        Assert.True(snrDb >= 80, $"SNR {snrDb:F1} dB below 80 dB");
    }

    // Downsampling: a tone above the output Nyquist must not alias (everything left is measured).
    // Upsampling: the image of the tone mirrored around the input Nyquist is measured.
    [Theory]
    [InlineData(48_000, 24_000, 12_300, 0)]     // just past the stopband edge
    [InlineData(48_000, 24_000, 15_000, 0)]
    [InlineData(44_100, 24_000, 12_400, 0)]
    [InlineData(24_000, 8_000, 4_100, 0)]
    [InlineData(16_000, 24_000, 7_000, 9_000)]
    [InlineData(8_000, 24_000, 3_000, 5_000)]
    public void Aliases_and_images_are_at_least_80_dB_down(int inputRate, int outputRate, double tone, double measured)
    {
        const double amplitude = 30_000;
        short[] input = AudioTestSignals.Sine(tone, inputRate, inputRate, amplitude);
        short[] result = Run(new Resampler(inputRate, outputRate), input, [4096]);
        ReadOnlySpan<short> middle = result.AsSpan(outputRate / 10, outputRate * 8 / 10);
        double level = measured == 0
            ? Math.Sqrt(2 * middle.ToArray().Average(s => (double)s * s)) // peak-equivalent of the RMS
            : AudioTestSignals.FitSine(middle, measured, outputRate).Amplitude;
        double attenuationDb = 20 * Math.Log10(amplitude / Math.Max(level, 1e-3));
        output.WriteLine($"{inputRate}->{outputRate} tone {tone} Hz: {(measured == 0 ? "alias" : $"image at {measured} Hz")} {attenuationDb:F1} dB down");
        Assert.True(attenuationDb >= 80, $"only {attenuationDb:F1} dB down");
    }

    [Theory]
    [InlineData(48_000, 24_000, 9_600)]
    [InlineData(24_000, 8_000, 3_200)]
    [InlineData(8_000, 24_000, 3_200)]
    public void Passband_edge_is_flat_within_a_tenth_of_a_dB(int inputRate, int outputRate, double frequency)
    {
        short[] input = AudioTestSignals.Sine(frequency, inputRate, inputRate, 16_000);
        short[] result = Run(new Resampler(inputRate, outputRate), input, [4096]);
        var (fitted, _) = AudioTestSignals.FitSine(result.AsSpan(outputRate / 10, outputRate * 8 / 10), frequency, outputRate);
        double gainDb = 20 * Math.Log10(fitted / 16_000);
        output.WriteLine($"{inputRate}->{outputRate} {frequency} Hz: {gainDb:F4} dB");
        Assert.InRange(gainDb, -0.1, 0.1);
    }

    [Fact]
    public void Output_is_bit_identical_however_the_input_is_split_and_its_length_is_exact()
    {
        var rates = Gen.OneOf(Gen.Const((8_000, 24_000)), Gen.Const((22_050, 24_000)), Gen.Const((44_100, 24_000)), Gen.Const((48_000, 24_000)), Gen.Const((24_000, 22_050)), Gen.Const((24_000, 44_100)), Gen.Const((24_000, 8_000)));
        Gen.Select(rates, Gen.Short.Array[0, 3000], Gen.Int[1, 700].Array[1, 12])
            .Sample((pair, input, chunks) =>
            {
                short[] whole = Run(new Resampler(pair.Item1, pair.Item2), input, [Math.Max(1, input.Length)]);
                short[] split = Run(new Resampler(pair.Item1, pair.Item2), input, chunks);
                Assert.Equal(whole, split);
                Assert.Equal(((long)input.Length * pair.Item2 + pair.Item1 - 1) / pair.Item1, split.Length);
            }, iter: 150);
    }

    [Theory]
    [InlineData(48_000, 24_000)]
    [InlineData(8_000, 24_000)]
    [InlineData(24_000, 44_100)]
    public void Large_calls_match_small_ones(int inputRate, int outputRate)
    {
        short[] input = AudioTestSignals.Sine(1234, inputRate, 50_000, 20_000);
        short[] oneCall = Run(new Resampler(inputRate, outputRate), input, [input.Length]);
        short[] pieces = Run(new Resampler(inputRate, outputRate), input, [4097, 3, 9000, 1]);
        Assert.Equal(oneCall, pieces);
    }

    [Fact]
    public void A_flushed_resampler_starts_a_new_stream_and_reports_exact_lengths()
    {
        var resampler = new Resampler(44_100, 24_000);
        short[] input = AudioTestSignals.Sine(440, 44_100, 4410, 10_000);
        short[] first = Run(resampler, input, [1000]);
        Assert.Equal(0, resampler.InputSampleCount);
        short[] second = Run(resampler, input, [333]);
        Assert.Equal(first, second);
        Assert.Equal(2400, first.Length);
        Assert.Equal(64 * 147 / 80 + 1, resampler.TapsPerOutput); // 2·⌈32·147/80⌉
    }

    [Fact]
    public void Bad_arguments_are_rejected_and_nothing_is_consumed()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(0, 24_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resampler(24_000, -1));
        Assert.Throws<ArgumentException>(() => new Resampler(24_001, 24_000)); // 24000/24001: too many phases
        var resampler = new Resampler(8_000, 24_000);
        var error = Assert.Throws<ArgumentException>(() => resampler.Process(new short[1000], new short[10]));
        Assert.Contains("GetMaxOutputLength", error.Message);
        Assert.Equal(0, resampler.InputSampleCount);
    }
}
