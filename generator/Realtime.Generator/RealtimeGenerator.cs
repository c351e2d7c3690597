using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Realtime.Generator.Emit;
using Realtime.Schema;
using Realtime.Schema.Analysis;
using Realtime.Schema.Lock;
using Realtime.Schema.Model;
using SchemaSeverity = Realtime.Schema.Model.DiagnosticSeverity;

namespace Realtime.Generator;

/// <summary>
/// Reads the Realtime API reference markdown (AdditionalFiles marked <c>RealtimeCodegen="true"</c>) and adds the
/// typed API it describes to the compilation. Options come from MSBuild properties
/// (<c>RealtimeNamespace</c>, <c>RealtimeVisibility</c>) made visible to the compiler; the API lock, when there is one,
/// is the AdditionalFiles item marked <c>RealtimeApiLock="true"</c> (the build turns the <c>RealtimeApiLock</c>
/// property into it): its names are kept, and each one the page no longer lets it keep is an error at its page line.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RealtimeGenerator : IIncrementalGenerator
{
    /// <summary>The AdditionalFiles metadata that marks a docs file for this generator.</summary>
    public const string MarkerMetadata = "build_metadata.AdditionalFiles.RealtimeCodegen";

    /// <summary>The AdditionalFiles metadata that marks the API lock file.</summary>
    public const string LockMarkerMetadata = "build_metadata.AdditionalFiles.RealtimeApiLock";

    /// <summary>The AdditionalFiles metadata that marks the maintainer overlay file.</summary>
    public const string OverlayMarkerMetadata = "build_metadata.AdditionalFiles.RealtimeOverlay";

    public const string NamespaceProperty = "build_property.RealtimeNamespace";
    public const string VisibilityProperty = "build_property.RealtimeVisibility";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(TrackingNames.Options);

        var docsFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => IsMarked(pair.Right.GetOptions(pair.Left), MarkerMetadata))
            .Select(static (pair, cancellationToken) => new DocsFile(pair.Left.Path, pair.Left.GetText(cancellationToken)?.ToString()))
            .WithTrackingName(TrackingNames.DocsFiles);

        var parsed = docsFiles
            .Select(static (file, cancellationToken) => Parse(file, cancellationToken))
            .WithTrackingName(TrackingNames.Parsed);

        var parseDiagnostics = parsed
            .Select(static (docs, _) => docs.Diagnostics)
            .WithTrackingName(TrackingNames.ParseDiagnostics);
        context.RegisterSourceOutput(parseDiagnostics, static (spc, diagnostics) => Report(spc, diagnostics));

        // The lock is read once per project and applies to every docs file; editing it re-shapes without re-parsing.
        var apiLock = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => IsMarked(pair.Right.GetOptions(pair.Left), LockMarkerMetadata))
            .Select(static (pair, cancellationToken) => new DocsFile(pair.Left.Path, pair.Left.GetText(cancellationToken)?.ToString()))
            .Collect()
            .Select(static (files, _) => ReadLock(files))
            .WithTrackingName(TrackingNames.LockFile);

        var lockDiagnostics = apiLock
            .Select(static (parsedLock, _) => parsedLock.Diagnostics)
            .WithTrackingName(TrackingNames.LockDiagnostics);
        context.RegisterSourceOutput(lockDiagnostics, static (spc, diagnostics) => Report(spc, diagnostics));

        // The overlay, like the lock: read once per project; editing it re-shapes without re-parsing.
        var overlay = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => IsMarked(pair.Right.GetOptions(pair.Left), OverlayMarkerMetadata))
            .Select(static (pair, cancellationToken) => new DocsFile(pair.Left.Path, pair.Left.GetText(cancellationToken)?.ToString()))
            .Collect()
            .Select(static (files, _) => ReadOverlay(files))
            .WithTrackingName(TrackingNames.OverlayFile);

        var overlayDiagnostics = overlay
            .Select(static (parsedOverlay, _) => parsedOverlay.Diagnostics)
            .WithTrackingName(TrackingNames.OverlayDiagnostics);
        context.RegisterSourceOutput(overlayDiagnostics, static (spc, diagnostics) => Report(spc, diagnostics));

        var shaped = parsed
            .Combine(apiLock)
            .Combine(overlay)
            .Select(static (pair, cancellationToken) => Shape(pair.Left.Left, pair.Left.Right, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Shaped);

        var shapeDiagnostics = shaped
            .Select(static (docs, _) => docs.Diagnostics)
            .WithTrackingName(TrackingNames.ShapeDiagnostics);
        context.RegisterSourceOutput(shapeDiagnostics, static (spc, diagnostics) => Report(spc, diagnostics));

        var emitInputs = shaped
            .Combine(options.Select(static (o, _) => o.Options))
            .Select(static (pair, _) => new EmitInput(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.EmitInputs);

        var unitModels = emitInputs
            .Select(static (input, cancellationToken) => BuildUnits(input, cancellationToken))
            .WithTrackingName(TrackingNames.UnitModels);

        var modelDiagnostics = unitModels
            .Select(static (result, _) => result.Diagnostics)
            .Combine(options.Select(static (o, _) => o.Diagnostics))
            .Select(static (pair, _) => new EquatableArray<DiagnosticInfo>(pair.Left.Concat(pair.Right)))
            .WithTrackingName(TrackingNames.ModelDiagnostics);
        context.RegisterSourceOutput(modelDiagnostics, static (spc, diagnostics) => Report(spc, diagnostics));

        // One output per generated file: a docs edit re-emits only the files whose models changed.
        var emitted = unitModels
            .SelectMany(static (result, _) => result.Units)
            .WithTrackingName(TrackingNames.Units)
            .Select(static (unit, cancellationToken) => Emit(unit, cancellationToken))
            .WithTrackingName(TrackingNames.Emitted);
        context.RegisterSourceOutput(emitted, static (spc, result) => AddSource(spc, result));
    }

    private static bool IsMarked(AnalyzerConfigOptions options, string metadata) =>
        options.TryGetValue(metadata, out var value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The lock (the first file by path; one per project): an unreadable or invalid one is an error at its line and no lock.</summary>
    private static ParsedLock ReadLock(System.Collections.Immutable.ImmutableArray<DocsFile> files)
    {
        if (files.IsEmpty)
        {
            return new ParsedLock(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var diagnostics = ordered.Skip(1)
            .Select(extra => Unlocated(Diagnostics.InvalidLockFile, extra.Path, $"only one API lock applies to a project; '{ordered[0].Path}' is used"))
            .ToList();
        var file = ordered[0];
        if (file.Text is null)
        {
            diagnostics.Add(Unlocated(Diagnostics.InvalidLockFile, file.Path, "the file could not be read; check the RealtimeApiLock property"));
            return new ParsedLock(null, diagnostics.ToEquatableArray());
        }

        var read = ApiLockYaml.Read(file.Text);
        var lines = new LineMap(file.Text);
        diagnostics.AddRange(read.Problems.Select(p => Located(
            new SchemaDiagnostic { Id = DiagnosticIds.InvalidLockFile, Severity = SchemaSeverity.Error, Line = p.Line, Column = p.Column, Message = p.Message },
            file.Path,
            lines,
            file.Path)));
        return new ParsedLock(read.Lock, diagnostics.ToEquatableArray());
    }

    /// <summary>The overlay (the first file by path; one per project): an unreadable or invalid one is an error at its line and no overlay.</summary>
    private static ParsedOverlay ReadOverlay(System.Collections.Immutable.ImmutableArray<DocsFile> files)
    {
        if (files.IsEmpty)
        {
            return new ParsedOverlay(null, null, null, EquatableArray<DiagnosticInfo>.Empty);
        }

        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var diagnostics = ordered.Skip(1)
            .Select(extra => Unlocated(Diagnostics.InvalidOverlay, extra.Path, $"only one overlay applies to a project; '{ordered[0].Path}' is used"))
            .ToList();
        var file = ordered[0];
        if (file.Text is null)
        {
            diagnostics.Add(Unlocated(Diagnostics.InvalidOverlay, file.Path, "the file could not be read; check the RealtimeOverlay property"));
            return new ParsedOverlay(null, file.Path, null, diagnostics.ToEquatableArray());
        }

        var read = Realtime.Schema.Overlay.ApiOverlayYaml.Read(file.Text);
        var lines = new LineMap(file.Text);
        diagnostics.AddRange(read.Problems.Select(p => Located(p, file.Path, lines, file.Path)));
        return new ParsedOverlay(read.Overlay, file.Path, file.Text, diagnostics.ToEquatableArray());
    }

    private static ShapedDocs Shape(ParsedDocs docs, ParsedLock parsedLock, ParsedOverlay parsedOverlay, CancellationToken cancellationToken)
    {
        ShapedApi api;
        try
        {
            api = ApiShaping.Shape(docs.Schema, parsedLock.Lock, new ShapingOptions { Overlay = parsedOverlay.Overlay });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ShapedDocs(docs.Path, new ShapedApi { Schema = docs.Schema }, EquatableArray.Create(Unlocated(Diagnostics.EmitterFailed, docs.Path, Describe(ex))));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var lines = new LineMap(docs.Text);
        var findings = api.Diagnostics.Select(d => Located(d, docs.Path, lines));
        if (parsedOverlay is { Path: { } overlayPath, Text: { } overlayText })
        {
            var overlayLines = new LineMap(overlayText);
            findings = findings.Concat(api.OverlayFindings.Select(d => Located(d, overlayPath, overlayLines)));
        }

        return new ShapedDocs(docs.Path, api, findings.ToEquatableArray());
    }

    private static ParsedOptions ReadOptions(AnalyzerConfigOptions options)
    {
        var emitOptions = new EmitOptions();
        var diagnostics = new List<DiagnosticInfo>();
        if (options.TryGetValue(NamespaceProperty, out var ns) && !string.IsNullOrWhiteSpace(ns))
        {
            emitOptions = emitOptions with { Namespace = ns.Trim() };
        }

        if (options.TryGetValue(VisibilityProperty, out var visibility) && !string.IsNullOrWhiteSpace(visibility))
        {
            switch (visibility.Trim().ToLowerInvariant())
            {
                case "public":
                    break;
                case "internal":
                    emitOptions = emitOptions with { PublicTypes = false };
                    break;
                default:
                    diagnostics.Add(Unlocated(Diagnostics.InvalidVisibility, visibility));
                    break;
            }
        }

        return new ParsedOptions(emitOptions, diagnostics.ToEquatableArray());
    }

    private static ParsedDocs Parse(DocsFile file, CancellationToken cancellationToken)
    {
        if (file.Text is null)
        {
            return new ParsedDocs(file.Path, "", new ApiSchema(), EquatableArray.Create(Unlocated(Diagnostics.DocsUnreadable, file.Path)));
        }

        ApiSchema schema;
        try
        {
            schema = ApiGeneration.Parse(file.Text, file.Path);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ParsedDocs(file.Path, file.Text, new ApiSchema(), EquatableArray.Create(Unlocated(Diagnostics.ParserFailed, file.Path, Describe(ex))));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var lines = new LineMap(file.Text);
        var diagnostics = schema.Diagnostics
            .Select(d => Located(d, file.Path, lines))
            .ToList();
        if (schema.Types.IsEmpty && schema.Endpoints.IsEmpty && !diagnostics.Any(d => d.Severity == SchemaSeverity.Error))
        {
            diagnostics.Add(Unlocated(Diagnostics.DocsDeclareNothing, file.Path));
        }

        return new ParsedDocs(file.Path, file.Text, schema, diagnostics.ToEquatableArray());
    }

    private static UnitModels BuildUnits(EmitInput input, CancellationToken cancellationToken)
    {
        try
        {
            var units = ApiGeneration.BuildUnits(input.Docs.Api.Schema, input.Options).ToEquatableArray();
            cancellationToken.ThrowIfCancellationRequested();
            return new UnitModels(units, EquatableArray<DiagnosticInfo>.Empty);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new UnitModels(
                EquatableArray<EmitUnit>.Empty,
                EquatableArray.Create(Unlocated(Diagnostics.EmitterFailed, input.Docs.Path, Describe(ex))));
        }
    }

    private static EmitResult Emit(EmitUnit unit, CancellationToken cancellationToken)
    {
        try
        {
            var file = ApiGeneration.EmitUnit(unit);
            cancellationToken.ThrowIfCancellationRequested();
            return new EmitResult(new GeneratedUnit(file.HintName, file.Source), EquatableArray<DiagnosticInfo>.Empty);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new EmitResult(null, EquatableArray.Create(Unlocated(Diagnostics.EmitterFailed, unit.Describe(), Describe(ex))));
        }
    }

    private static void AddSource(SourceProductionContext context, EmitResult result)
    {
        Report(context, result.Diagnostics);
        if (result.Unit is not { } unit)
        {
            return;
        }

        try
        {
            context.AddSource(unit.HintName, SourceText.From(unit.Source, System.Text.Encoding.UTF8));
        }
        catch (ArgumentException ex)
        {
            context.ReportDiagnostic(Diagnostic.Create(Diagnostics.DuplicateOutput, Location.None, unit.HintName, ex.Message));
        }
    }

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var info in diagnostics)
        {
            context.ReportDiagnostic(Diagnostics.ToDiagnostic(info));
        }
    }

    private static DiagnosticInfo Located(SchemaDiagnostic diagnostic, string path, LineMap lines, params string[] leadingArguments)
    {
        var (start, length, line, column, endColumn) = lines.SpanOf(diagnostic.Line, diagnostic.Column);
        return new DiagnosticInfo(diagnostic.Id, diagnostic.Severity, leadingArguments.Append(diagnostic.Message).ToEquatableArray(), path, start, length, line, column, endColumn);
    }

    private static DiagnosticInfo Unlocated(DiagnosticDescriptor descriptor, params string[] arguments) =>
        new(descriptor.Id, ToSchemaSeverity(descriptor.DefaultSeverity), arguments.ToEquatableArray(), null, 0, 0, 0, 0, 0);

    private static SchemaSeverity ToSchemaSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity severity) => severity switch
    {
        Microsoft.CodeAnalysis.DiagnosticSeverity.Error => SchemaSeverity.Error,
        Microsoft.CodeAnalysis.DiagnosticSeverity.Warning => SchemaSeverity.Warning,
        _ => SchemaSeverity.Info,
    };

    // The exception's type, message and innermost frame: enough to find the bug without a debugger.
    private static string Describe(Exception ex)
    {
        var frame = ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim();
        return frame is null ? $"{ex.GetType().Name}: {ex.Message}" : $"{ex.GetType().Name}: {ex.Message} ({frame})";
    }

    /// <summary>The options with the problems found in them (reported once, not per file).</summary>
    private sealed record ParsedOptions(EmitOptions Options, EquatableArray<DiagnosticInfo> Diagnostics);
}
