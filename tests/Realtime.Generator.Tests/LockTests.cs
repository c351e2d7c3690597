using Microsoft.CodeAnalysis;
using Realtime.Generator.Tests.Infrastructure;
using Realtime.Schema;
using Realtime.Schema.Analysis;
using Realtime.Schema.Lock;

namespace Realtime.Generator.Tests;

/// <summary>The API lock as an AdditionalFiles item (what the RealtimeApiLock property adds): kept names, findings at their lines.</summary>
public class LockTests
{
    private const string LockPath = "/project/realtime.lock.yaml";

    private static string LockText(string markdown, string path) =>
        ApiLockYaml.Write(ApiLocks.Create(ApiShaping.Shape(ApiGeneration.Parse(markdown, path))));

    [Theory]
    [InlineData("events")]
    [InlineData("union-discriminated")]
    [InlineData("endpoint")]
    public void A_pages_own_lock_changes_nothing_and_reports_nothing(string fixture)
    {
        var path = TestPaths.Fixture(fixture + ".md");
        var markdown = File.ReadAllText(path);

        var unlocked = GeneratorHarness.Run(path, markdown);
        var locked = GeneratorHarness.Run(path, markdown, apiLock: new InMemoryText(LockPath, LockText(markdown, path)));

        Assert.Equal(GeneratorHarness.GeneratedFiles(unlocked.Run), GeneratorHarness.GeneratedFiles(locked.Run));
        Assert.Equal(unlocked.Run.Diagnostics.Select(d => d.Id), locked.Run.Diagnostics.Select(d => d.Id));
        Assert.DoesNotContain(locked.Run.Diagnostics, d => d.Id.StartsWith("RTCG02", StringComparison.Ordinal));
        Assert.Empty(locked.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void A_locked_member_the_page_dropped_is_an_error_at_its_types_line_in_the_docs()
    {
        var path = TestPaths.Fixture("events.md");
        var markdown = File.ReadAllText(path);
        var schema = ApiGeneration.Parse(markdown, path);
        var owner = schema.Types.First(t => t.Kind == Schema.Model.TypeDeclKind.Object && t.Properties.Count > 1);
        var dropped = owner.Properties[^1];
        // The page without that property (its line, description and children: the item ends at the next sibling or less-indented line).
        var lines = markdown.Split('\n').ToList();
        var start = dropped.Line - 1;
        var indent = lines[start].Length - lines[start].TrimStart().Length;
        var end = start + 1;
        while (end < lines.Count && (lines[end].Trim().Length == 0 || lines[end].Length - lines[end].TrimStart().Length > indent)) end++;
        var edited = string.Join('\n', lines.Take(start).Concat(lines.Skip(end)));
        var editedSchema = ApiGeneration.Parse(edited, path);
        Assert.DoesNotContain(editedSchema.Types.Single(t => t.Name == owner.Name).Properties, p => p.JsonName == dropped.JsonName);

        var (run, _, _) = GeneratorHarness.Run(path, edited, apiLock: new InMemoryText(LockPath, LockText(markdown, path)));

        var finding = Assert.Single(run.Diagnostics, d => d.Id == DiagnosticIds.LockedMemberGone);
        Assert.Equal(DiagnosticSeverity.Error, finding.Severity);
        Assert.Equal(path, finding.Location.GetLineSpan().Path);
        Assert.Equal(editedSchema.Types.Single(t => t.Name == owner.Name).Line, finding.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains($"'{dropped.JsonName}'", finding.GetMessage());
    }

    [Fact]
    public void An_invalid_lock_is_an_error_at_its_line_in_the_lock_file_and_the_api_is_still_generated()
    {
        var path = TestPaths.Fixture("events.md");
        var markdown = File.ReadAllText(path);
        const string invalid = "format: 1\ntypes:\n- name: Ghost\n  kind: thing\n  sites: [Ghost]\n";

        var unlocked = GeneratorHarness.Run(path, markdown);
        var (run, _, _) = GeneratorHarness.Run(path, markdown, apiLock: new InMemoryText(LockPath, invalid));

        Assert.All(run.Results, r => Assert.Null(r.Exception));
        var problem = Assert.Single(run.Diagnostics, d => d.Id == DiagnosticIds.InvalidLockFile);
        Assert.Equal(LockPath, problem.Location.GetLineSpan().Path);
        Assert.Equal(4, problem.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Contains("kind must be object, union or enum", problem.GetMessage());
        Assert.Equal(GeneratorHarness.GeneratedFiles(unlocked.Run), GeneratorHarness.GeneratedFiles(run));
    }

    [Fact]
    public void A_second_lock_file_is_reported_and_the_first_by_path_is_used()
    {
        var path = TestPaths.Fixture("events.md");
        var markdown = File.ReadAllText(path);
        var ghost = "format: 1\ntypes:\n- name: Ghost\n  kind: object\n  sites: [Ghost]\n";
        var driver = GeneratorHarness.CreateDriver(
            [new InMemoryText(path, markdown)],
            locks: [new InMemoryText("/project/b.lock.yaml", LockText(markdown, path)), new InMemoryText("/project/a.lock.yaml", ghost)]);

        var run = driver.RunGenerators(GeneratorHarness.CreateCompilation()).GetRunResult();

        Assert.Contains(run.Diagnostics, d => d.Id == DiagnosticIds.InvalidLockFile && d.GetMessage().Contains("/project/b.lock.yaml") && d.GetMessage().Contains("only one API lock"));
        Assert.Contains(run.Diagnostics, d => d.Id == DiagnosticIds.LockedTypeGone && d.GetMessage().Contains("'Ghost'"));
    }
}
