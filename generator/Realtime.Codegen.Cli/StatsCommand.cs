using System.Text;
using Realtime.Generator;
using Realtime.Schema.Analysis;
using Realtime.Schema.Model;

namespace Realtime.Codegen.Cli;

/// <summary>
/// <c>realtime-codegen stats [docs.md] [--json]</c>: what the page declares, counted. Exit code 0, 1 when the page
/// has error diagnostics, 2 for bad input.
/// </summary>
public static class StatsCommand
{
    public const string Usage = "usage: realtime-codegen stats [docs.md] [--json] [--overlay FILE]";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (!OverlayInput.TryTake(ref args, stderr, out var shaping, out var overlayPath)) return 2;
        string? docs = null;
        var json = false;
        foreach (var arg in args)
        {
            if (arg == "--json") json = true;
            else if (arg.StartsWith("-", StringComparison.Ordinal) || docs is not null)
            {
                stderr.WriteLine($"error: unexpected argument '{arg}'");
                stderr.WriteLine(Usage);
                return 2;
            }
            else docs = arg;
        }

        if (!DocsInput.TryLoad(docs, stderr, out var page, out var path)) return 2;
        var shaped = ApiShaping.Shape(page, shaping);
        OverlayInput.WriteFindings(shaped, overlayPath, stderr);
        var schema = shaped.Schema;
        var stats = SchemaStats.Of(shaped, ApiGeneration.Findings(page, shaped).ToList());
        if (json)
        {
            stdout.WriteLine(stats.ToJson());
        }
        else
        {
            stdout.WriteLine($"{path}: {schema.Title}");
            stdout.WriteLine($"  objects        {stats.Objects}");
            stdout.WriteLine($"  unions         {stats.Unions}");
            stdout.WriteLine($"  enums          {stats.Enums} ({stats.EnumMembers} members)");
            stdout.WriteLine($"  properties     {stats.Properties}");
            stdout.WriteLine($"  client events  {stats.ClientEvents}");
            stdout.WriteLine($"  server events  {stats.ServerEvents}");
            stdout.WriteLine($"  endpoints      {stats.Endpoints} ({stats.Examples} examples)");
            stdout.WriteLine($"  unified        {stats.Unifications.Count} inline types ({stats.EqualToNamed} equal to a page type, {stats.SubsetOfNamed} a subset of one, {stats.MergedCopies} merged copies)");
            stdout.WriteLine($"  integers       {stats.Integers.Count} members the page prints as number ({stats.Integers.Count(i => i.Width == IntegerWidth.Int32)} int, {stats.Integers.Count(i => i.Width == IntegerWidth.Int64)} long)");
            stdout.WriteLine($"  diagnostics    {stats.Errors} errors, {stats.Warnings} warnings, {stats.Infos} info");
            foreach (var integer in stats.Integers)
            {
                stdout.WriteLine($"    {SchemaStats.KindOf(integer.Width),-4} {integer.Site} (line {integer.Line}): {string.Join("; ", integer.Evidence)}");
            }
        }

        foreach (var diagnostic in ApiGeneration.Findings(page, shaped).Where(d => d.Severity != DiagnosticSeverity.Info))
        {
            stderr.WriteLine($"{path}({diagnostic.Line},{diagnostic.Column}): {DocsInput.Format(diagnostic)}");
        }

        return stats.Errors > 0 ? 1 : 0;
    }
}

