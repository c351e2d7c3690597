using Realtime.Generator.Emit;
using Realtime.Generator.Tests.Emit;
using Realtime.Generator.Tests.Infrastructure;
using Realtime.Schema;
using Realtime.Schema.Analysis;
using Realtime.Schema.Lock;
using Realtime.Schema.Model;
using Xunit.Abstractions;

namespace Realtime.Generator.Tests.Compatibility;

/// <summary>
/// The maintainer's loop on the two shared pages (they name one particular docs diff): lock what the before page
/// generates, regenerate from the after page under that lock, compile both emitted folders and compare the assemblies
/// with Microsoft's ApiCompat, as package validation does. Only the breaks the page itself made may remain.
/// </summary>
public sealed class RegenerationCompatibilityTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "realtime-apicompat-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public void BeforeToAfterPage_UnderTheBeforeLock_ApiCompatReportsOnlyThePagesOwnBreaks()
    {
        var before = ApiShaping.Shape(Parse(TestPaths.DocsBeforePath));
        var apiLock = ApiLocks.Create(before);
        var after = ApiShaping.Shape(Parse(TestPaths.DocsPath), apiLock);

        var differences = ApiCompat.Compare(
            EmitCompiler.Save(Emit(before), Path.Combine(_work, "before"), "Realtime.Api"),
            EmitCompiler.Save(Emit(after), Path.Combine(_work, "after"), "Realtime.Api"));
        foreach (var difference in differences) output.WriteLine(difference.ToString());

        // What the docs diff really changed: RealtimeSessionCreateResponse lost client_secret, and session.created /
        // session.updated now carry the response records instead of the request records (the session property's
        // union type changed). Everything the page merely renders differently is kept by the lock.
        Assert.Equal(
            [
                "CP0002: Member 'Realtime.Api.CreateClientSecretRequestSession Realtime.Api.SessionCreatedEvent.Session.get' exists on [left] but not on [right]",
                "CP0002: Member 'Realtime.Api.CreateClientSecretRequestSession Realtime.Api.SessionUpdatedEvent.Session.get' exists on [left] but not on [right]",
                "CP0002: Member 'Realtime.Api.RealtimeSessionClientSecret? Realtime.Api.RealtimeSessionCreateResponse.ClientSecret.get' exists on [left] but not on [right]",
                "CP0002: Member 'void Realtime.Api.RealtimeSessionCreateResponse.ClientSecret.init' exists on [left] but not on [right]",
            ],
            differences.Select(d => d.ToString()).Order(StringComparer.Ordinal));

        // The lock says the same before anything is compiled, each at its line of the after page.
        var findings = after.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).OrderBy(d => d.Line).ToList();
        Assert.Collection(
            findings,
            d => AssertFinding(d, DiagnosticIds.LockedNameNotKept, "'SessionCreatedEvent.session'"),
            d => AssertFinding(d, DiagnosticIds.LockedNameNotKept, "'SessionUpdatedEvent.session'"),
            d => AssertFinding(d, DiagnosticIds.LockedMemberGone, "'RealtimeSessionCreateResponse.ClientSecret'"));
    }

    private static void AssertFinding(SchemaDiagnostic finding, string id, string subject)
    {
        Assert.Equal(id, finding.Id);
        Assert.Contains(subject, finding.Message);
        Assert.True(finding.Line > 1, $"{finding} is not located at its line of the page");
    }

    private static ApiSchema Parse(string path) => ApiGeneration.Parse(File.ReadAllText(path), path);

    private static IReadOnlyList<EmittedFile> Emit(ShapedApi api) => ApiGeneration.EmitFiles(api.Schema, new EmitOptions());
}
