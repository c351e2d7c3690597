using System.Text.Json;
using Realtime.Codegen.Cli;
using Realtime.Schema.Diff;
using Realtime.Schema.Model;

namespace Realtime.Schema.Tests.Diff;

public class DiffJsonReportTests
{
    /// <summary>The CLI's JSON rendering (Utf8JsonWriter over <see cref="DiffJsonReport"/>).</summary>
    internal static string RenderJson(SchemaDiffResult diff, string before, string after) => DiffJson.Render(diff, before, after);

    private static SchemaDiffResult SampleDiff()
    {
        var before = S.Schema(
            S.Object("Session", 10, S.Prop("id", TypeRef.String, 11, required: true), S.Prop("voice", TypeRef.String, 12, description: "a")),
            S.Enum("Effort", 20, open: false, "low", "high"),
            S.Union("ServerEvent", 30, "type", ("ping", "Ping")) with { EventDirection = EventDirection.Server });
        var after = S.Schema(
            S.Object("Session", 10, S.Prop("id", TypeRef.String, 11), S.Prop("voice", TypeRef.String, 12, description: "b"), S.Prop("speed", TypeRef.Number, 13)),
            S.Enum("Effort", 20, open: false, "low", "xhigh"),
            S.Union("ServerEvent", 30, "type", ("ping", "Ping"), ("pong", "Pong")) with { EventDirection = EventDirection.Server },
            S.Object("Alpha", 1, S.Prop("a", TypeRef.Boolean, 2)));
        return SchemaDiff.Compare(before, after);
    }

    [Fact]
    public void Json_is_byte_identical_across_runs_and_sorted()
    {
        var first = RenderJson(SampleDiff(), "before.md", "after.md");
        var second = RenderJson(SampleDiff(), "before.md", "after.md");
        Assert.Equal(first, second);

        using var doc = JsonDocument.Parse(first);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        var summary = root.GetProperty("summary");
        var changes = root.GetProperty("changes").EnumerateArray().ToList();
        var descriptions = root.GetProperty("descriptionChanges").EnumerateArray().ToList();
        Assert.Equal(summary.GetProperty("changes").GetInt32(), changes.Count + descriptions.Count);
        Assert.Equal(1, summary.GetProperty("descriptionOnly").GetInt32());
        Assert.True(summary.GetProperty("breaking").GetInt32() >= 2);

        var keys = changes.Select(c => (c.GetProperty("group").GetString()!, c.GetProperty("path").GetString()!)).ToList();
        var sorted = keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal).ToList();
        Assert.Equal(sorted, keys);
        Assert.All(changes, c => Assert.Equal(
            new[] { "group", "target", "kind", "path", "site", "aspect", "before", "after", "beforeLine", "afterLine", "classification", "reason", "details" },
            c.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public void Json_carries_kinds_classifications_and_lines_as_words_and_numbers()
    {
        using var doc = JsonDocument.Parse(RenderJson(SampleDiff(), "b", "a"));
        var pong = doc.RootElement.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("path").GetString() == "ServerEvent[\"pong\"]");
        Assert.Equal("event", pong.GetProperty("target").GetString());
        Assert.Equal("added", pong.GetProperty("kind").GetString());
        Assert.Equal("additive", pong.GetProperty("classification").GetString());
        Assert.Equal(0, pong.GetProperty("beforeLine").GetInt32());
        Assert.Equal(32, pong.GetProperty("afterLine").GetInt32());
        Assert.Equal(JsonValueKind.Null, pong.GetProperty("before").ValueKind);
        Assert.Equal("\"pong\" → Pong", pong.GetProperty("after").GetString());
    }

    [Fact]
    public void Empty_diff_has_empty_arrays()
    {
        var schema = S.Schema(S.Object("T", 1));
        using var doc = JsonDocument.Parse(RenderJson(SchemaDiff.Compare(schema, schema), "x", "x"));
        Assert.Equal(0, doc.RootElement.GetProperty("summary").GetProperty("changes").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("changes").GetArrayLength());
    }
}
