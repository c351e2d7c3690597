using Microsoft.CodeAnalysis;
using Realtime.Generator.Tests.Infrastructure;
using Realtime.Schema;

namespace Realtime.Generator.Tests;

/// <summary>The maintainer overlay as an AdditionalFiles item (what the RealtimeOverlay property adds): applied, stale actions and errors at their overlay lines.</summary>
public class OverlayGeneratorTests
{
    private const string OverlayPath = "/project/realtime.overlay.yaml";

    private const string Page = """
        # Lamps

        ## Domain Types

        ### Lamp

        - `Lamp object { code, level }`

          - `code: number`

          - `level: optional number`
        """;

    [Fact]
    public void The_overlay_sets_types_and_names_and_reports_a_stale_action_at_its_line()
    {
        const string overlay = "overlay: 1.0.0\ninfo:\n  title: t\n  version: 1.0.0\nactions:\n"
            + "  - target: Lamp.code\n    update:\n      type: int32\n      name: ErrorCode\n"
            + "  - target: Lamp.level\n    update:\n      type: int64\n"
            + "  - target: Lamp.gone\n    remove: true\n";
        var (run, output, _) = GeneratorHarness.Run("/project/lamps.md", Page, overlay: new InMemoryText(OverlayPath, overlay));

        var lamp = GeneratorHarness.GeneratedFiles(run).Single(f => f.HintName.EndsWith(".Lamp.g.cs", StringComparison.Ordinal)).Source;
        Assert.Contains("public required int ErrorCode { get; init; }", lamp);
        Assert.Contains("public long? Level { get; init; }", lamp);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var stale = Assert.Single(run.Diagnostics, d => d.Id == DiagnosticIds.StaleOverlayAction);
        Assert.Equal(DiagnosticSeverity.Warning, stale.DefaultSeverity); // the harness compiles with warnings as errors
        Assert.Equal(OverlayPath, stale.Location.GetLineSpan().Path);
        Assert.Equal(13, stale.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("Lamp.gone", stale.GetMessage());
    }

    [Fact]
    public void An_invalid_overlay_is_an_error_at_its_line_and_nothing_of_it_is_applied()
    {
        const string overlay = "overlay: 1.0.0\nactions:\n  - target: Lamp.code\n    update:\n      type: float\n";
        var (run, _, _) = GeneratorHarness.Run("/project/lamps.md", Page, overlay: new InMemoryText(OverlayPath, overlay));

        var error = Assert.Single(run.Diagnostics, d => d.Id == DiagnosticIds.InvalidOverlay);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(OverlayPath, error.Location.GetLineSpan().Path);
        Assert.Equal(5, error.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("unknown type `float`", error.GetMessage());
        var lamp = GeneratorHarness.GeneratedFiles(run).Single(f => f.HintName.EndsWith(".Lamp.g.cs", StringComparison.Ordinal)).Source;
        Assert.Contains("public required double Code { get; init; }", lamp);
    }
}
