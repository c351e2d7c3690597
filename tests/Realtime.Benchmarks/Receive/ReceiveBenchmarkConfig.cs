using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Realtime.Benchmarks.Receive;

/// <summary>
/// Events per second from the per-event mean (benchmarks whose OperationsPerInvoke is their event count), or, for
/// context on a busy machine, from the fastest iteration.
/// </summary>
public sealed class EventsPerSecondColumn(bool fromFastestIteration = false) : IColumn
{
    public string Id => nameof(EventsPerSecondColumn) + (fromFastestIteration ? ".Min" : "");
    public string ColumnName => fromFastestIteration ? "Events/s (min time)" : "Events/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => fromFastestIteration ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => fromFastestIteration
        ? "Events per second from the fastest iteration: less sensitive to other load on the machine"
        : "Events per second: 1 s / mean time per event";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        double? nanosecondsPerEvent = fromFastestIteration ? statistics?.Min : statistics?.Mean;
        return nanosecondsPerEvent is null or 0 ? "-" : (1e9 / nanosecondsPerEvent.Value).ToString("N0");
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}

/// <summary>Memory diagnoser (allocated bytes per event) plus the events/s columns.</summary>
public sealed class ReceiveBenchmarkConfig : ManualConfig
{
    public ReceiveBenchmarkConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Min, new EventsPerSecondColumn(), new EventsPerSecondColumn(fromFastestIteration: true));
    }
}
