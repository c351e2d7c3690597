using Microsoft.CodeAnalysis;
using Realtime.Codegen.Cli;
using Realtime.Generator.Tests.Infrastructure;

namespace Realtime.Generator.Tests;

/// <summary>The generator and <c>emit</c> work on the shaped schema and report the stage's finding (Fixtures/copies.md).</summary>
public sealed class UnificationOutputTests : IDisposable
{
    private static readonly string DocsPath = TestPaths.Fixture("copies.md");

    private readonly string _output = Path.Combine(Path.GetTempPath(), "realtime-unify-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public void Generator_emits_one_type_per_shape_and_reports_the_unifications_at_the_page()
    {
        var (run, output, diagnostics) = GeneratorHarness.Run(DocsPath, File.ReadAllText(DocsPath));

        Assert.Empty(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        var hints = GeneratorHarness.GeneratedFiles(run).Select(f => f.HintName).ToList();
        Assert.Contains("Realtime.Api.SoilReading.g.cs", hints);
        Assert.Contains("Realtime.Api.SprinklerSettings.g.cs", hints);
        Assert.DoesNotContain(hints, h => h.Contains("BedSoil", StringComparison.Ordinal) || h.Contains("BedSprinkler", StringComparison.Ordinal) || h.Contains("GreenhouseSprinkler", StringComparison.Ordinal));
        var bed = output.GetTypeByMetadataName("Realtime.Api.Bed")!;
        var greenhouse = output.GetTypeByMetadataName("Realtime.Api.Greenhouse")!;
        Assert.Equal("Realtime.Api.SoilReading", ((IPropertySymbol)bed.GetMembers("Soil").Single()).Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString());
        Assert.Equal("Realtime.Api.SprinklerSettings?", ((IPropertySymbol)bed.GetMembers("SprinklerSettings").Single()).Type.ToDisplayString());
        Assert.Equal("Realtime.Api.SprinklerSettings?", ((IPropertySymbol)greenhouse.GetMembers("SprinklerSettings").Single()).Type.ToDisplayString());

        var finding = Assert.Single(run.Diagnostics, d => d.Id == "RTCG010");
        Assert.Equal(DiagnosticSeverity.Info, finding.Severity);
        Assert.Equal((DocsPath, 0), (finding.Location.GetLineSpan().Path, finding.Location.GetLineSpan().StartLinePosition.Line));
        Assert.Contains("3 inline types use another type: 1 equal to a page type, 0 a subset of one, 2 copies merged into 1 types", finding.GetMessage());
    }

    [Fact]
    public void Emit_prints_the_stage_finding_like_the_pages()
    {
        var stderr = new StringWriter();
        Assert.Equal(0, EmitCommand.Run([DocsPath, "-o", _output], new StringWriter(), stderr));
        Assert.Contains($"{DocsPath}(1,1): info RTCG010: 3 inline types use another type", stderr.ToString());
        Assert.False(File.Exists(Path.Combine(_output, "Realtime.Api.BedSoil.g.cs")));
    }
}
