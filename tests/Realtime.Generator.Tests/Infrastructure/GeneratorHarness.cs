using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Realtime.Generator.Tests.Infrastructure;

/// <summary>Runs <see cref="RealtimeGenerator"/> through <see cref="CSharpGeneratorDriver"/> on in-memory inputs.</summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    private static readonly Lazy<ImmutableArray<MetadataReference>> Net100References = new(() =>
        [.. Basic.Reference.Assemblies.Net100.References.All, RuntimeReference()]);

    private static readonly Lazy<ImmutableArray<MetadataReference>> Net80References = new(() =>
        [.. Basic.Reference.Assemblies.Net80.References.All, RuntimeReference("net8.0")]);

    public static ImmutableArray<MetadataReference> References(bool net8 = false) => net8 ? Net80References.Value : Net100References.Value;

    /// <summary>A consumer compilation (warnings as errors, nullable on) over the given C# sources.</summary>
    public static CSharpCompilation CreateCompilation(bool net8 = false, params string[] sources) => CSharpCompilation.Create(
        "Consumer",
        sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
        References(net8),
        new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error,
            allowUnsafe: true));

    /// <summary>A driver over the given docs files (marked for the generator) and API lock files (marked as the lock) with the given build properties.</summary>
    public static GeneratorDriver CreateDriver(
        IEnumerable<AdditionalText> docs, IReadOnlyDictionary<string, string>? buildProperties = null, bool markDocs = true, CSharpParseOptions? parseOptions = null,
        IEnumerable<AdditionalText>? locks = null, IEnumerable<AdditionalText>? overlays = null)
    {
        var texts = docs.ToImmutableArray();
        var lockTexts = (locks ?? []).ToImmutableArray();
        var overlayTexts = (overlays ?? []).ToImmutableArray();
        var globals = (buildProperties ?? new Dictionary<string, string>())
            .ToDictionary(p => "build_property." + p.Key, p => p.Value);
        var fileOptions = markDocs
            ? texts.ToDictionary(t => t.Path, _ => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["build_metadata.AdditionalFiles.RealtimeCodegen"] = "true" })
            : [];
        foreach (var lockText in lockTexts)
        {
            fileOptions[lockText.Path] = new Dictionary<string, string> { [RealtimeGenerator.LockMarkerMetadata] = "true" };
        }

        foreach (var overlayText in overlayTexts)
        {
            fileOptions[overlayText.Path] = new Dictionary<string, string> { [RealtimeGenerator.OverlayMarkerMetadata] = "true" };
        }

        return CSharpGeneratorDriver.Create(
            [new RealtimeGenerator().AsSourceGenerator()],
            texts.AddRange(lockTexts).AddRange(overlayTexts),
            parseOptions ?? ParseOptions,
            new TestOptionsProvider(globals, fileOptions),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>
    /// Runs the generator once over one docs text; returns the run and the compilation with the generated code
    /// (parsed with <paramref name="parseOptions"/>, e.g. documentation mode Diagnose to check the XML docs too).
    /// </summary>
    public static (GeneratorDriverRunResult Run, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(
        string docsPath, string markdown, IReadOnlyDictionary<string, string>? buildProperties = null, bool net8 = false, CSharpParseOptions? parseOptions = null,
        AdditionalText? apiLock = null, AdditionalText? overlay = null)
    {
        var driver = CreateDriver([new InMemoryText(docsPath, markdown)], buildProperties, parseOptions: parseOptions, locks: apiLock is null ? null : [apiLock], overlays: overlay is null ? null : [overlay]);
        driver = driver.RunGeneratorsAndUpdateCompilation(CreateCompilation(net8), out var output, out var diagnostics);
        return (driver.GetRunResult(), output, diagnostics);
    }

    private static MetadataReference RuntimeReference(string? framework = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Realtime.Runtime.dll");
        if (framework is not null)
        {
            // tests/Realtime.Generator.Tests/bin/<cfg>/net10.0 → runtime/Realtime.Runtime/bin/<cfg>/<framework>
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            path = Path.Combine(TestPaths.RepoRoot, "runtime", "Realtime.Runtime", "bin", configuration, framework, "Realtime.Runtime.dll");
        }

        return MetadataReference.CreateFromFile(path);
    }

    /// <summary>Every generated file as (hint name, text), in hint-name order.</summary>
    public static IReadOnlyList<(string HintName, string Source)> GeneratedFiles(GeneratorDriverRunResult run) =>
        run.Results.SelectMany(r => r.GeneratedSources)
            .Select(s => (s.HintName, s.SourceText.ToString()))
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ToList();
}

/// <summary>An AdditionalText whose content lives in memory.</summary>
public sealed class InMemoryText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Global build properties plus per-file item metadata, as the SDK writes them into the analyzer config.</summary>
public sealed class TestOptionsProvider(
    IReadOnlyDictionary<string, string> globals,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> perFile) : AnalyzerConfigOptionsProvider
{
    private static readonly DictionaryOptions Empty = new(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(globals);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        perFile.TryGetValue(textFile.Path, out var options) ? new DictionaryOptions(options) : Empty;

    private sealed class DictionaryOptions(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);
    }
}
