using System.Text;
using System.Text.RegularExpressions;
using Realtime.Schema.Diff;
using Realtime.Schema.Model;

namespace Realtime.Schema.Tests.Diff;

/// <summary>Both pages parsed once for the class (each is ~27k lines).</summary>
public sealed class DocsPagesFixture
{
    public DocsPagesFixture()
    {
        BeforeText = File.ReadAllText(DiffTestPaths.BeforePage);
        AfterText = File.ReadAllText(DiffTestPaths.AfterPage);
        Before = SchemaParser.Parse(BeforeText, DiffTestPaths.BeforePage);
        After = SchemaParser.Parse(AfterText, DiffTestPaths.AfterPage);
        Diff = SchemaDiff.Compare(Before, After);
    }

    public string BeforeText { get; }
    public string AfterText { get; }
    public ApiSchema Before { get; }
    public ApiSchema After { get; }
    public SchemaDiffResult Diff { get; }
}

/// <summary>The shared before/after pages (read from ../shared at test time): what the docs diff adds is reported, untouched regions are not.</summary>
public class DocsPageDiffTests : IClassFixture<DocsPagesFixture>
{
    private readonly DocsPagesFixture _pages;

    public DocsPageDiffTests(DocsPagesFixture pages) => _pages = pages;

    private SchemaDiffResult Diff => _pages.Diff;

    [Fact]
    public void Delay_of_AudioTranscription_is_a_new_optional_property()
    {
        var change = Assert.Single(Diff.Changes, c => c.Path == "AudioTranscription.delay");
        Assert.Equal((ChangeTarget.Property, ChangeKind.Added, ChangeClassification.Additive), (change.Target, change.Kind, change.Classification));
        Assert.Equal("- `delay: optional \"minimal\" or \"low\" or \"medium\" or 2 more`", LineOf(_pages.AfterText, change.AfterLine).Trim());
    }

    [Fact]
    public void Gpt_realtime_whisper_is_a_new_transcription_model()
    {
        var change = Assert.Single(Diff.Changes, c => c is { Target: ChangeTarget.EnumMember, Kind: ChangeKind.Added, After: "\"gpt-realtime-whisper\"", Group: "AudioTranscription" });
        Assert.Equal(ChangeClassification.Additive, change.Classification);
        Assert.Contains("\"gpt-realtime-whisper\"", LineOf(_pages.AfterText, change.AfterLine));
    }

    [Theory]
    [InlineData("RealtimeReasoning")]
    [InlineData("RealtimeReasoningEffort")]
    public void Reasoning_types_are_new(string name)
    {
        var change = Assert.Single(Diff.Changes, c => c.Target == ChangeTarget.Type && c.Path == name);
        Assert.Equal((ChangeKind.Added, ChangeClassification.Additive), (change.Kind, change.Classification));
        Assert.Contains("`" + name, LineOf(_pages.AfterText, change.AfterLine));
    }

    [Theory]
    [InlineData("RealtimeSessionCreateRequest.reasoning", "optional RealtimeReasoning")]
    [InlineData("RealtimeSessionCreateRequest.parallel_tool_calls", "optional boolean")]
    [InlineData("RealtimeResponseCreateParams.reasoning", "optional RealtimeReasoning")]
    [InlineData("RealtimeResponseCreateParams.parallel_tool_calls", "optional boolean")]
    public void Reasoning_and_parallel_tool_calls_are_new_optional_properties(string path, string after)
    {
        var change = Assert.Single(Diff.Changes, c => c.Path == path);
        Assert.Equal((ChangeKind.Added, after, ChangeClassification.Additive), (change.Kind, change.After, change.Classification));
    }

    [Fact]
    public void Translation_client_secret_endpoint_is_new()
    {
        var change = Assert.Single(Diff.Changes, c => c.Target == ChangeTarget.Endpoint && c.Path == "POST /realtime/translations/client_secrets");
        Assert.Equal((ChangeKind.Added, ChangeClassification.Additive), (change.Kind, change.Classification));
        var declaration = string.Join("\n", Enumerable.Range(change.AfterLine, 3).Select(l => LineOf(_pages.AfterText, l)));
        Assert.Contains("`/realtime/translations/client_secrets`", declaration);
        Assert.DoesNotContain(Diff.Changes, c => c.Target == ChangeTarget.Endpoint && c.Kind == ChangeKind.Removed);
    }

    [Fact]
    public void Translation_event_unions_are_new()
    {
        Assert.Contains(Diff.Changes, c => c is { Target: ChangeTarget.Type, Kind: ChangeKind.Added, Path: "RealtimeTranslationClientEvent" });
        Assert.Contains(Diff.Changes, c => c is { Target: ChangeTarget.Type, Kind: ChangeKind.Added, Path: "RealtimeTranslationServerEvent" });
    }

    [Fact]
    public void Every_change_points_at_lines_that_exist_on_its_side()
    {
        var beforeLines = CountLines(_pages.BeforeText);
        var afterLines = CountLines(_pages.AfterText);
        Assert.All(Diff.Changes, c =>
        {
            Assert.InRange(c.BeforeLine, 0, beforeLines);
            Assert.InRange(c.AfterLine, 0, afterLines);
            if (c.Kind != ChangeKind.Added) Assert.True(c.BeforeLine > 0, c.Path);
            if (c.Kind != ChangeKind.Removed) Assert.True(c.AfterLine > 0, c.Path);
            Assert.False(string.IsNullOrEmpty(c.Reason));
        });
    }

