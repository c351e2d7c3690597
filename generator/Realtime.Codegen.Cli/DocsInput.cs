using System.Reflection;
using Realtime.Schema;
using Realtime.Schema.Model;

namespace Realtime.Codegen.Cli;

/// <summary>Finds and parses the docs page a command works on; every failure is a clear message and exit code 2.</summary>
public static class DocsInput
{
    /// <summary>The default input, relative to the current directory (the repository root of a clone beside ../shared).</summary>
    public const string DefaultRelativePath = "../shared/openai-docs/realtime-after.md";

    /// <summary>The path given, else the default relative to the current directory, else the path baked in at build time.</summary>
    public static string ResolvePath(string? given)
    {
        if (!string.IsNullOrEmpty(given)) return given!;
        if (File.Exists(DefaultRelativePath)) return DefaultRelativePath;
        var baked = typeof(DocsInput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RealtimeDocsPath")?.Value;
        return string.IsNullOrEmpty(baked) ? DefaultRelativePath : baked!;
    }

    /// <summary>Reads and parses the page; false (message written) when it is missing, unreadable or not a reference page.</summary>
    public static bool TryLoad(string? given, TextWriter stderr, out ApiSchema schema, out string path)
    {
        schema = new ApiSchema();
        path = ResolvePath(given);
        string text;
        try
        {
            if (Directory.Exists(path))
            {
                stderr.WriteLine($"error: '{path}' is a directory, not a markdown file");
                return false;
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine(e is FileNotFoundException or DirectoryNotFoundException
                ? $"error: docs file not found: '{path}'"
                : $"error: cannot read '{path}': {e.Message}");
            return false;
        }

        schema = SchemaParser.Parse(text, path);
        if (schema.Types.IsEmpty && schema.Endpoints.IsEmpty)
        {
            stderr.WriteLine($"error: '{path}' is not an API reference page (no type declarations, no endpoints)");
            foreach (var diagnostic in schema.Diagnostics.Take(5)) stderr.WriteLine($"{path}({diagnostic.Line},{diagnostic.Column}): {Format(diagnostic)}");
            return false;
        }

        return true;
    }

    public static string Format(SchemaDiagnostic diagnostic) =>
        $"{diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {diagnostic.Message}";
}
