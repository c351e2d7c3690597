using Realtime.Schema.Diff;
using Realtime.Schema.Model;

namespace Realtime.Schema.Tests.Diff;

/// <summary>One small before/after page pair (written for these tests) per kind of change and classification, through the real parser.</summary>
public class FixtureDiffTests
{
    private static ApiSchema Parse(string file)
    {
        var path = DiffTestPaths.Fixture(file);
        return SchemaParser.Parse(File.ReadAllText(path), path);
    }

    private static SchemaDiffResult DiffOf(string name) => SchemaDiff.Compare(Parse(name + ".before.md"), Parse(name + ".after.md"));

    private static SchemaChange SingleStructural(string name)
    {
        var diff = DiffOf(name);
        return Assert.Single(diff.StructuralChanges);
    }

    public static TheoryData<string> Pages => new()
    {
        "property-added-optional.before.md", "property-added-optional.after.md", "endpoint-added.after.md", "event-added.after.md",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public void Fixture_page_parses_cleanly_and_equals_itself(string file)
    {
        var schema = Parse(file);
        Assert.DoesNotContain(schema.Diagnostics, d => d.Severity != DiagnosticSeverity.Info);
        Assert.Contains(schema.Types, t => t.Name == "VoiceSession");
        Assert.True(SchemaDiff.Compare(schema, Parse(file)).IsEmpty);
    }

    [Fact]
    public void Optional_property_added_is_additive_with_its_inline_enum_folded_in()
    {
        var change = SingleStructural("property-added-optional");
        Assert.Equal((ChangeTarget.Property, ChangeKind.Added, "VoiceSession.delay", "VoiceSession"), (change.Target, change.Kind, change.Path, change.Group));
        Assert.Equal(ChangeClassification.Additive, change.Classification);
        Assert.StartsWith("optional ", change.After);
        Assert.Contains(change.Details, d => d.Contains("\"short\" | \"long\"", StringComparison.Ordinal));
        Assert.True(change.AfterLine > 0);
        Assert.Equal(0, change.BeforeLine);
    }

    [Fact]
    public void Required_property_added_is_breaking()
    {
        var change = SingleStructural("property-added-required");
        Assert.Equal(("VoiceSession.mood", ChangeKind.Added, "required string", ChangeClassification.Breaking), (change.Path, change.Kind, change.After, change.Classification));
    }

    [Fact]
    public void Property_removed_is_breaking()
    {
        var change = SingleStructural("property-removed");
        Assert.Equal(("VoiceSession.speed", ChangeKind.Removed, ChangeClassification.Breaking), (change.Path, change.Kind, change.Classification));
        Assert.True(change.BeforeLine > 0);
    }

    [Fact]
    public void Property_type_changed_is_breaking()
    {
        var change = SingleStructural("property-type-changed");
        Assert.Equal(("VoiceSession.speed", "type", "number", "integer", ChangeClassification.Breaking), (change.Path, change.Aspect, change.Before, change.After, change.Classification));
    }

    [Theory]
    [InlineData("optional-to-required", "VoiceSession.speed", "optional", "required")]
    [InlineData("required-to-optional", "VoiceSession.id", "required", "optional")]
    public void Required_flips_are_breaking(string name, string path, string before, string after)
    {
        var change = SingleStructural(name);
        Assert.Equal((path, "required", before, after, ChangeClassification.Breaking), (change.Path, change.Aspect, change.Before, change.After, change.Classification));
    }

    [Fact]
    public void Closed_enum_value_added_is_additive_and_removed_is_breaking()
    {
        var added = SingleStructural("closed-enum-value-added");
        Assert.Equal((ChangeTarget.EnumMember, "EffortLevel[\"extreme\"]", ChangeKind.Added, ChangeClassification.Additive), (added.Target, added.Path, added.Kind, added.Classification));
        Assert.Contains("switch", added.Reason);

        var removed = SingleStructural("closed-enum-value-removed");
        Assert.Equal((ChangeTarget.EnumMember, "EffortLevel[\"extreme\"]", ChangeKind.Removed, ChangeClassification.Breaking), (removed.Target, removed.Path, removed.Kind, removed.Classification));
    }

    [Fact]
    public void Open_enum_value_added_is_additive_and_reported_under_the_declaring_type()
    {
        var change = SingleStructural("open-enum-value-added");
        Assert.Equal((ChangeTarget.EnumMember, ChangeKind.Added, "\"warm\"", ChangeClassification.Additive), (change.Target, change.Kind, change.After, change.Classification));
        Assert.Equal("VoiceSession", change.Group);
        Assert.Equal("VoiceSession.voice", change.Site);
    }

    [Fact]
    public void Server_event_added_is_additive_and_removed_is_breaking()
    {
        var added = DiffOf("event-added");
        var eventChange = Assert.Single(added.Changes, c => c.Target == ChangeTarget.Event);
        Assert.Equal(("RealtimeServerEvent[\"tick\"]", ChangeKind.Added, ChangeClassification.Additive), (eventChange.Path, eventChange.Kind, eventChange.Classification));
        Assert.Contains(added.Changes, c => c is { Target: ChangeTarget.Type, Kind: ChangeKind.Added, Path: "TickEvent" });
        Assert.False(added.HasBreaking);

        var removed = DiffOf("event-removed");
        var gone = Assert.Single(removed.Changes, c => c.Target == ChangeTarget.Event);
        Assert.Equal(("RealtimeServerEvent[\"tick\"]", ChangeKind.Removed, ChangeClassification.Breaking), (gone.Path, gone.Kind, gone.Classification));
    }

    [Fact]
    public void Type_added_is_additive()
    {
        var change = SingleStructural("type-added");
        Assert.Equal((ChangeTarget.Type, ChangeKind.Added, "VoicePreset", ChangeClassification.Additive), (change.Target, change.Kind, change.Path, change.Classification));
        Assert.Equal(new[] { "name: string" }, change.Details);
        var reverse = SchemaDiff.Compare(Parse("type-added.after.md"), Parse("type-added.before.md"));
        Assert.Equal(ChangeClassification.Breaking, Assert.Single(reverse.Changes).Classification);
    }

    [Fact]
    public void Endpoint_added_is_additive_and_removed_is_breaking()
    {
        var diff = DiffOf("endpoint-added");
        var change = Assert.Single(diff.Changes, c => c.Target == ChangeTarget.Endpoint);
        Assert.Equal(("POST /things", ChangeKind.Added, ChangeClassification.Additive), (change.Path, change.Kind, change.Classification));
        Assert.DoesNotContain(diff.Changes, c => c.Classification == ChangeClassification.Breaking);

        var reverse = SchemaDiff.Compare(Parse("endpoint-added.after.md"), Parse("endpoint-added.before.md"));
        Assert.Contains(reverse.Changes, c => c is { Target: ChangeTarget.Endpoint, Kind: ChangeKind.Removed, Classification: ChangeClassification.Breaking });
    }

    [Fact]
    public void An_equal_inline_shape_inserted_earlier_is_additive_only_with_no_rename()
    {
        // A new type and a new property above the old one, both with the same inline object as VoiceSession.fade:
        // each site has its own hoisted type, so the existing VoiceSessionFade is untouched.
        var diff = DiffOf("inline-shape-inserted-earlier");
        Assert.Equal(
            new[] { (ChangeTarget.Type, ChangeKind.Added, "SoundClip"), (ChangeTarget.Property, ChangeKind.Added, "VoiceSession.fade_in") },
            diff.Changes.Select(c => (c.Target, c.Kind, c.Path)).OrderBy(c => c.Path, StringComparer.Ordinal));
        Assert.All(diff.Changes, c => Assert.Equal(ChangeClassification.Additive, c.Classification));
        Assert.DoesNotContain(diff.Changes, c => (c.Before ?? "").Contains("Fade", StringComparison.Ordinal));
    }

    [Fact]
    public void Description_only_changes_are_informational_and_kept_apart()
    {
        var diff = DiffOf("description-only");
        Assert.Empty(diff.StructuralChanges);
        Assert.Equal(new[] { "VoiceSession", "VoiceSession.speed" }, diff.DescriptionChanges.Select(c => c.Path).OrderBy(p => p, StringComparer.Ordinal));
        Assert.All(diff.DescriptionChanges, c => Assert.Equal(ChangeClassification.Informational, c.Classification));
        var report = DiffMarkdownReport.Render(diff, "a.md", "b.md");
        Assert.Contains("## Description-only changes (2)", report);
        Assert.DoesNotContain("reworded", report);
    }
}
