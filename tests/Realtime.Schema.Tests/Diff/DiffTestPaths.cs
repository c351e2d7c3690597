using System.Reflection;

namespace Realtime.Schema.Tests.Diff;

/// <summary>Where the diff tests find the docs pages (from ../shared, never copied) and their own fixtures.</summary>
internal static class DiffTestPaths
{
    public static string RepoRoot => Metadata("RealtimeRepoRoot");

    /// <summary>The current page; REALTIME_DOCS_PATH overrides.</summary>
    public static string AfterPage => Environment.GetEnvironmentVariable("REALTIME_DOCS_PATH") is { Length: > 0 } path ? path : Metadata("RealtimeDocsPath");

    /// <summary>The page before the docs diff; REALTIME_DOCS_BEFORE_PATH overrides.</summary>
    public static string BeforePage => Environment.GetEnvironmentVariable("REALTIME_DOCS_BEFORE_PATH") is { Length: > 0 } path ? path : Metadata("RealtimeDocsBeforePath");

    public static string Fixture(string name) => Path.Combine(RepoRoot, "tests", "Realtime.Schema.Tests", "Diff", "Fixtures", name);

    public static string SnapshotFile => Path.Combine(RepoRoot, "tests", "Realtime.Schema.Tests", "Snapshots", "realtime-after.schema.txt");

    private static string Metadata(string key) =>
        typeof(DiffTestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"assembly metadata '{key}' is missing (tests/Directory.Build.props sets it)");
}
