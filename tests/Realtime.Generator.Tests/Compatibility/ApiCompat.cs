using System.Text.RegularExpressions;
using Realtime.Generator.Tests.Infrastructure;
using Realtime.Generator.Tests.Packaging;

namespace Realtime.Generator.Tests.Compatibility;

/// <summary>One difference Microsoft's ApiCompat reports between a contract (left) and an implementation (right).</summary>
public sealed record ApiCompatDifference(string RuleId, string Message)
{
    public override string ToString() => $"{RuleId}: {Message}";
}

/// <summary>
/// Runs Microsoft.DotNet.ApiCompat.Tool (the repository's local dotnet tool, <c>.config/dotnet-tools.json</c>) the way
/// package validation does: left = the assembly consumers compiled against, right = its replacement.
/// </summary>
public static partial class ApiCompat
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private static readonly object RestoreGate = new();
    private static bool s_restored;

    /// <summary>
    /// Compares <paramref name="left"/> with <paramref name="right"/>; references resolve from this test's output folder
    /// (Realtime.Runtime and its dependencies) and the running framework. Paths in messages read <c>[left]</c>/<c>[right]</c>.
    /// </summary>
    public static IReadOnlyList<ApiCompatDifference> Compare(string left, string right)
    {
        Restore();
        var references = string.Join(',', AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar), Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        var run = DotnetCli.Run(TestPaths.RepoRoot, Timeout, "tool", "run", "apicompat", "--",
            "-l", left, "-r", right, "--lref", references, "--rref", references);
        Assert.DoesNotContain("Could not resolve reference", run.Output);

        var differences = new List<ApiCompatDifference>();
        foreach (var line in run.Output.Split('\n'))
        {
            var match = DifferenceLine().Match(line.Trim());
            if (match.Success)
            {
                differences.Add(new ApiCompatDifference(match.Groups[1].Value, match.Groups[2].Value.Replace(left, "[left]").Replace(right, "[right]")));
            }
        }

        // Exit code 0 exactly when nothing was reported: a tool failure never reads as "compatible".
        Assert.True((run.ExitCode == 0) == (differences.Count == 0), "unexpected apicompat result:\n" + run);
        return differences;
    }

    private static void Restore()
    {
        lock (RestoreGate)
        {
            if (s_restored) return;
            var restore = DotnetCli.Run(TestPaths.RepoRoot, Timeout, "tool", "restore");
            Assert.True(restore.ExitCode == 0, "dotnet tool restore failed:\n" + restore);
            s_restored = true;
        }
    }

    [GeneratedRegex(@"^(CP\d{4}): (.*)$")]
    private static partial Regex DifferenceLine();
}
