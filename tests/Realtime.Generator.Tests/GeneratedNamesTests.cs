using Microsoft.CodeAnalysis;
using Realtime.Generator.Tests.Infrastructure;

namespace Realtime.Generator.Tests;

/// <summary>
/// Generated type names that clash (by case, with a runtime type, with a derived name) and descriptions that are not
/// valid XML: the generator still adds every file, says what it renamed, and the code compiles with its XML docs checked.
/// </summary>
public class GeneratedNamesTests
{
    private static readonly Microsoft.CodeAnalysis.CSharp.CSharpParseOptions Documented =
        GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);

    /// <summary>A page with one <c>###</c> section per declaration (each given as its item lines).</summary>
    internal static string Page(params string[] declarations) =>
        "# Realtime\n\n## Domain Types\n\n" + string.Concat(declarations.Select((d, i) => $"### Section {i}\n\n{d}\n\n"));

    private static string Object(string name, string description = "A thing.", params string[] fields) =>
        $"- `{name} object {{ {string.Join(", ", fields.Select(f => f.Split(':')[0]))} }}`\n\n  {description}\n\n"
        + string.Concat(fields.Select(f => $"  - `{f}`\n\n    A field.\n\n"));

    private static (GeneratorDriverRunResult Run, IReadOnlyList<string> Errors, IReadOnlyList<(string HintName, string Source)> Files) Generate(string markdown)
    {
        var (run, output, diagnostics) = GeneratorHarness.Run("/docs/names.md", markdown, parseOptions: Documented);
        Assert.All(run.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8784" or "CS8785");
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "RTCG900" or "RTCG901" or "RTCG904");
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        return (run, errors, GeneratorHarness.GeneratedFiles(run));
    }

    [Fact]
    public void TypesThatDifferOnlyByCase_GetDistinctNamesAndFiles()
    {
        var (run, errors, files) = Generate(Page(Object("Foo", fields: "a: string"), Object("FOO", fields: "b: number")));

        Assert.Empty(errors);
        Assert.Contains(files, f => f.Source.Contains("partial record Foo "));
        Assert.Contains(files, f => f.Source.Contains("partial record FooObject "));
        Assert.Equal(files.Count, files.Select(f => f.HintName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var renamed = Assert.Single(run.Diagnostics, d => d.Id == "RTCG011");
        Assert.Equal(DiagnosticSeverity.Warning, renamed.Descriptor.DefaultSeverity);
        Assert.Contains("`FOO`", renamed.GetMessage());
    }

    [Fact]
    public void InlineNameAgainstAPageTypeOfAnotherCase_GetsDistinctNames()
    {
        var (run, errors, files) = Generate(Page(
            Object("Foo", "Has an inline object.", "bar_baz: object { c }") + "    - `c: string`\n\n      C.\n\n",
            Object("FooBarbaz", fields: "d: boolean")));

        Assert.Empty(errors);
        Assert.Equal(files.Count, files.Select(f => f.HintName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        // The page's name wins; the inline object (FooBarBaz, the page type's name under the rule) takes its kind's word.
        Assert.Contains(files, f => f.Source.Contains("partial record FooBarBaz "));
        Assert.Contains(files, f => f.Source.Contains("FooBarBazObject BarBaz { get; init; }"));
        Assert.Contains(run.Diagnostics, d => d.Id == "RTCG011" && d.GetMessage().Contains("`FooBarBazObject`"));
    }

    [Theory]
    [InlineData("JsonRuntime")]
    [InlineData("FlatJsonReader")]
    [InlineData("Optional")]
    [InlineData("RealtimeJson")]
    public void PageTypeNamedLikeATypeTheGeneratedCodeUses_IsRenamedWithAWarning(string name)
    {
        var (run, errors, files) = Generate(Page(Object(name, fields: "a: string"), Object("User", fields: $"thing: {name}")));

        Assert.Empty(errors);
        Assert.Contains(files, f => f.Source.Contains($"partial record {name}Object "));
        Assert.Contains(files, f => f.Source.Contains($"{name}Object Thing {{ get; init; }}"));
        Assert.Contains(run.Diagnostics, d => d.Id == "RTCG011" && d.Descriptor.DefaultSeverity == DiagnosticSeverity.Warning);
    }

    [Fact]
    public void NamesFollowTheNetGuidelines()
    {
        var (run, errors, files) = Generate(Page(
            Object("ID", fields: "id: string"),
            Object("PCMAudioFormat", fields: "type: \"audio/pcm\""),
            Object("RealtimeMcphttpError", "An error.", "type: \"http_error\"", "code: string"),
            Object("RealtimeResponse", "A response.", "status: optional \"completed\" or \"failed\"", "status_details: optional RealtimeResponseStatus"),
            Object("RealtimeResponseStatus", fields: "reason: string"),
            Object("ServerIO", fields: "mcp_server: string")));

        Assert.Empty(errors);
        var types = files.Select(f => f.HintName).ToList();
        foreach (var expected in new[] { "Id", "PcmAudioFormat", "RealtimeMcpHttpError", "RealtimeResponseStatus", "RealtimeResponseStatusEnum", "ServerIO" })
        {
            Assert.Contains($"Realtime.Api.{expected}.g.cs", types);
        }

        Assert.DoesNotContain(types, t => t.Contains('_'));
        // The builder qualified the inline enum (RealtimeResponse_Status) because its derived name is the page type's:
        // taking its kind's word is the expected outcome, not a finding.
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "RTCG011");
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\uffff")]
    [InlineData("\ufffe")]
    [InlineData("\u0001\u001f")]
    [InlineData("\u2028")]
    [InlineData("\u2029\u0085\r")]
    [InlineData("a <b> & </summary> \"c\"")]
    public void DescriptionsWithCharactersXmlCannotHold_StillGiveValidDocs(string noise)
    {
        var (_, errors, files) = Generate(Page(Object("Lamp", $"A lamp {noise} in the room.", "shade: \"red\" or \"blue\"")));

        Assert.Empty(errors);
        Assert.Contains(files, f => f.Source.Contains("A lamp"));
    }

    [Fact]
    public void MarkdownInDescriptions_BecomesXmlDocs()
    {
        const string description = "The `shade` of the [lamp](https://example.com/a?b=1&c=\"2\").\n\n  Second paragraph:\n\n  - `red` is warm\n  - `blue` is cold\n    and calm";
        var (_, errors, files) = Generate(Page(Object("Lamp", description, "shade: \"red\" or \"blue\"")));

        Assert.Empty(errors);
        var lamp = files.Single(f => f.HintName == "Realtime.Api.Lamp.g.cs").Source;
        Assert.Contains("/// The <c>shade</c> of the <see href=\"https://example.com/a?b=1&amp;c=&quot;2&quot;\">lamp</see>.", lamp);
        Assert.Contains("/// <para>", lamp);
        Assert.Contains("/// <list type=\"bullet\">", lamp);
        Assert.Contains("/// <item><description><c>blue</c> is cold and calm</description></item>", lamp);
        Assert.DoesNotContain(lamp.Split('\n'), l => l.TrimStart().StartsWith("///", StringComparison.Ordinal) && l.Contains('`'));
    }

    [Fact]
    public void EnumMembers_AreDocumentedWithWhatThePageSaysAboutThem()
    {
        var page = Page(
            "- `Lamp object { mode }`\n\n  A lamp.\n\n  - `mode: \"low\" or \"high\" or \"eco\"`\n\n    How bright. `low` dims the lamp. Use `\"high\"` for reading.\n\n    - `\"low\"`\n\n    - `\"high\"`\n\n    - `\"eco\"`\n\n");
        var (_, errors, files) = Generate(page);

        Assert.Empty(errors);
        var mode = files.Single(f => f.HintName == "Realtime.Api.LampMode.g.cs").Source;
        Assert.Contains("/// <c>low</c> dims the lamp.\n        /// </summary>\n        public static LampMode Low", mode);
        Assert.Contains("/// Use <c>\"high\"</c> for reading.\n        /// </summary>\n        public static LampMode High", mode);
        Assert.Contains("/// eco\n        /// </summary>\n        public static LampMode Eco", mode);
    }
}
