using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Realtime.Benchmarks.Audio;

/// <summary>Bytes one invocation of the benchmark method processes (for the GB/s column).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProcessedBytesAttribute(long bytes) : Attribute
{
    public long Bytes { get; } = bytes;
}

/// <summary>
/// GB/s (10^9 bytes per second) from the mean time (or, for context on a busy machine, the fastest iteration) and the
/// method's <see cref="ProcessedBytesAttribute"/>.
/// </summary>
public sealed class ThroughputColumn(bool fromFastestIteration = false) : IColumn
{
    public string Id => nameof(ThroughputColumn) + (fromFastestIteration ? ".Min" : "");
    public string ColumnName => fromFastestIteration ? "GB/s (min time)" : "GB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => fromFastestIteration ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => fromFastestIteration
        ? "Throughput from the fastest iteration: less sensitive to other load on the machine"
        : "Throughput: processed bytes / mean time, in 10^9 bytes per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        long? bytes = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<ProcessedBytesAttribute>()?.Bytes;
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        double? timeNs = fromFastestIteration ? statistics?.Min : statistics?.Mean;
        return bytes is null || timeNs is null or 0 ? "-" : (bytes.Value / timeNs.Value).ToString("F2");
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
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
