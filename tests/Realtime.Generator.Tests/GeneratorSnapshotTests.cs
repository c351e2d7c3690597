using System.Text;
using Microsoft.CodeAnalysis;
using Realtime.Generator.Tests.Infrastructure;

namespace Realtime.Generator.Tests;

/// <summary>
/// One small fixture per feature through the real generator: the set of generated files and their text are
/// snapshotted together (Snapshots/NAME.verified.cs), and the output must compile without warnings.
/// </summary>
public class GeneratorSnapshotTests
{
    [Theory]
    [InlineData("object")]
    [InlineData("enums")]
    [InlineData("union-discriminated")]
    [InlineData("union-untagged")]
    [InlineData("nullability")]
    [InlineData("events")]
    [InlineData("endpoint")]
    public void Fixture_GeneratesExpectedFiles(string fixture)
    {
        var path = TestPaths.Fixture(fixture + ".md");
        var (run, output, _) = GeneratorHarness.Run(path, File.ReadAllText(path), new Dictionary<string, string> { ["RealtimeNamespace"] = "Garden.Api" });

        Assert.Empty(run.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var files = GeneratorHarness.GeneratedFiles(run);
        Assert.NotEmpty(files);

        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "generated code does not compile cleanly:\n" + string.Join("\n", problems.Take(20)));
        Snapshot.Match(Render(files), fixture);
    }

    [Fact]
    public void DeprecatedMember_IsObsoleteWithThePageNote_AndDocumented()
    {
        var path = TestPaths.Fixture("object.md");
        var (_, output, _) = GeneratorHarness.Run(path, File.ReadAllText(path));

        var label = output.GetTypeByMetadataName("Realtime.Api.PlantRecord")!.GetMembers("Label").Single();
        var obsolete = Assert.Single(label.GetAttributes(), a => a.AttributeClass?.Name == nameof(ObsoleteAttribute));
        Assert.Contains("write the label into `tags` instead", (string)obsolete.ConstructorArguments.Single().Value!);
        var name = output.GetTypeByMetadataName("Realtime.Api.PlantRecord")!.GetMembers("Name").Single();
        Assert.Empty(name.GetAttributes());
        Assert.Contains("What the gardener calls the plant.", name.GetDocumentationCommentXml());
    }

    /// <summary>All files of one run in one text: a header line with the hint name before each file.</summary>
    private static string Render(IReadOnlyList<(string HintName, string Source)> files)
    {
        var text = new StringBuilder();
        text.AppendLine("// Generated files:");
        foreach (var (hintName, _) in files)
        {
            text.Append("//   ").AppendLine(hintName);
        }

        foreach (var (hintName, source) in files)
        {
            text.AppendLine().Append("// ==== ").Append(hintName).AppendLine(" ====").Append(source);
            if (!source.EndsWith('\n'))
            {
                text.AppendLine();
            }
        }

        return text.ToString();
    }
}
