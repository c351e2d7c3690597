using System.Text.Json;
using Realtime.Codegen.Cli;
using Realtime.Schema.Lock;

namespace Realtime.Schema.Tests.Lock;

/// <summary><c>realtime-codegen lock</c>, and <c>--lock</c> on <c>emit</c> and <c>diff</c>, run in-process: files, reports, exit codes.</summary>
public sealed class LockCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "realtime-lock-" + Guid.NewGuid().ToString("N")[..8]);

    public LockCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string WriteLock(string fixture)
    {
        var path = Path.Combine(_dir, fixture + ".lock.yaml");
        var (exit, _, error) = Run("lock", LockFixtures.Path(fixture + ".before.md"), "-o", path);
        Assert.True(exit == 0, error);
        return path;
    }

    [Fact]
    public void Lock_writes_the_pages_lock_and_says_how_many_types()
    {
        var path = Path.Combine(_dir, "api.lock.yaml");

        var (exit, output, error) = Run("lock", LockFixtures.Path("breaks.before.md"), "-o", path);

        Assert.Equal(0, exit);
        Assert.Equal("", output);
        Assert.Contains("lock: 7 types locked in " + path, error);
        Assert.Equal(ApiLockYaml.Write(LockFixtures.LockOf(LockFixtures.Parse("breaks.before.md"))), File.ReadAllText(path));
    }

    [Fact]
    public void Lock_without_an_output_file_writes_to_stdout()
    {
        var (exit, output, _) = Run("lock", LockFixtures.Path("breaks.before.md"));

        Assert.Equal(0, exit);
        Assert.StartsWith(ApiLockYaml.Header, output);
    }

    [Fact]
    public void Lock_under_an_old_lock_prints_the_names_it_cannot_keep_and_writes_the_new_lock()
    {
        var old = WriteLock("breaks");
        var path = Path.Combine(_dir, "new.lock.yaml");

        var (exit, _, error) = Run("lock", LockFixtures.Path("breaks.after.md"), "--lock", old, "-o", path);

        Assert.Equal(0, exit);
        Assert.Contains("breaks.after.md(15,1): error RTCG023:", error);
        Assert.Contains("8 names of '" + old + "' could not be kept", error);
        Assert.Empty(ApiShaping(LockFixtures.Parse("breaks.after.md"), path));
    }

    [Theory]
    [InlineData("lock", "missing.md")]
    [InlineData("lock", "-o")]
    [InlineData("lock", "--frobnicate")]
    public void Lock_bad_input_exits_2(params string[] args)
    {
        Assert.Equal(2, Run(args).Exit);
    }

    [Fact]
    public void A_missing_lock_file_exits_2_for_every_command()
    {
        var missing = Path.Combine(_dir, "missing.lock.yaml");
        var page = LockFixtures.Path("breaks.before.md");

        foreach (var args in new[] { new[] { "lock", page, "--lock", missing }, ["emit", page, "-o", _dir, "--lock", missing], ["diff", page, page, "--lock", missing] })
        {
            var (exit, _, error) = Run(args);
            Assert.Equal(2, exit);
            Assert.Contains("lock file not found", error);
        }
    }

    [Fact]
    public void An_invalid_lock_file_exits_2_with_its_problems_at_their_lines()
    {
        var invalid = Path.Combine(_dir, "invalid.lock.yaml");
        File.WriteAllText(invalid, "format: 1\ntypes:\n- name: Lamp\n  kind: thing\n  sites: [Lamp]\n");

        var (exit, _, error) = Run("emit", LockFixtures.Path("breaks.before.md"), "-o", Path.Combine(_dir, "out"), "--lock", invalid);

        Assert.Equal(2, exit);
        Assert.Contains(invalid + "(4,9): error RTCG020: kind must be object, union or enum", error);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void Emit_under_a_lock_writes_when_every_name_is_kept_and_writes_nothing_when_one_is_not()
    {
        var apiLock = WriteLock("breaks");
        var kept = Path.Combine(_dir, "kept");
        var broken = Path.Combine(_dir, "broken");

        var (keptExit, _, keptError) = Run("emit", LockFixtures.Path("breaks.before.md"), "-o", kept, "--lock", apiLock);
        var (brokenExit, _, brokenError) = Run("emit", LockFixtures.Path("breaks.after.md"), "-o", broken, "--lock", apiLock);

        Assert.True(keptExit == 0, keptError);
        Assert.True(File.Exists(Path.Combine(kept, "Realtime.Api.Lamp.g.cs")), string.Join(", ", Directory.GetFiles(kept)));
        Assert.Equal(1, brokenExit);
        Assert.Contains("breaks.after.md(7,1): error RTCG021:", brokenError);
        Assert.Contains("8 locked names of '" + apiLock + "' cannot be kept (breaking changes); nothing written", brokenError);
        Assert.False(Directory.Exists(broken));
    }

    [Fact]
    public void Diff_under_a_lock_lists_what_breaks_in_markdown_and_fail_on_breaking_counts_it()
    {
        var apiLock = WriteLock("breaks");

        var (exit, output, error) = Run("diff", LockFixtures.Path("breaks.before.md"), LockFixtures.Path("breaks.after.md"), "--lock", apiLock, "--fail-on", "breaking");

        Assert.Equal(1, exit);
        Assert.Contains($"## Breaking under the lock `{apiLock}` (8)", output);
        Assert.Contains("- **RTCG023** line 15: the locked value 'dim' of enum 'LampMode' is gone", output);
        Assert.Contains("8 locked names not kept", error);
    }

    [Fact]
    public void Diff_fails_on_breaking_for_a_lock_break_the_page_diff_does_not_call_breaking()
    {
        // Reordering two properties is no page change at all, but it swaps their C# names.
        var before = LockFixtures.Path("breaks.before.md");
        var reordered = Path.Combine(_dir, "reordered.md");
        var text = File.ReadAllText(before);
        var first = "  - `bulb_type: optional string`\n\n    The bulb, one spelling.\n\n";
        var second = "  - `bulbType: optional string`\n\n    The bulb, the other spelling.\n\n";
        Assert.Contains(first + second, text);
        File.WriteAllText(reordered, text.Replace(first + second, second + first));

        var (plainExit, _, _) = Run("diff", before, reordered, "--fail-on", "breaking");
        var (lockedExit, output, _) = Run("diff", before, reordered, "--fail-on", "breaking", "--lock", WriteLock("breaks"));

        Assert.Equal(0, plainExit);
        Assert.Equal(1, lockedExit);
        Assert.Contains("(2)", output);
    }

    [Fact]
    public void Diff_under_a_lock_the_page_keeps_says_so_and_exits_0()
    {
        var apiLock = WriteLock("breaks");
        var page = LockFixtures.Path("breaks.before.md");

        var (exit, output, _) = Run("diff", page, page, "--lock", apiLock, "--fail-on", "breaking");

        Assert.Equal(0, exit);
        Assert.Contains("(0)\n\nEvery locked name is kept.", output);
        Assert.Contains("No changes.", output);
    }

    [Fact]
    public void Diff_json_has_the_lock_section_and_null_without_a_lock()
    {
        var apiLock = WriteLock("breaks");
        string[] pages = [LockFixtures.Path("breaks.before.md"), LockFixtures.Path("breaks.after.md")];

        using var locked = JsonDocument.Parse(Run(["diff", .. pages, "--format", "json", "--lock", apiLock]).Out);
        using var plain = JsonDocument.Parse(Run(["diff", .. pages, "--format", "json"]).Out);

        var section = locked.RootElement.GetProperty("lock");
        Assert.Equal(apiLock, section.GetProperty("path").GetString());
        Assert.Equal(8, section.GetProperty("breaking").GetInt32());
        var findings = section.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(8, findings.Count);
        Assert.Contains(findings, f => f.GetProperty("id").GetString() == "RTCG024" && f.GetProperty("line").GetInt32() == 33);
        Assert.Equal(JsonValueKind.Null, plain.RootElement.GetProperty("lock").ValueKind);
    }

    private static IReadOnlyList<Model.SchemaDiagnostic> ApiShaping(Model.ApiSchema schema, string lockPath) =>
        Analysis.ApiShaping.Shape(schema, ApiLockYaml.Read(File.ReadAllText(lockPath)).Lock).Diagnostics;
}