/// <summary>The counts <c>stats</c> reports, of the API's shape (after unification), and the unifications.</summary>
public sealed record SchemaStats(
    int Objects, int Unions, int Enums, int EnumMembers, int Properties, int ClientEvents, int ServerEvents,
    int Endpoints, int Examples, int Errors, int Warnings, int Infos)
{
    /// <summary>Every inline site that uses another type (see <see cref="ShapedApi.Unifications"/>).</summary>
    public EquatableArray<Unification> Unifications { get; init; } = EquatableArray<Unification>.Empty;

    /// <summary>Every member the page prints as <c>number</c> that is an integer, with its width and evidence (<see cref="ApiSchema.IntegerInferences"/>).</summary>
    public EquatableArray<IntegerInference> Integers { get; init; } = EquatableArray<IntegerInference>.Empty;

    /// <summary>The C# keyword of an integer width.</summary>
    public static string KindOf(IntegerWidth width) => width == IntegerWidth.Int32 ? "int" : "long";

    public int EqualToNamed => Unifications.Count(u => u.Kind == UnificationKind.EqualToNamed);

    public int SubsetOfNamed => Unifications.Count(u => u.Kind == UnificationKind.SubsetOfNamed);

    public int MergedCopies => Unifications.Count(u => u.Kind == UnificationKind.MergedCopies);

    public static SchemaStats Of(ShapedApi shaped, IReadOnlyCollection<SchemaDiagnostic> findings) =>
        Of(shaped.Schema with { Diagnostics = findings.ToEquatableArray() }) with { Unifications = shaped.Unifications, Integers = shaped.Schema.IntegerInferences };

    public static SchemaStats Of(ApiSchema schema)
    {
        int Count(TypeDeclKind kind) => schema.Types.Count(t => t.Kind == kind);
        int Events(EventDirection direction) => schema.Types
            .Where(t => t.EventDirection == direction)
            .SelectMany(t => t.Variants)
            .Select(v => v.DiscriminatorValue)
            .Where(v => v is not null)
            .Distinct(StringComparer.Ordinal)
            .Count();
        int Severity(DiagnosticSeverity severity) => schema.Diagnostics.Count(d => d.Severity == severity);
        return new SchemaStats(
            Count(TypeDeclKind.Object),
            Count(TypeDeclKind.Union),
            Count(TypeDeclKind.Enum),
            schema.Types.Where(t => t.Kind == TypeDeclKind.Enum).Sum(t => t.Members.Count),
            schema.Types.Sum(t => t.Properties.Count),
            Events(EventDirection.Client),
            Events(EventDirection.Server),
            schema.Endpoints.Count,
            schema.Endpoints.Sum(e => e.Examples.Count),
            Severity(DiagnosticSeverity.Error),
            Severity(DiagnosticSeverity.Warning),
            Severity(DiagnosticSeverity.Info));
    }

    /// <summary>One JSON object with exactly the documented keys.</summary>
    public string ToJson() => new StringBuilder()
        .Append("{\"objects\":").Append(Objects)
        .Append(",\"unions\":").Append(Unions)
        .Append(",\"enums\":").Append(Enums)
        .Append(",\"enumMembers\":").Append(EnumMembers)
        .Append(",\"properties\":").Append(Properties)
        .Append(",\"clientEvents\":").Append(ClientEvents)
        .Append(",\"serverEvents\":").Append(ServerEvents)
        .Append(",\"endpoints\":").Append(Endpoints)
        .Append(",\"examples\":").Append(Examples)
        .Append(",\"diagnostics\":{\"error\":").Append(Errors).Append(",\"warning\":").Append(Warnings).Append(",\"info\":").Append(Infos).Append('}')
        .Append(",\"unifications\":{\"equalToNamed\":").Append(EqualToNamed)
        .Append(",\"subsetOfNamed\":").Append(SubsetOfNamed)
        .Append(",\"mergedCopies\":").Append(MergedCopies)
        .Append(",\"sites\":[").Append(string.Join(",", Unifications.Select(SiteJson))).Append("]}")
        .Append(",\"integers\":[").Append(string.Join(",", Integers.Select(IntegerJson))).Append("]}")
        .ToString();

    private static string SiteJson(Unification u) =>
        $"{{\"site\":{JsonString(u.Site)},\"kind\":{JsonString(u.Kind.ToString())},\"from\":{JsonString(u.From)},\"to\":{JsonString(u.To)},\"line\":{u.Line}}}";

    private static string IntegerJson(IntegerInference i) =>
        $"{{\"site\":{JsonString(i.Site)},\"kind\":{JsonString(KindOf(i.Width))},\"evidence\":[{string.Join(",", i.Evidence.Select(JsonString))}],\"line\":{i.Line}}}";

    private static string JsonString(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}
