using Realtime.Generator.Emit;
using Realtime.Schema.Analysis;
using Realtime.Schema.Lock;
using Realtime.Schema.Model;

namespace Realtime.Generator;

// The generator's pipeline models. Every one is a record of strings, numbers and EquatableArrays, so
// Roslyn's incremental cache compares them by value: no ISymbol, SyntaxNode, Compilation or SourceText.

/// <summary>A markdown file marked for the generator, read to a string.</summary>
internal sealed record DocsFile(string Path, string? Text);

/// <summary>The schema parsed from one docs file, plus the problems found while reading it (and the text, to locate later findings).</summary>
internal sealed record ParsedDocs(string Path, string Text, ApiSchema Schema, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The project's API lock (none when there is no lock file or it is invalid) and the problems found in it.</summary>
internal sealed record ParsedLock(ApiLock? Lock, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The project's maintainer overlay (none when there is no overlay file or it is invalid), its file (to locate its stale actions) and the problems found in it.</summary>
internal sealed record ParsedOverlay(Realtime.Schema.Overlay.ApiOverlay? Overlay, string? Path, string? Text, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>One docs file's API after the analysis stage (under the lock), with the stage's findings located in the docs file.</summary>
internal sealed record ShapedDocs(string Path, ShapedApi Api, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>One generated file of one docs file: what <c>AddSource</c> receives.</summary>
internal sealed record GeneratedUnit(string HintName, string Source);

/// <summary>The per-file models of one docs file, or the error that stopped building them.</summary>
internal sealed record UnitModels(EquatableArray<EmitUnit> Units, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>One emitted file, or the error that stopped its emitter.</summary>
internal sealed record EmitResult(GeneratedUnit? Unit, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>The shaped API of one docs file with the options it is emitted under.</summary>
internal sealed record EmitInput(ShapedDocs Docs, EmitOptions Options);

/// <summary>A diagnostic with a value-equatable location (a markdown file position, or none).</summary>
internal sealed record DiagnosticInfo(
    string Id,
    Schema.Model.DiagnosticSeverity Severity,
    EquatableArray<string> Arguments,
    string? Path,
    int Start,
    int Length,
    int Line,
    int Column,
    int EndColumn);
