using System.Text.Json;
using Realtime.Codegen.Cli;

namespace Realtime.Schema.Tests.Diff;

/// <summary><c>realtime-codegen diff</c> and <c>snapshot</c>, run in-process: output formats and exit codes.</summary>
public class DiffCliTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Fixture(string name) => DiffTestPaths.Fixture(name);

    [Fact]
    public void Markdown_report_is_the_default_and_exit_code_is_0_without_fail_on()
    {
        var (exit, output, _) = Run("diff", Fixture("property-added-required.before.md"), Fixture("property-added-required.after.md"));
        Assert.Equal(0, exit);
        Assert.StartsWith("# API changes:", output);
        Assert.Contains("### `VoiceSession` (1 breaking)", output);
        Assert.Contains("**breaking** property `VoiceSession.mood` added: `required string`", output);
    }

    [Theory]
    [InlineData("property-added-required", "breaking", 1)]
    [InlineData("property-added-optional", "breaking", 0)]
    [InlineData("property-added-optional", "any", 1)]
    [InlineData("description-only", "breaking", 0)]
    [InlineData("description-only", "any", 1)]
    [InlineData("property-added-required", "none", 0)]
    public void Fail_on_sets_the_exit_code(string fixture, string failOn, int expectedExit)
    {
        var (exit, _, error) = Run("diff", Fixture(fixture + ".before.md"), Fixture(fixture + ".after.md"), "--fail-on", failOn);
        Assert.Equal(expectedExit, exit);
        Assert.Equal(expectedExit == 1, error.Contains("--fail-on " + failOn + " triggered", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_page_with_fail_on_any_exits_0_and_says_no_changes()
    {
        var page = Fixture("event-added.after.md");
        var (exit, output, _) = Run("diff", page, page, "--fail-on=any");
        Assert.Equal(0, exit);
        Assert.Contains("No changes.", output);
    }

    [Fact]
    public void Json_output_is_stable_and_sorted()
    {
        string[] args = { "diff", Fixture("event-removed.before.md"), Fixture("event-removed.after.md"), "--format", "json" };
        var first = Run(args);
        var second = Run(args);
        Assert.Equal(0, first.Exit);
        Assert.Equal(first.Out, second.Out);
        using var json = JsonDocument.Parse(first.Out);
        var changes = json.RootElement.GetProperty("changes").EnumerateArray().ToList();
        Assert.Contains(changes, c => c.GetProperty("path").GetString() == "RealtimeServerEvent[\"tick\"]" && c.GetProperty("classification").GetString() == "breaking");
        var keys = changes.Select(c => c.GetProperty("group").GetString() + "\u0001" + c.GetProperty("path").GetString()).ToList();
        Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), keys);
        Assert.Equal(json.RootElement.GetProperty("summary").GetProperty("breaking").GetInt32(), changes.Count(c => c.GetProperty("classification").GetString() == "breaking"));
    }

    [Theory]
    [InlineData(new[] { "diff" }, "expected two pages")]
    [InlineData(new[] { "diff", "a.md", "b.md", "--format", "xml" }, "--format must be markdown or json")]
    [InlineData(new[] { "diff", "a.md", "b.md", "--fail-on", "sometimes" }, "--fail-on must be breaking, any or none")]
    [InlineData(new[] { "diff", "a.md", "b.md", "--verbose" }, "unknown option")]
    [InlineData(new[] { "diff", "a.md", "b.md", "--format" }, "--format needs a value")]
    public void Bad_arguments_exit_2_with_usage(string[] args, string message)
    {
        var (exit, output, error) = Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(message, error);
        Assert.Contains(DiffCommand.Usage, error);
    }

    [Fact]
    public void Missing_or_non_reference_pages_exit_2()
    {
        var missing = Run("diff", Path.Combine(Path.GetTempPath(), "no-such-page-" + Guid.NewGuid().ToString("N") + ".md"), Fixture("event-added.after.md"));
        Assert.Equal(2, missing.Exit);
        Assert.Contains("cannot read", missing.Err);

        var notAPage = Path.Combine(Path.GetTempPath(), "not-a-page-" + Guid.NewGuid().ToString("N") + ".md");
        File.WriteAllText(notAPage, "# Notes\n\nJust a paragraph, no declarations.\n");
        try
        {
            var result = Run("diff", notAPage, Fixture("event-added.after.md"));
            Assert.Equal(2, result.Exit);
            Assert.Contains("not an API reference page", result.Err);
        }
        finally
        {
            File.Delete(notAPage);
        }
    }

    [Fact]
    public void Snapshot_command_prints_the_same_text_as_SchemaSnapshot()
    {
        var page = Fixture("endpoint-added.after.md");
        var (exit, output, _) = Run("snapshot", page);
        Assert.Equal(0, exit);
        Assert.Equal(Realtime.Schema.Diff.SchemaSnapshot.Render(SchemaParser.Parse(File.ReadAllText(page), page)), output);
        Assert.Contains("endpoint POST /things", output);
        Assert.Equal(2, Run("snapshot", page, "extra.md").Exit);
    }
}
