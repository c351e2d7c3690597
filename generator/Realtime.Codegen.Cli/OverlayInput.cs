using Realtime.Schema.Analysis;
using Realtime.Schema.Overlay;

namespace Realtime.Codegen.Cli;

/// <summary>
/// The maintainer overlay a command is given (<c>--overlay FILE</c>, on <c>emit</c>, <c>schema</c>, <c>stats</c>,
/// <c>diff</c> and <c>lock</c>): a missing, unreadable or invalid overlay is each problem at its line and exit code 2;
/// its stale actions are warnings at their lines.
/// </summary>
public static class OverlayInput
{
    public const string Option = "--overlay";

    /// <summary>
    /// Takes <c>--overlay FILE</c> out of <paramref name="args"/> and reads it into the shaping options (no option: the
    /// default options). False when the option has no file or the overlay cannot be used (written to stderr).
    /// </summary>
    public static bool TryTake(ref IReadOnlyList<string> args, TextWriter stderr, out ShapingOptions options, out string? path)
    {
        options = ShapingOptions.Default;
        path = null;
        var rest = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] != Option)
            {
                rest.Add(args[i]);
                continue;
            }

            if (i + 1 >= args.Count)
            {
                stderr.WriteLine($"error: {Option} needs a file name");
                return false;
            }

            path = args[++i];
        }

        args = rest;
        if (path is null) return true;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine(e is FileNotFoundException or DirectoryNotFoundException
                ? $"error: overlay file not found: '{path}'"
                : $"error: cannot read the overlay file '{path}': {e.Message}");
            return false;
        }

        var read = ApiOverlayYaml.Read(text);
        foreach (var problem in read.Problems)
        {
            stderr.WriteLine($"{path}({problem.Line},{problem.Column}): {DocsInput.Format(problem)}");
        }

        if (read.Overlay is null)
        {
            stderr.WriteLine($"error: '{path}' is not a valid overlay file");
            return false;
        }

        options = new ShapingOptions { Overlay = read.Overlay };
        return true;
    }

    /// <summary>Writes the overlay's stale actions as <c>overlay(line,col): warning RTCG031: …</c>.</summary>
    public static void WriteFindings(ShapedApi shaped, string? path, TextWriter stderr)
    {
        foreach (var finding in shaped.OverlayFindings)
        {
            stderr.WriteLine($"{path}({finding.Line},{finding.Column}): {DocsInput.Format(finding)}");
        }
    }
}
