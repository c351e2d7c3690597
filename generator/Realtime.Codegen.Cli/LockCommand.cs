using Realtime.Schema.Analysis;
using Realtime.Schema.Lock;
using Realtime.Schema.Model;

namespace Realtime.Codegen.Cli;

/// <summary>
/// <c>realtime-codegen lock [docs.md] [-o FILE] [--lock OLD]</c>: the API lock of the page's generated API (every
/// public type and member name, the sites each stands for, a fingerprint of each shape) as YAML. With <c>--lock</c>,
/// the lock of the API generated under the old lock: its names are kept and each one that cannot be is printed (the
/// new lock accepts those breaks). Exit code 0; 1 when the page has errors (nothing written); 2 for bad input.
/// </summary>
public static class LockCommand
{
    public const string Usage = "usage: realtime-codegen lock [docs.md] [-o FILE] [--lock OLD] [--overlay FILE]";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        if (!OverlayInput.TryTake(ref args, stderr, out var shaping, out var overlayPath)) return 2;
        string? docs = null;
        string? output = null;
        string? oldLock = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "-o" or "--output" or "--lock")
            {
                if (i + 1 >= args.Count)
                {
                    stderr.WriteLine($"error: {args[i]} needs a file name");
                    stderr.WriteLine(Usage);
                    return 2;
                }

                if (args[i] == "--lock") oldLock = args[++i];
                else output = args[++i];
            }
            else if (args[i].StartsWith("-", StringComparison.Ordinal) || docs is not null)
            {
                stderr.WriteLine($"error: unexpected argument '{args[i]}'");
                stderr.WriteLine(Usage);
                return 2;
            }
            else docs = args[i];
        }

        ApiLock? previous = null;
        if (oldLock is not null)
        {
            if (!LockInput.TryLoad(oldLock, stderr, out var loaded)) return 2;
            previous = loaded;
        }

        if (!DocsInput.TryLoad(docs, stderr, out var schema, out var path)) return 2;
        var pageErrors = schema.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        foreach (var diagnostic in pageErrors) stderr.WriteLine($"{path}({diagnostic.Line},{diagnostic.Column}): {DocsInput.Format(diagnostic)}");
        if (pageErrors.Count > 0)
        {
            stderr.WriteLine("lock: the page has errors; nothing written");
            return 1;
        }

        var shaped = ApiShaping.Shape(schema, previous, shaping);
        OverlayInput.WriteFindings(shaped, overlayPath, stderr);
        LockInput.WriteDiagnostics(shaped, path, stderr);
        var apiLock = ApiLocks.Create(shaped);
        var yaml = ApiLockYaml.Write(apiLock);
        if (output is null) stdout.Write(yaml);
        else
        {
            try
            {
                File.WriteAllText(output, yaml);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"error: cannot write '{output}': {e.Message}");
                return 2;
            }
        }

        var broken = LockInput.Errors(shaped);
        stderr.WriteLine($"lock: {apiLock.Types.Count} types locked{(output is null ? "" : " in " + output)}"
            + (broken > 0 ? $"; {broken} names of '{oldLock}' could not be kept (breaking changes, listed above)" : ""));
        return 0;
    }
}
