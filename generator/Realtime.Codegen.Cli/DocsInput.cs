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

    /// <summary>
    /// Reads and parses the page. Every command loads its page here, so that a page that cannot be read, or is not a
    /// reference page (empty, binary, other markdown), is one line on stderr worded alike for every command (the
    /// caller exits with 2): <c>error: cannot read 'PATH': …</c> or <c>error: 'PATH' is not an API reference page: …</c>.
    /// </summary>
    public static bool TryLoad(string? given, TextWriter stderr, out ApiSchema schema, out string path) =>
        TryLoad(given, stderr, out schema, out path, out _);

    /// <inheritdoc cref="TryLoad(string?, TextWriter, out ApiSchema, out string)"/>
    public static bool TryLoad(string? given, TextWriter stderr, out ApiSchema schema, out string path, out string text)
    {
        schema = new ApiSchema();
        path = ResolvePath(given);
        text = "";
        if (Directory.Exists(path))
        {
            stderr.WriteLine($"error: cannot read '{path}': it is a directory, not a markdown file");
            return false;
        }

        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine(e is FileNotFoundException or DirectoryNotFoundException
                ? $"error: cannot read '{path}': the file does not exist"
                : $"error: cannot read '{path}': {e.Message}");
            return false;
        }

        if (NotAPageReason(text) is { } early)
        {
            stderr.WriteLine($"error: '{path}' is not an API reference page: {early}");
            return false;
        }

        schema = SchemaParser.Parse(text, path);
        if (NotAPageReason(schema) is { } reason)
        {
            stderr.WriteLine($"error: '{path}' is not an API reference page: {reason}");
            return false;
        }

        return true;
    }

    /// <summary>Why a text cannot be a page before parsing it: empty, or binary (a NUL character, which no markdown holds).</summary>
    private static string? NotAPageReason(string text) =>
        text.Trim().Length == 0 ? "the file is empty"
        : text.IndexOf('\0') >= 0 ? "the file is not text (it holds NUL bytes)"
        : null;

    /// <summary>Why a parsed text is not a page: no declaration items (RTCG001), or nothing declared and no endpoint with a route.</summary>
    private static string? NotAPageReason(ApiSchema schema)
    {
        if (schema.Diagnostics.Any(d => d.Id == DiagnosticIds.NotAReferencePage)
            || (schema.Types.IsEmpty && schema.Endpoints.All(e => e.Path.Length == 0)))
        {
            return "no declaration items (list items starting with a code span) were found";
        }

        return null;
    }

    public static string Format(SchemaDiagnostic diagnostic) =>
        $"{diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {diagnostic.Message}";
}
