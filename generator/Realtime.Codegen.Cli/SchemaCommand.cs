using Realtime.Schema;
using Realtime.Schema.Analysis;

namespace Realtime.Codegen.Cli;

/// <summary>
/// <c>realtime-codegen schema [docs.md] [-o file.yaml]</c>: the shaped schema as YAML (the page's and the analysis
/// stage's findings, and a <c>unifications</c> list: every inline site that uses another type). Exit code 0, 2 for bad input.
/// </summary>
public static class SchemaCommand
{
    public const string Usage = "usage: realtime-codegen schema [docs.md] [-o file.yaml] [--overlay FILE]";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (!OverlayInput.TryTake(ref args, stderr, out var shaping, out var overlayPath)) return 2;
        string? docs = null;
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "-o" or "--output")
            {
                if (i + 1 >= args.Count)
                {
                    stderr.WriteLine($"error: {args[i]} needs a file name");
                    stderr.WriteLine(Usage);
                    return 2;
                }

                output = args[++i];
            }
            else if (args[i].StartsWith("-", StringComparison.Ordinal) || docs is not null)
            {
                stderr.WriteLine($"error: unexpected argument '{args[i]}'");
                stderr.WriteLine(Usage);
                return 2;
            }
            else docs = args[i];
        }

        if (!DocsInput.TryLoad(docs, stderr, out var schema, out _)) return 2;
        var shaped = ApiShaping.Shape(schema, shaping);
        OverlayInput.WriteFindings(shaped, overlayPath, stderr);
        var yaml = SchemaYaml.Serialize(shaped);
        if (output is null)
        {
            stdout.Write(yaml);
            return 0;
        }

        try
        {
            File.WriteAllText(output, yaml);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"error: cannot write '{output}': {e.Message}");
            return 2;
        }

        stderr.WriteLine($"wrote {output} ({shaped.Schema.Types.Count} types, {shaped.Schema.Endpoints.Count} endpoints, {shaped.Unifications.Count} unifications, {schema.Diagnostics.Count + shaped.Diagnostics.Count} diagnostics)");
        return 0;
    }
}
