using System.Reflection;
using Realtime.Schema.Analysis;
using Realtime.Schema.Model;

namespace Realtime.Schema.Tests;

/// <summary>The docs pages (read from ../shared at test time, never copied) and this project's own fixtures.</summary>
internal static class TestPaths
{
    public static string RepoRoot => Metadata("RealtimeRepoRoot");

    /// <summary>The current page; REALTIME_DOCS_PATH overrides.</summary>
    public static string AfterPage => Environment.GetEnvironmentVariable("REALTIME_DOCS_PATH") is { Length: > 0 } path ? path : Metadata("RealtimeDocsPath");

    /// <summary>The page before the docs diff; REALTIME_DOCS_BEFORE_PATH overrides.</summary>
    public static string BeforePage => Environment.GetEnvironmentVariable("REALTIME_DOCS_BEFORE_PATH") is { Length: > 0 } path ? path : Metadata("RealtimeDocsBeforePath");

    public static string Fixture(string name) => Path.Combine(RepoRoot, "tests", "Realtime.Schema.Tests", "Fixtures", name);

    public static string ReadFixture(string name) => File.ReadAllText(Fixture(name));

    public static ApiSchema ParseFixture(string name) => SchemaParser.Parse(ReadFixture(name), name);

    /// <summary>A fixture parsed and shaped by the analysis stage (the API's shape).</summary>
    public static ShapedApi ShapeFixture(string name, ShapingOptions? options = null) => ApiShaping.Shape(ParseFixture(name), options);

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"assembly metadata '{key}' is missing (tests/Directory.Build.props sets it)");
}

/// <summary>The two real pages, each read and parsed once per test run.</summary>
internal static class RealPages
{
    private static readonly Lazy<string> AfterText = new(() => File.ReadAllText(TestPaths.AfterPage));
    private static readonly Lazy<string> BeforeText = new(() => File.ReadAllText(TestPaths.BeforePage));
    private static readonly Lazy<ApiSchema> AfterSchema = new(() => SchemaParser.Parse(AfterText.Value, TestPaths.AfterPage));
    private static readonly Lazy<ApiSchema> BeforeSchema = new(() => SchemaParser.Parse(BeforeText.Value, TestPaths.BeforePage));
    private static readonly Lazy<ShapedApi> AfterShape = new(() => ApiShaping.Shape(AfterSchema.Value));
    private static readonly Lazy<ShapedApi> BeforeShape = new(() => ApiShaping.Shape(BeforeSchema.Value));

    public static string AfterMarkdown => AfterText.Value;

    public static string BeforeMarkdown => BeforeText.Value;

    public static ApiSchema After => AfterSchema.Value;

    public static ApiSchema Before => BeforeSchema.Value;

    /// <summary>The after page's API shape (after unification).</summary>
    public static ShapedApi AfterShaped => AfterShape.Value;

    public static ShapedApi BeforeShaped => BeforeShape.Value;

    public static ShapedApi Shaped(string page) => page == "after" ? AfterShaped : BeforeShaped;

    public static string Markdown(string page) => page == "after" ? AfterMarkdown : BeforeMarkdown;

    public static ApiSchema Schema(string page) => page == "after" ? After : Before;
}

internal static class SchemaAssertions
{
    public static TypeDecl Type(this ApiSchema schema, string name) =>
        schema.FindType(name) ?? throw new Xunit.Sdk.XunitException($"type '{name}' not found; have: {string.Join(", ", schema.Types.Select(t => t.Name).Take(400))}");

    public static PropertyDecl Property(this TypeDecl type, string jsonName) =>
        type.Properties.FirstOrDefault(p => p.JsonName == jsonName) ?? throw new Xunit.Sdk.XunitException($"{type.Name} has no property '{jsonName}'; has: {string.Join(", ", type.Properties.Select(p => p.JsonName))}");

    public static TypeDecl TypeOf(this ApiSchema schema, PropertyDecl property)
    {
        var type = property.Type;
        while (type.Kind is TypeRefKind.Array or TypeRefKind.Map) type = type.Element!;
        Assert.Equal(TypeRefKind.Named, type.Kind);
        return schema.Type(type.Name!);
    }

    public static string[] MemberValues(this TypeDecl type) => type.Members.Select(m => m.Value).ToArray();

    public static SchemaDiagnostic[] Errors(this ApiSchema schema) => schema.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();

    public static SchemaDiagnostic[] Warnings(this ApiSchema schema) => schema.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToArray();
}
