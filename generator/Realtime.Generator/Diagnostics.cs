using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Realtime.Schema;
using SchemaSeverity = Realtime.Schema.Model.DiagnosticSeverity;

namespace Realtime.Generator;

/// <summary>
/// Every diagnostic the generator reports. The schema parser's own findings (RTCG0xx) keep the id and
/// severity the parser gave them; RTCG020–026 are the API lock's (an invalid lock file; locked names the page no longer
/// lets the API keep); RTCG9xx are the generator's (its input and its own failures).
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

    /// <summary>The builder's count of the page's <c>number</c> members it reads as integers (one per page; the listing is in <c>realtime-codegen stats</c>).</summary>
    public static readonly DiagnosticDescriptor IntegersInferred = new(
        Schema.DiagnosticIds.IntegersInferred,
        "Integers of the Realtime docs were inferred",
        "{0}",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true);

    /// <summary>The overlay file cannot be used (unreadable, not YAML, an unknown key, a bad type name): no overlay is applied.</summary>
    public static readonly DiagnosticDescriptor InvalidOverlay = new(
        DiagnosticIds.InvalidOverlay,
        "The Realtime maintainer overlay is invalid",
        "The overlay '{0}' cannot be used: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>An overlay action whose target is not on the page (stale) or whose update does not apply there.</summary>
    public static readonly DiagnosticDescriptor StaleOverlayAction = new(
        DiagnosticIds.StaleOverlayAction,
        "A Realtime overlay action does not match the page",
        "{0}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    /// <summary>The lock file cannot be used (unreadable, not YAML, a missing or unknown key, a newer format): no lock is applied.</summary>
    public static readonly DiagnosticDescriptor InvalidLockFile = new(
        DiagnosticIds.InvalidLockFile,
        "The Realtime API lock file is invalid",
        "The API lock '{0}' cannot be used: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>Every site a locked type stands for is gone from the page.</summary>
    public static readonly DiagnosticDescriptor LockedTypeGone = LockFinding(DiagnosticIds.LockedTypeGone, "A locked API type is gone from the page");

    /// <summary>A locked member's JSON property is gone, or its C# name changed.</summary>
    public static readonly DiagnosticDescriptor LockedMemberGone = LockFinding(DiagnosticIds.LockedMemberGone, "A locked API member is gone or renamed");

    /// <summary>A locked enum value is gone.</summary>
    public static readonly DiagnosticDescriptor LockedEnumValueGone = LockFinding(DiagnosticIds.LockedEnumValueGone, "A locked enum value is gone");

    /// <summary>A locked union variant is gone.</summary>
    public static readonly DiagnosticDescriptor LockedVariantGone = LockFinding(DiagnosticIds.LockedVariantGone, "A locked union variant is gone");

    /// <summary>A locked type name now names another part of the page.</summary>
    public static readonly DiagnosticDescriptor LockedNameTaken = LockFinding(DiagnosticIds.LockedNameTaken, "A locked API type name is taken by another type");

    /// <summary>A locked site's type is generated under another name, a locked type changed kind, or a locked member's type name changed.</summary>
    public static readonly DiagnosticDescriptor LockedNameNotKept = LockFinding(DiagnosticIds.LockedNameNotKept, "A locked API name cannot be kept");

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

    // A breaking change under the lock: an error, so a regeneration cannot ship it unnoticed (regenerating the lock accepts it).
    private static DiagnosticDescriptor LockFinding(string id, string title) =>
        new(id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

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
            Schema.DiagnosticIds.IntegersInferred => IntegersInferred,
            DiagnosticIds.InvalidLockFile => InvalidLockFile,
            DiagnosticIds.InvalidOverlay => InvalidOverlay,
            DiagnosticIds.StaleOverlayAction => StaleOverlayAction,
            DiagnosticIds.LockedTypeGone => LockedTypeGone,
            DiagnosticIds.LockedMemberGone => LockedMemberGone,
            DiagnosticIds.LockedEnumValueGone => LockedEnumValueGone,
            DiagnosticIds.LockedVariantGone => LockedVariantGone,
            DiagnosticIds.LockedNameTaken => LockedNameTaken,
            DiagnosticIds.LockedNameNotKept => LockedNameNotKept,
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
