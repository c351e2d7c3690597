using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Realtime.Benchmarks;

/// <summary>
/// A custom column computed from a benchmark's time per operation: the mean, or, for context on a busy machine, the
/// fastest iteration (less sensitive to other load).
/// </summary>
public abstract class RateColumn(string name, string legend, bool fromFastestIteration) : IColumn
{
    public string Id => GetType().Name + (fromFastestIteration ? ".Min" : "");
    public string ColumnName => fromFastestIteration ? name + " (min time)" : name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => fromFastestIteration ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => fromFastestIteration ? legend + ", from the fastest iteration" : legend + ", from the mean time";

    /// <summary>The column's text for one case given its time per operation in nanoseconds; null when it does not apply.</summary>
    protected abstract string? Format(BenchmarkCase benchmarkCase, double nanosecondsPerOperation);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        double? nanoseconds = fromFastestIteration ? statistics?.Min : statistics?.Mean;
        return nanoseconds is null or 0 ? "-" : Format(benchmarkCase, nanoseconds.Value) ?? "-";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
