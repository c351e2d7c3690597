using System.Text.RegularExpressions;
using Realtime.Schema.Model;
using Realtime.Schema.Tests.Diff;

namespace Realtime.Schema.Tests;

/// <summary>
/// Names of hoisted inline types depend on their own site only (Fixtures/inline-names.md and the diff fixture pair
/// inline-shape-inserted-earlier): never on page order or on other sites with an equal shape.
/// </summary>
public class InlineNamingTests
{
    private static readonly ApiSchema Lamps = TestPaths.ParseFixture("inline-names.md");

    private static readonly Regex SectionStart = new(@"^### ", RegexOptions.Multiline);

    [Fact]
    public void Equal_inline_shapes_at_two_sites_are_two_types_each_named_after_its_site()
    {
        var lampGlow = Lamps.TypeOf(Lamps.Type("Lamp").Property("glow"));
        var presetGlow = Lamps.TypeOf(Lamps.Type("LampPreset").Property("glow"));
        Assert.Equal(("LampGlow", "Lamp.glow"), (lampGlow.Name, lampGlow.Origin));
        Assert.Equal(("LampPresetGlow", "LampPreset.glow"), (presetGlow.Name, presetGlow.Origin));
        Assert.Equal(lampGlow.Properties.Select(p => (p.JsonName, p.Type, p.IsRequired)), presetGlow.Properties.Select(p => (p.JsonName, p.Type, p.IsRequired)));
    }

    [Fact]
    public void A_derived_name_a_page_type_has_is_qualified_by_the_owner()
    {
        Assert.Equal(TypeDeclKind.Object, Lamps.Type("LampState").Kind);
        var state = Lamps.TypeOf(Lamps.Type("Lamp").Property("state"));
        Assert.Equal(("Lamp_State", TypeDeclKind.Enum, "Lamp.state"), (state.Name, state.Kind, state.Origin));
    }

    [Fact]
    public void An_inline_shape_right_under_a_page_alias_is_its_value()
    {
        var list = Lamps.Type("LampList");
        Assert.Equal(TypeRef.ArrayOf(TypeRef.Named("LampList_Value")), list.AliasOf);
        Assert.Equal(("LampList", TypeDeclKind.Object), (Lamps.Type("LampList_Value").Origin, Lamps.Type("LampList_Value").Kind));
    }

    [Fact]
    public void Two_sites_deriving_the_same_name_are_both_qualified()
    {
        // Lamp.shade_color and LampShade.color both concatenate to LampShadeColor: neither keeps it, so neither name
        // depends on which comes first.
        Assert.Equal("Lamp_ShadeColor", Lamps.TypeOf(Lamps.Type("Lamp").Property("shade_color")).Name);
        Assert.Equal("LampShade_Color", Lamps.TypeOf(Lamps.Type("LampShade").Property("color")).Name);
        Assert.Null(Lamps.FindType("LampShadeColor"));
    }

