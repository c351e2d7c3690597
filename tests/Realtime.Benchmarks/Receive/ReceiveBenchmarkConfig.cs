using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

namespace Realtime.Benchmarks.Receive;

/// <summary>Events per second, for benchmarks whose OperationsPerInvoke is their event count (time per operation = per event).</summary>
public sealed class EventsPerSecondColumn(bool fromFastestIteration = false)
    : RateColumn("Events/s", "Events per second: 1 s / time per event", fromFastestIteration)
{
    protected override string? Format(BenchmarkCase benchmarkCase, double nanosecondsPerOperation) =>
        (1e9 / nanosecondsPerOperation).ToString("N0");
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
