using Realtime.Schema;
using Realtime.Schema.Analysis;
using Realtime.Schema.Lock;
using Realtime.Schema.Model;

namespace Realtime.Codegen.Cli;

/// <summary>Reads the API lock a command is given (<c>--lock FILE</c>); a missing, unreadable or invalid lock is a clear message and exit code 2.</summary>
public static class LockInput
{
    /// <summary>Reads and validates the lock; false (each problem written as <c>path(line,col): error RTCG020: …</c>) when it cannot be used.</summary>
    public static bool TryLoad(string path, TextWriter stderr, out ApiLock apiLock)
    {
        apiLock = new ApiLock();
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine(e is FileNotFoundException or DirectoryNotFoundException
                ? $"error: lock file not found: '{path}'"
                : $"error: cannot read the lock file '{path}': {e.Message}");
            return false;
        }

        var read = ApiLockYaml.Read(text);
        foreach (var problem in read.Problems)
        {
            stderr.WriteLine($"{path}({problem.Line},{problem.Column}): error {DiagnosticIds.InvalidLockFile}: {problem.Message}");
        }

        if (read.Lock is null)
        {
            stderr.WriteLine($"error: '{path}' is not a valid API lock file");
            return false;
        }

        apiLock = read.Lock;
        return true;
    }

    /// <summary>Writes the shaping stage's findings (lock names not kept …) as <c>path(line,col): severity id: message</c>.</summary>
    public static void WriteDiagnostics(ShapedApi shaped, string docsPath, TextWriter stderr)
    {
        foreach (var diagnostic in shaped.Diagnostics)
        {
            stderr.WriteLine($"{docsPath}({diagnostic.Line},{diagnostic.Column}): {DocsInput.Format(diagnostic)}");
        }
    }

    public static int Errors(ShapedApi shaped) => shaped.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
}
