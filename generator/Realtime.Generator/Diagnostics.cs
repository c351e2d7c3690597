using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SchemaSeverity = Realtime.Schema.Model.DiagnosticSeverity;

namespace Realtime.Generator;

/// <summary>
/// Every diagnostic the generator reports. The schema parser's own findings (RTCG0xx) keep the id and
/// severity the parser gave them; RTCG9xx are the generator's (its input and its own failures).
/// </summary>
public static class Diagnostics
{
    public const string Category = "Realtime.Codegen";

    /// <summary>The parser threw: a bug in the parser, reported instead of crashing the compiler.</summary>
    public static readonly DiagnosticDescriptor ParserFailed = new(
        "RTCG900",
        "The Realtime docs parser failed",
        "Reading '{0}' failed: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>An emitter threw: a bug in the emitter, reported instead of crashing the compiler.</summary>
    public static readonly DiagnosticDescriptor EmitterFailed = new(
        "RTCG901",
        "The Realtime code emitter failed",
        "Generating C# from '{0}' failed: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>The AdditionalFiles item exists but its text could not be read.</summary>
    public static readonly DiagnosticDescriptor DocsUnreadable = new(
        "RTCG902",
        "The Realtime docs file could not be read",
        "The Realtime docs file '{0}' could not be read; check the RealtimeDocsPath property",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>The docs file parsed but declares nothing: most likely the wrong file.</summary>
    public static readonly DiagnosticDescriptor DocsDeclareNothing = new(
        "RTCG903",
        "The Realtime docs file declares no types",
        "The Realtime docs file '{0}' declares no types or endpoints; is RealtimeDocsPath the API reference page?",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    /// <summary>Two emitted files got the same hint name (e.g. two docs files emitting into one namespace).</summary>
    public static readonly DiagnosticDescriptor DuplicateOutput = new(
        "RTCG904",
        "Two generated files have the same name",
        "The generated file '{0}' was produced twice (are two docs files marked for the same project?): {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>The visibility option has a value other than public/internal.</summary>
    public static readonly DiagnosticDescriptor InvalidVisibility = new(
        "RTCG905",
        "Invalid RealtimeVisibility",
        "RealtimeVisibility must be 'public' or 'internal', not '{0}'; using 'public'",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    /// <summary>The analysis stage's count of inline types it unified (one per page; the listing is in <c>realtime-codegen schema</c>).</summary>
    public static readonly DiagnosticDescriptor Unified = new(
        Schema.DiagnosticIds.Unified,
        "Inline types of the Realtime docs were unified",
        "{0}",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true);

    private static readonly ConcurrentDictionary<(string Id, SchemaSeverity Severity), DiagnosticDescriptor> SchemaDescriptors = new();

    /// <summary>The descriptor for a finding of the schema parser (its id and severity as the parser gave them).</summary>
    public static DiagnosticDescriptor ForSchemaFinding(string id, SchemaSeverity severity) =>
        SchemaDescriptors.GetOrAdd((id, severity), static key => new DiagnosticDescriptor(
            key.Id,
            "Problem in the Realtime docs markdown",
            "{0}",
            Category,
            ToRoslyn(key.Severity),
            isEnabledByDefault: true));

    internal static DiagnosticSeverity ToRoslyn(SchemaSeverity severity) => severity switch
    {
        SchemaSeverity.Error => DiagnosticSeverity.Error,
        SchemaSeverity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };

    internal static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var descriptor = info.Id switch
        {
            "RTCG900" => ParserFailed,
            "RTCG901" => EmitterFailed,
            "RTCG902" => DocsUnreadable,
            "RTCG903" => DocsDeclareNothing,
            "RTCG904" => DuplicateOutput,
            "RTCG905" => InvalidVisibility,
            Schema.DiagnosticIds.Unified => Unified,
            _ => ForSchemaFinding(info.Id, info.Severity),
        };
        return Diagnostic.Create(descriptor, ToLocation(info), info.Arguments.Select(static a => (object?)a).ToArray());
    }

    private static Location ToLocation(DiagnosticInfo info)
    {
        if (info.Path is null || info.Line <= 0)
        {
            return Location.None;
        }

        var start = new LinePosition(info.Line - 1, Math.Max(0, info.Column - 1));
        var end = new LinePosition(info.Line - 1, Math.Max(start.Character, info.EndColumn - 1));
        return Location.Create(info.Path, new TextSpan(info.Start, info.Length), new LinePositionSpan(start, end));
    }
}
