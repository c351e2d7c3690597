using System.Reflection;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Realtime.Generator;

namespace Realtime.Benchmarks.Generator;

/// <summary>
/// The source generator over the real reference page through <see cref="CSharpGeneratorDriver"/>:
/// a full run (fresh driver: read, parse, emit, add sources; target ≤ 250 ms warm) and a no-op incremental run
/// (a warm driver after an unrelated C# edit; target ≤ 5 ms).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    private AdditionalText _docs = null!;
    private Compilation _compilation = null!;
    private Compilation _editedCompilation = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = DocsPath();
        _docs = new DocsText(path, File.ReadAllText(path));
        var references = new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) };
        _compilation = CSharpCompilation.Create("Bench", [CSharpSyntaxTree.ParseText("class A { }", ParseOptions)], references);
        _editedCompilation = _compilation.ReplaceSyntaxTree(
            _compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText("class A { int B; }", ParseOptions));

        _warmDriver = CreateDriver().RunGenerators(_compilation);
        var generated = _warmDriver.GetRunResult().GeneratedTrees.Length;
        Console.WriteLine($"// generator setup: {generated} generated files from {path}");
    }

    [Benchmark(Baseline = true)]
    public GeneratorDriver FullPage() => CreateDriver().RunGenerators(_compilation);

    [Benchmark]
    public GeneratorDriver NoOpIncremental() => _warmDriver.RunGenerators(_editedCompilation);

    private GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        [new RealtimeGenerator().AsSourceGenerator()],
        [_docs],
        ParseOptions,
        new MarkedDocsOptions(_docs.Path));

    private static string DocsPath()
    {
        if (Environment.GetEnvironmentVariable("REALTIME_DOCS_PATH") is { Length: > 0 } overridden)
        {
            return overridden;
        }

        return typeof(GeneratorBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RealtimeDocsPath").Value!;
    }

    private sealed class DocsText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>Marks the docs file for the generator, as the build's <c>RealtimeCodegen="true"</c> metadata does.</summary>
    private sealed class MarkedDocsOptions(string docsPath) : AnalyzerConfigOptionsProvider
    {
        private static readonly Options None = new(null);
        private static readonly Options Marked = new("true");

        public override AnalyzerConfigOptions GlobalOptions => None;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path == docsPath ? Marked : None;

        private sealed class Options(string? marker) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            {
                value = key == RealtimeGenerator.MarkerMetadata ? marker : null;
                return value is not null;
            }
        }
    }
}
