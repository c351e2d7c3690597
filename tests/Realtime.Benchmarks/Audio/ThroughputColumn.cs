using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

namespace Realtime.Benchmarks.Audio;

/// <summary>Bytes one invocation of the benchmark method processes (for the GB/s column).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProcessedBytesAttribute(long bytes) : Attribute
{
    public long Bytes { get; } = bytes;
}

/// <summary>GB/s (10^9 bytes per second) from the time per operation and the method's <see cref="ProcessedBytesAttribute"/>.</summary>
public sealed class ThroughputColumn(bool fromFastestIteration = false)
    : RateColumn("GB/s", "Throughput: processed bytes / time, in 10^9 bytes per second", fromFastestIteration)
{
    protected override string? Format(BenchmarkCase benchmarkCase, double nanosecondsPerOperation) =>
        benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<ProcessedBytesAttribute>() is { } processed
            ? (processed.Bytes / nanosecondsPerOperation).ToString("F2")
            : null;
}

/// <summary>Memory diagnoser plus the GB/s column.</summary>
public sealed class AudioBenchmarkConfig : ManualConfig
{
    public AudioBenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Min, new ThroughputColumn(), new ThroughputColumn(fromFastestIteration: true));
    }
}
