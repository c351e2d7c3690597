using System.Reflection;
using BenchmarkDotNet.Attributes;
using Markdig;
using Realtime.Schema;
using Realtime.Schema.Model;
using Realtime.Schema.Reading;

namespace Realtime.Benchmarks.Schema;

/// <summary>
/// The full reference page (realtime-after.md, ~28k lines) into the schema, against Markdig's own parse of the same
/// text as the floor. Target: <see cref="ParseSchema"/> ≤ 100 ms mean.
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private string _markdown = "";

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable("REALTIME_DOCS_PATH") is { Length: > 0 } overridden
            ? overridden
            : typeof(ParseBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RealtimeDocsPath").Value!;
        _markdown = File.ReadAllText(path);
    }

    [Benchmark(Baseline = true, Description = "Markdig parse (floor)")]
    public object MarkdigParse() => Markdown.Parse(_markdown);

    [Benchmark(Description = "Reader (Markdig + entries)")]
    public object ReadEntries() => DocReader.Read(_markdown, new List<SchemaDiagnostic>());

    [Benchmark(Description = "SchemaParser.Parse (full)")]
    public ApiSchema ParseSchema() => SchemaParser.Parse(_markdown);
}
