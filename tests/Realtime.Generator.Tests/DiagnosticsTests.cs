using Microsoft.CodeAnalysis;
using Realtime.Generator.Tests.Infrastructure;

namespace Realtime.Generator.Tests;

/// <summary>Bad input becomes RTCG diagnostics at the markdown line; the generator never throws.</summary>
public class DiagnosticsTests
{
    [Fact]
    public void MalformedMarkdown_ReportsRtcgDiagnosticsAtTheMarkdownLines()
    {
        var path = TestPaths.Fixture("malformed.md");
        var markdown = File.ReadAllText(path);
        var (run, _, _) = GeneratorHarness.Run(path, markdown);

        var schema = ApiGeneration.Parse(markdown, path);
        Assert.NotEmpty(schema.Diagnostics);
        var reported = run.Diagnostics.Where(d => d.Id.StartsWith("RTCG0", StringComparison.Ordinal)).ToList();
        Assert.Equal(schema.Diagnostics.Count, reported.Count);

        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        foreach (var (expected, actual) in schema.Diagnostics.Zip(reported))
        {
            Assert.Equal(expected.Id, actual.Id);
            var span = actual.Location.GetLineSpan();
            Assert.Equal(path, span.Path);
            Assert.Equal(expected.Line, span.StartLinePosition.Line + 1);
            Assert.Contains(expected.Message, actual.GetMessage());
            // The span covers text on that line of the file, so an IDE can underline it.
            var spanText = markdown.Substring(actual.Location.SourceSpan.Start, actual.Location.SourceSpan.Length);
            Assert.Equal(lines[expected.Line - 1][span.StartLinePosition.Character..].TrimEnd('\r'), spanText);
        }

        // The broken element type (`b: array of`) is one of the reported places.
        var brokenLine = Array.FindIndex(lines, l => l.Contains("`b: array of`")) + 1;
        Assert.Contains(reported, d => d.Location.GetLineSpan().StartLinePosition.Line + 1 == brokenLine);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not markdown at all \u0000\u0001 {{{ ```")]
    [InlineData("# Realtime\n\n## Domain Types\n\n### X\n\n- `X = A or B or 5 more`\n\n  - `A object { a }`\n")]
    [InlineData("- `A object { a }`\n  - `a: array of array of map[string or`\n")]
    [InlineData("# R\n\n## Create\n\n**post** `/x/{id}/y`\n\n### Path Parameters\n\n### Returns\n\n```json\n{ not json\n```\n")]
    public void HostileInput_NeverThrows(string markdown)
    {
        var (run, output, diagnostics) = GeneratorHarness.Run("/docs/hostile.md", markdown);

        Assert.All(run.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8784" or "CS8785");
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "RTCG900" or "RTCG901");
        Assert.NotNull(output);
    }

    [Fact]
    public void DeeplyNestedInput_NeverThrows()
    {
        var markdown = "# R\n\n## Domain Types\n\n### Deep\n\n" + string.Concat(Enumerable.Range(0, 400).Select(i => new string(' ', 2 * i) + $"- `f{i}: object {{ f{i + 1} }}`\n\n"));
        var (run, _, diagnostics) = GeneratorHarness.Run("/docs/deep.md", markdown);

        Assert.All(run.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8784" or "CS8785");
    }

    [Fact]
    public void UnmarkedAdditionalFile_IsIgnored()
    {
        var path = TestPaths.Fixture("object.md");
        var driver = GeneratorHarness.CreateDriver([new InMemoryText(path, File.ReadAllText(path))], markDocs: false);
        var run = driver.RunGenerators(GeneratorHarness.CreateCompilation()).GetRunResult();

        Assert.Empty(run.GeneratedTrees);
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void InvalidVisibility_IsReportedAndPublicIsUsed()
    {
        var path = TestPaths.Fixture("object.md");
        var (run, _, _) = GeneratorHarness.Run(path, File.ReadAllText(path), new Dictionary<string, string> { ["RealtimeVisibility"] = "secret" });

        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == Diagnostics.InvalidVisibility.Id);
        Assert.Contains("'secret'", diagnostic.GetMessage());
        Assert.Contains(GeneratorHarness.GeneratedFiles(run), f => f.Source.Contains("public sealed partial record PlantRecord"));
    }

    [Fact]
    public void NamespaceAndVisibilityOptions_ShapeTheOutput()
    {
        var path = TestPaths.Fixture("object.md");
        var (run, output, _) = GeneratorHarness.Run(path, File.ReadAllText(path), new Dictionary<string, string>
        {
            ["RealtimeNamespace"] = "Somewhere.Else",
            ["RealtimeVisibility"] = "internal",
        });

        var plant = output.GetTypeByMetadataName("Somewhere.Else.PlantRecord");
        Assert.NotNull(plant);
        Assert.Equal(Accessibility.Internal, plant.DeclaredAccessibility);
        Assert.Empty(run.Diagnostics);
    }
}