    /// <summary>
    /// A <c>###</c> section whose text is the same on both pages (whitespace aside) is a region the docs diff does
    /// not touch: no change may be grouped under, or located in, a type declared there.
    /// </summary>
    [Fact]
    public void Regions_the_docs_diff_does_not_touch_report_nothing()
    {
        var beforeSections = Sections(_pages.BeforeText).ToDictionary(s => s.Key, s => s.Text);
        var untouched = Sections(_pages.AfterText)
            .Where(s => beforeSections.TryGetValue(s.Key, out var text) && text == s.Text)
            .ToList();
        var untouchedTypes = _pages.After.Types
            .Where(t => t.IsNamedOnPage && untouched.Any(s => t.Line >= s.FirstLine && t.Line <= s.LastLine))
            .Select(t => t.Name)
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(untouchedTypes.Count >= 40, $"only {untouchedTypes.Count} untouched types found");

        var offending = Diff.Changes
            .Where(c => untouchedTypes.Contains(c.Group) || untouchedTypes.Contains(PathRoot(c.Path)))
            .Select(c => $"{c.Group}: {c.Path} {c.Kind} {c.Aspect}")
            .ToList();
        Assert.True(offending.Count == 0, "changes reported in untouched regions:\n" + string.Join("\n", offending.Take(30)));

        // Named spot checks on sections the diff leaves alone.
        Assert.Contains("ConversationCreatedEvent", untouchedTypes);
    }

    [Fact]
    public void Each_page_against_itself_reports_nothing()
    {
        Assert.True(SchemaDiff.Compare(_pages.Before, _pages.Before).IsEmpty);
        Assert.True(SchemaDiff.Compare(_pages.After, SchemaParser.Parse(_pages.AfterText, DiffTestPaths.AfterPage)).IsEmpty);
    }

    [Fact]
    public void Report_is_deterministic_and_sorted()
    {
        var again = SchemaDiff.Compare(_pages.Before, _pages.After);
        Assert.Equal(Diff, again);
        var sorted = Diff.Changes.ToList();
        sorted.Sort(SchemaDiff.Order);
        Assert.Equal(sorted, Diff.Changes);
        Assert.Equal(DiffMarkdownReport.Render(Diff, "before.md", "after.md"), DiffMarkdownReport.Render(again, "before.md", "after.md"));
    }

    [Fact]
    public void Json_report_of_the_pages_is_byte_identical_across_runs()
    {
        var first = DiffJsonReportTests.RenderJson(Diff, "realtime-before.md", "realtime-after.md");
        var second = DiffJsonReportTests.RenderJson(SchemaDiff.Compare(_pages.Before, _pages.After), "realtime-before.md", "realtime-after.md");
        Assert.Equal(first, second);
        Assert.Contains("\"path\": \"AudioTranscription.delay\"", first);
    }

    [Fact]
    public void Markdown_report_groups_by_type_and_keeps_the_pages_prose_out()
    {
        var report = DiffMarkdownReport.Render(Diff, "realtime-before.md", "realtime-after.md");
        Assert.Contains("### `AudioTranscription`", report);
        Assert.Contains("### `POST /realtime/translations/client_secrets`", report);
        Assert.DoesNotContain("Controls how long the model waits", report);
    }

    private static string PathRoot(string path)
    {
        var end = path.IndexOfAny(new[] { '.', '[', ' ' });
        return end < 0 ? path : path.Substring(0, end);
    }

    private static string LineOf(string text, int line) => text.Split('\n')[line - 1];

    private static int CountLines(string text) => text.Split('\n').Length;

    private sealed record Section(string Key, int FirstLine, int LastLine, string Text);

    /// <summary>The page's <c>###</c> sections under <c>## Domain Types</c> chapters, keyed by heading (and occurrence), text whitespace-normalised.</summary>
    private static IEnumerable<Section> Sections(string page)
    {
        var lines = page.Split('\n');
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string? heading = null;
        var start = 0;
        var inDomainTypes = false;
        var body = new StringBuilder();
        for (var i = 0; i <= lines.Length; i++)
        {
            var line = i < lines.Length ? lines[i] : "# end";
            var isHeading = line.StartsWith('#');
            if (isHeading && heading is not null)
            {
                seen[heading] = seen.TryGetValue(heading, out var n) ? n + 1 : 1;
                yield return new Section(heading + "#" + seen[heading], start + 1, i, Regex.Replace(body.ToString(), @"\s+", " ").Trim());
                heading = null;
            }

            if (!isHeading)
            {
                if (heading is not null) body.Append(line).Append('\n');
                continue;
            }

            if (line.StartsWith("## ", StringComparison.Ordinal) || line.StartsWith("# ", StringComparison.Ordinal))
            {
                inDomainTypes = line.Trim() == "## Domain Types";
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal) && inDomainTypes)
            {
                heading = line.Trim();
                start = i;
                body.Clear();
            }
        }
    }
}
