using Realtime.Schema.Analysis;
using Realtime.Schema.Lock;
using Realtime.Schema.Model;

namespace Realtime.Schema.Tests.Lock;

/// <summary>The lock fixtures (small pages this project wrote, in the reference page's format) and the lock of a page.</summary>
internal static class LockFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(TestPaths.RepoRoot, "tests", "Realtime.Schema.Tests", "Lock", "Fixtures", name);

    public static ApiSchema Parse(string name) => SchemaParser.Parse(File.ReadAllText(Path(name)), name);

    /// <summary>The lock <c>realtime-codegen lock</c> writes for the page (shaped without a lock).</summary>
    public static ApiLock LockOf(ApiSchema schema) => ApiLocks.Create(ApiShaping.Shape(schema));
}
