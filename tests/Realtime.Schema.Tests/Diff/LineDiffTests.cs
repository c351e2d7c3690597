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
}
