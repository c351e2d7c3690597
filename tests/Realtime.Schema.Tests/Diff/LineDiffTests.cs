namespace Realtime.Schema.Tests.Diff;

public class LineDiffTests
{
    [Fact]
    public void Shows_changed_lines_with_context_and_markers()
    {
        var diff = LineDiff.Render("a\nb\nc\nd\ne\n", "a\nb\nC\nd\ne\nf\n", "committed", "rendered");
        Assert.Contains("- c\n+ C\n", diff);
        Assert.Contains("+ f\n", diff);
        Assert.Contains("  b\n", diff);
        Assert.StartsWith("--- committed\n+++ rendered\n", diff);
    }

    [Fact]
    public void Collapses_long_unchanged_runs_between_changes()
    {
        var before = string.Join("\n", Enumerable.Range(0, 40).Select(i => "line " + i));
        var after = before.Replace("line 5\n", "line five\n").Replace("line 30\n", "line thirty\n");
        var diff = LineDiff.Render(before, after, "a", "b");
        Assert.Contains("- line 5\n+ line five\n", diff);
        Assert.Contains("- line 30\n+ line thirty\n", diff);
        Assert.Contains("  …\n", diff);
        Assert.DoesNotContain("line 18", diff);
    }
}
