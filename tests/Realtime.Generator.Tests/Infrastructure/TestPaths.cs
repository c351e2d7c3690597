using System.Reflection;

namespace Realtime.Generator.Tests.Infrastructure;

/// <summary>Where the tests find the docs page, the fixtures and the repository (stamped in at build time).</summary>
public static class TestPaths
{
    public static string RepoRoot => Metadata("RealtimeRepoRoot");

    /// <summary>The real reference page (third-party text, read from ../shared at test time); REALTIME_DOCS_PATH overrides.</summary>
    public static string DocsPath => Environment.GetEnvironmentVariable("REALTIME_DOCS_PATH") is { Length: > 0 } path ? path : Metadata("RealtimeDocsPath");

    /// <summary>The previous version of the page (<c>realtime-before.md</c>); REALTIME_DOCS_BEFORE_PATH overrides.</summary>
    public static string DocsBeforePath => Environment.GetEnvironmentVariable("REALTIME_DOCS_BEFORE_PATH") is { Length: > 0 } path ? path : Metadata("RealtimeDocsBeforePath");

    public static string TestProjectDir => Path.Combine(RepoRoot, "tests", "Realtime.Generator.Tests");

    public static string Fixture(string name) => Path.Combine(TestProjectDir, "Fixtures", name);

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is empty");
}
