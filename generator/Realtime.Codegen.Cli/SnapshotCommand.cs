using System.Reflection;
using Realtime.Schema.Diff;

namespace Realtime.Codegen.Cli;

/// <summary>
/// <c>realtime-codegen snapshot [page.md] [--out file]</c>: the compact schema snapshot of a page (the default docs
/// page when none is given), the same text as the committed tests/Realtime.Schema.Tests/Snapshots file.
/// Exit code 0, or 2 for bad input.
/// </summary>
public static class SnapshotCommand
{
    public const string Usage = "usage: realtime-codegen snapshot [page.md] [--out file]";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            stdout.WriteLine(Usage);
            return 0;
        }

        string? page = null;
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Count) output = args[++i];
            else if (args[i].StartsWith("--", StringComparison.Ordinal) || page is not null)
            {
                stderr.WriteLine($"error: unexpected argument '{args[i]}'");
                stderr.WriteLine(Usage);
                return 2;
            }
            else page = args[i];
        }

        page ??= DefaultDocsPath();
        if (page is null)
        {
            stderr.WriteLine("error: no page given and no default docs path built in");
            stderr.WriteLine(Usage);
            return 2;
        }

        if (!DiffPageLoader.TryLoad(page, stderr, out var schema)) return 2;
        var text = SchemaSnapshot.Render(schema);
        if (output is null)
        {
            stdout.Write(text);
            return 0;
        }

        try
        {
            File.WriteAllText(output, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"error: cannot write '{output}': {e.Message}");
            return 2;
        }

        stderr.WriteLine($"wrote {output} ({schema.Types.Count} types, {schema.Endpoints.Count} endpoints)");
        return 0;
    }

    private static string? DefaultDocsPath() =>
        typeof(SnapshotCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RealtimeDocsPath")?.Value is { Length: > 0 } path ? path : null;
}
