namespace Realtime.Generator.Tests.Infrastructure;

public class SnapshotHelperTests
{
    [Fact]
    public void UnifiedDiff_ShowsChangedLinesWithContextAndHunkHeader()
    {
        var before = string.Join("\n", Enumerable.Range(1, 20).Select(i => $"line {i}")) + "\n";
        var after = before.Replace("line 10\n", "line ten\n").Replace("line 11\n", "");

        var diff = Snapshot.UnifiedDiff(before, after, "a", "b");

        Assert.Equal(
            """
            --- a
            +++ b
            @@ -7,8 +7,7 @@
             line 7
             line 8
             line 9
            -line 10
            -line 11
            +line ten
             line 12
             line 13
             line 14

            """.Replace("\r\n", "\n"),
            diff.Replace("\r\n", "\n"));
    }

    [Fact]
    public void UnifiedDiff_OfEqualTexts_HasNoHunks()
    {
        var diff = Snapshot.UnifiedDiff("a\nb\n", "a\nb\n", "x", "y");
        Assert.DoesNotContain("@@", diff);
    }
}