    [Fact]
    public void A_derived_name_of_a_referenced_only_type_is_qualified_and_reported_once()
    {
        Assert.Equal("Lamp_Base", Lamps.TypeOf(Lamps.Type("Lamp").Property("base")).Name);
        var history = Lamps.Type("Lamp").Property("history").Type;
        Assert.Equal(TypeRef.ArrayOf(TypeRef.Named("LampBase")), history);
        Assert.Equal((TypeDeclKind.Alias, TypeRef.Unknown), (Lamps.Type("LampBase").Kind, Lamps.Type("LampBase").AliasOf));
        var info = Assert.Single(Lamps.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Info, Line("inline-names.md", "history: optional array of LampBase")), (info.Severity, info.Line));
    }

    [Fact]
    public void Reversing_the_sections_of_the_fixture_changes_no_name()
    {
        var reversed = SchemaParser.Parse(ReverseSections(TestPaths.ReadFixture("inline-names.md")), "reversed.md");
        Assert.Equal(NamesBySite(Lamps), NamesBySite(reversed));
        Assert.Equal(Lamps.Diagnostics.Select(d => d.Id), reversed.Diagnostics.Select(d => d.Id));
    }

    [Theory]
    [InlineData("after")]
    [InlineData("before")]
    public void Reversing_the_domain_type_sections_of_the_real_page_changes_no_hoisted_name(string page)
    {
        var markdown = RealPages.Markdown(page);
        var start = markdown.IndexOf("\n## Domain Types", StringComparison.Ordinal);
        var end = markdown.IndexOf("\n# ", start + 1, StringComparison.Ordinal);
        Assert.True(start > 0 && end > start, "the page has a Domain Types section followed by a resource section");
        var reordered = markdown.Substring(0, start) + ReverseSections(markdown.Substring(start, end - start)) + markdown.Substring(end);
        var names = NamesBySite(SchemaParser.Parse(reordered, page + "-reversed.md"));
        Assert.Equal(NamesBySite(RealPages.Schema(page)), names);
    }

    [Fact]
    public void An_equal_shape_inserted_earlier_leaves_the_existing_name_alone()
    {
        var before = ParseDiffFixture("inline-shape-inserted-earlier.before.md");
        var after = ParseDiffFixture("inline-shape-inserted-earlier.after.md");
        Assert.Equal("VoiceSessionFade", before.TypeOf(before.Type("VoiceSession").Property("fade")).Name);
        Assert.Equal("VoiceSessionFade", after.TypeOf(after.Type("VoiceSession").Property("fade")).Name);
        Assert.Equal("VoiceSessionFadeIn", after.TypeOf(after.Type("VoiceSession").Property("fade_in")).Name);
        Assert.Equal("SoundClipFade", after.TypeOf(after.Type("SoundClip").Property("fade")).Name);
    }

    [Fact]
    public void Endpoints_sharing_a_title_are_all_qualified_by_their_resource_whatever_the_order()
    {
        var markdown = TestPaths.ReadFixture("endpoint-names.md").Replace("\r\n", "\n");
        var kits = markdown.IndexOf("\n# Kits", StringComparison.Ordinal);
        var spares = markdown.IndexOf("\n# Spares", StringComparison.Ordinal);
        var swapped = markdown.Substring(0, kits) + markdown.Substring(spares).TrimEnd('\n') + "\n" + markdown.Substring(kits, spares - kits);
        foreach (var schema in new[] { TestPaths.ParseFixture("endpoint-names.md"), SchemaParser.Parse(swapped, "swapped.md") })
        {
            Assert.Empty(schema.Diagnostics);
            var operations = schema.Endpoints.Select(e => (e.Path, e.OperationName, e.RequestBody?.Name, e.Response?.Name)).OrderBy(e => e.Path, StringComparer.Ordinal);
            Assert.Equal(
                new (string, string, string?, string?)[]
                {
                    ("/kits", "LampsKitsCreateKit", "LampsKitsCreateKitRequest", "LampsKitsCreateKitResponse"),
                    ("/spares/count", "CountSpares", null, "CountSparesResponse"),
                    ("/spares/kits", "LampsSparesCreateKit", "LampsSparesCreateKitRequest", "LampsSparesCreateKitResponse"),
                },
                operations);
        }
    }

    private static ApiSchema ParseDiffFixture(string name) => SchemaParser.Parse(File.ReadAllText(DiffTestPaths.Fixture(name)), name);

    /// <summary>Every hoisted type by the site that declares it, sorted: what must not move when the page is reordered.</summary>
    private static List<string> NamesBySite(ApiSchema schema) => schema.Types
        .Where(t => !t.IsNamedOnPage)
        .Select(t => t.Origin + " => " + t.Name)
        .OrderBy(s => s, StringComparer.Ordinal)
        .ToList();

    /// <summary>The same text with its <c>###</c> sections in reverse order (whatever precedes the first stays first).</summary>
    private static string ReverseSections(string text)
    {
        text = text.Replace("\r\n", "\n");
        var starts = SectionStart.Matches(text).Select(m => m.Index).ToList();
        if (starts.Count < 2) return text;
        var sections = starts.Select((s, i) => text.Substring(s, (i + 1 < starts.Count ? starts[i + 1] : text.Length) - s).TrimEnd('\n') + "\n\n").ToList();
        sections.Reverse();
        return text.Substring(0, starts[0]) + string.Concat(sections);
    }

    private static int Line(string fixture, string code) =>
        TestPaths.ReadFixture(fixture).Replace("\r\n", "\n").Split('\n').ToList().FindIndex(l => l.Contains(code, StringComparison.Ordinal)) + 1;
}
