using Realtime.Schema;
using Realtime.Schema.Analysis;
using Realtime.Schema.Lock;
using Realtime.Schema.Model;

namespace Realtime.Schema.Tests.Lock;

/// <summary>The API lock: what it records, its YAML, the pins it gives the unifier, and the check of a shaped API against it.</summary>
public class ApiLockTests
{
    [Fact]
    public void Lock_of_the_real_page_round_trips_through_yaml()
    {
        var apiLock = LockFixtures.LockOf(RealPages.Before);
        Assert.Contains(apiLock.Types, t => t.Kind == "object" && t.Members.Count > 0);
        Assert.Contains(apiLock.Types, t => t.Kind == "enum" && t.Values.Count > 0);
        Assert.Contains(apiLock.Types, t => t.Kind == "union" && t.Variants.Any(v => v.Tag is not null));
        Assert.Equal("RealtimeRestClient", apiLock.Client);
        Assert.NotEmpty(apiLock.Operations);

        var read = ApiLockYaml.Read(ApiLockYaml.Write(apiLock));

        Assert.Empty(read.Problems);
        Assert.Equal(apiLock, read.Lock);
    }

    [Fact]
    public void Lock_file_is_deterministic_sorted_and_starts_with_its_header_and_format()
    {
        var first = ApiLockYaml.Write(LockFixtures.LockOf(SchemaParser.Parse(RealPages.BeforeMarkdown, "a.md")));
        var second = ApiLockYaml.Write(LockFixtures.LockOf(SchemaParser.Parse(RealPages.BeforeMarkdown, "b.md")));

        Assert.Equal(first, second);
        Assert.StartsWith(ApiLockYaml.Header + "format: 1\n", first);
        var names = LockFixtures.LockOf(RealPages.Before).Types.Select(t => t.Name).ToList();
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
    }

    [Theory]
    [InlineData("before")]
    [InlineData("after")]
    public void A_pages_lock_applied_to_that_page_keeps_every_name_and_reports_nothing(string page)
    {
        var schema = RealPages.Schema(page);
        var apiLock = LockFixtures.LockOf(schema);

        var shaped = ApiShaping.Shape(schema, apiLock);

        // Nothing but the shaping's infos (unification count, examples' evidence): no locked name is lost on the page it was taken from.
        Assert.DoesNotContain(shaped.Diagnostics, d => d.Id is not (DiagnosticIds.Unified or DiagnosticIds.RequiredAbsentFromExample));
        Assert.Equal(ApiShaping.Shape(schema).Schema.Types.Select(t => t.Name), shaped.Schema.Types.Select(t => t.Name));
        Assert.Equal(apiLock, ApiLocks.Create(shaped));
    }

    [Fact]
    public void Lock_records_sites_member_names_by_the_emitters_rule_values_and_variants()
    {
        var apiLock = LockFixtures.LockOf(LockFixtures.Parse("breaks.before.md"));
        var lamp = apiLock.Types.Single(t => t.Name == "Lamp");

        Assert.Equal(["Lamp"], lamp.Sites);
        Assert.Equal(
            [new("bulbType", "BulbType2", "string"), new("bulb_type", "BulbType", "string"), new("glow", "Glow", "LampGlow"), new("id", "Id", "string"), new("mode", "Mode", "LampMode")],
            lamp.Members.ToArray<LockedMember>());
        Assert.Equal(["Lamp.glow"], apiLock.Types.Single(t => t.Name == "LampGlow").Sites);
        Assert.Equal([new("dim", "Dim"), new("off", "Off"), new("on", "On")], apiLock.Types.Single(t => t.Name == "LampMode").Values.ToArray<LockedEnumValue>());
        Assert.Equal([new("PruneEvent", "prune"), new("WaterEvent", "water")], apiLock.Types.Single(t => t.Name == "GardenEvent").Variants.ToArray<LockedVariant>());
        Assert.All(apiLock.Types, t => Assert.Matches("^[0-9a-f]{16}$", t.Fingerprint));
    }

    [Fact]
    public void Fingerprint_follows_the_shape_not_prose_or_lines()
    {
        var text = File.ReadAllText(LockFixtures.Path("breaks.before.md"));
        var original = LockFixtures.LockOf(SchemaParser.Parse(text, "page.md"));
        var reworded = LockFixtures.LockOf(SchemaParser.Parse(
            text.Replace("Colour name.", "The colour's name, reworded.").Replace("## Domain Types\n", "## Domain Types\n\n\n"), "page.md"));
        var reshaped = LockFixtures.LockOf(SchemaParser.Parse(text.Replace("`level: optional number`", "`level: number`"), "page.md"));

        string Fingerprint(ApiLock apiLock, string name) => apiLock.Types.Single(t => t.Name == name).Fingerprint;
        Assert.All(original.Types, t => Assert.Equal(t.Fingerprint, Fingerprint(reworded, t.Name)));
        Assert.NotEqual(Fingerprint(original, "LampGlow"), Fingerprint(reshaped, "LampGlow"));
        Assert.Equal(Fingerprint(original, "Trellis"), Fingerprint(reshaped, "Trellis"));
    }

    [Fact]
    public void Pins_fix_each_locked_site_and_each_member_site_to_its_locked_name()
    {
        var pins = ApiLockPins.For(LockFixtures.LockOf(LockFixtures.Parse("breaks.before.md")));

        Assert.Contains(new SitePin("Lamp.glow", "LampGlow"), pins);
        Assert.Contains(new SitePin("Lamp.mode", "LampMode"), pins);
        Assert.Contains(new SitePin("Lamp", "Lamp"), pins);
        Assert.Contains(new SitePin("GardenEvent", "GardenEvent"), pins);
        Assert.DoesNotContain(pins, p => p.Site == "Lamp.id");
        Assert.Equal(pins.Select(p => p.Site).OrderBy(s => s, StringComparer.Ordinal), pins.Select(p => p.Site));
        Assert.Equal(pins.Count, pins.Select(p => p.Site).Distinct().Count());

        // A property that references a page type is pinned to it: an inline copy printed there later keeps the name.
        var referencing = ApiLockPins.For(LockFixtures.LockOf(LockFixtures.Parse("reference-inline.before.md")));
        Assert.Contains(new SitePin("Lamp.shade", "Shade"), referencing);
    }

    [Fact]
    public void Lock_pins_go_to_the_shaping_stage_after_the_maintainers_own()
    {
        var apiLock = LockFixtures.LockOf(LockFixtures.Parse("breaks.before.md"));
        var own = new ShapingOptions { Pins = EquatableArray.Create(new SitePin("Lamp.glow", "LampLight")) };

        var pins = ApiShaping.PinsFor(apiLock, own);

        Assert.Equal(new SitePin("Lamp.glow", "LampLight"), pins[0]);
        Assert.Single(pins, p => p.Site == "Lamp.glow");
        Assert.Contains(new SitePin("Lamp.mode", "LampMode"), pins);
    }

    [Fact]
    public void Locked_names_the_new_page_cannot_keep_are_errors_at_their_page_lines()
    {
        var apiLock = LockFixtures.LockOf(LockFixtures.Parse("breaks.before.md"));

        var shaped = ApiShaping.Shape(LockFixtures.Parse("breaks.after.md"), apiLock);

        Assert.All(shaped.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        var found = shaped.Diagnostics.Select(d => (d.Id, d.Line)).ToList();
        Assert.Equal(
            [
                (DiagnosticIds.LockedTypeGone, 1),      // PruneEvent: the page type is gone, nothing of it is left
                (DiagnosticIds.LockedTypeGone, 1),      // Trellis
                (DiagnosticIds.LockedTypeGone, 7),      // LampGlow (Lamp.glow): at its owner Lamp
                (DiagnosticIds.LockedMemberGone, 7),    // Lamp.Glow
                (DiagnosticIds.LockedEnumValueGone, 15), // LampMode.Dim
                (DiagnosticIds.LockedMemberGone, 23),   // bulbType: page order gave it BulbType, locked BulbType2
                (DiagnosticIds.LockedMemberGone, 27),   // bulb_type: BulbType2, locked BulbType
                (DiagnosticIds.LockedVariantGone, 33),  // GardenEvent's "prune"
            ],
            found);
        Assert.Contains(shaped.Diagnostics, d => d.Message.Contains("'PruneEvent'") && d.Id == DiagnosticIds.LockedTypeGone);
        Assert.Contains(shaped.Diagnostics, d => d.Message.Contains("'LampMode.Dim'"));
        Assert.Contains(shaped.Diagnostics, d => d.Message.Contains("'Lamp.BulbType2' (property 'bulbType') is now generated as 'BulbType'"));
    }

    [Fact]
    public void A_locked_name_now_given_to_another_page_type_is_reported_as_taken()
    {
        var apiLock = LockFixtures.LockOf(LockFixtures.Parse("name-taken.before.md"));

        var shaped = ApiShaping.Shape(LockFixtures.Parse("name-taken.after.md"), apiLock);

        var taken = Assert.Single(shaped.Diagnostics);
        Assert.Equal(DiagnosticIds.LockedNameTaken, taken.Id);
        Assert.Equal(25, taken.Line);
        Assert.Contains("'LampGlow' now names the object at 'LampGlow'", taken.Message);
    }

    [Fact]
    public void A_union_left_with_one_variant_is_no_longer_a_type_of_that_name()
    {
        var apiLock = LockFixtures.LockOf(LockFixtures.Parse("breaks.before.md"));
        var page = File.ReadAllText(LockFixtures.Path("breaks.after.md")).Replace("`GardenEvent = WaterEvent or MowEvent`", "`GardenEvent = WaterEvent`");
        var cut = page.Substring(0, page.IndexOf("  - `MowEvent", StringComparison.Ordinal));

        var shaped = ApiShaping.Shape(SchemaParser.Parse(cut, "page.md"), apiLock);

        Assert.Contains(shaped.Diagnostics, d => d.Id == DiagnosticIds.LockedNameNotKept && d.Line == 33 && d.Message.Contains("'GardenEvent' is now an alias of 'WaterEvent'"));
    }

    [Fact]
    public void Check_reports_a_reference_printed_as_an_inline_copy_unless_the_shaped_api_keeps_the_locked_type()
    {
        var apiLock = LockFixtures.LockOf(LockFixtures.Parse("reference-inline.before.md"));
        var after = LockFixtures.Parse("reference-inline.after.md");
        Assert.Equal("LampShade", after.Type("Lamp").Property("shade").Type.Name);

        // As the page renders it, Lamp.shade's type would be renamed: a breaking change under the lock.
        var unkept = Assert.Single(ApiLockCheck.Check(apiLock, new ShapedApi { Schema = after }));
        Assert.Equal((DiagnosticIds.LockedNameNotKept, 29), (unkept.Id, unkept.Line));
        Assert.Contains("'Lamp.Shade' was of type 'Shade' and is now 'LampShade'", unkept.Message);

        // Shaped as the pin asks (the inline copy uses the page type Shade), nothing is reported.
        var kept = after with
        {
            Types = after.Types
                .Where(t => t.Name != "LampShade")
                .Select(t => t.Name switch
                {
                    "Lamp" => t with { Properties = t.Properties.Select(p => p.JsonName == "shade" ? p with { Type = TypeRef.Named("Shade") } : p).ToEquatableArray() },
                    "Shade" => t with { Sites = EquatableArray.Create("Lamp.shade") },
                    _ => t,
                })
                .ToEquatableArray(),
        };
        Assert.Empty(ApiLockCheck.Check(apiLock, new ShapedApi { Schema = kept }));
    }

    [Fact]
    public void Reordered_positional_union_variants_keep_their_locked_names_by_shape()
    {
        var apiLock = LockFixtures.LockOf(LockFixtures.Parse("reordered-union.before.md"));
        var after = LockFixtures.Parse("reordered-union.after.md");

        var anchored = ApiLockAnchoring.Anchor(apiLock, after);

        Assert.Equal(["Lamp.power.Variant2"], anchored.Types.Single(t => t.Name == "LampPowerVariant1").Sites);
        Assert.Equal(["Lamp.power.Variant1"], anchored.Types.Single(t => t.Name == "LampPowerVariant2").Sites);
        var pins = ApiLockPins.For(anchored);
        Assert.Contains(new SitePin("Lamp.power.Variant2", "LampPowerVariant1"), pins);
        Assert.Contains(new SitePin("Lamp.power.Variant1", "LampPowerVariant2"), pins);

        // As the page names them, the two swap: both names are reported.
        Assert.Equal(2, ApiLockCheck.Check(anchored, new ShapedApi { Schema = after }).Count(d => d.Id == DiagnosticIds.LockedNameTaken));

        // Shaped as the pins ask (each shape keeps its locked name), nothing is reported.
        var kept = Rename(after, new Dictionary<string, string> { ["LampPowerVariant1"] = "LampPowerVariant2", ["LampPowerVariant2"] = "LampPowerVariant1" });
        Assert.Empty(ApiLockCheck.Check(anchored, new ShapedApi { Schema = kept }));
    }

    [Fact]
    public void A_variant_whose_shape_changed_stays_at_its_site()
    {
        var apiLock = LockFixtures.LockOf(LockFixtures.Parse("reordered-union.before.md"));
        var text = File.ReadAllText(LockFixtures.Path("reordered-union.before.md")).Replace("`phase: optional string`", "`phase: string`");

        var anchored = ApiLockAnchoring.Anchor(apiLock, SchemaParser.Parse(text, "page.md"));

        Assert.Same(apiLock, anchored);
    }

    [Fact]
    public void The_rest_clients_methods_are_locked_by_route_and_a_renamed_or_removed_one_is_reported()
    {
        var text = TestPaths.ReadFixture("endpoints.md");
        var apiLock = LockFixtures.LockOf(SchemaParser.Parse(text, "endpoints.md"));
        Assert.Equal("GadgetsRestClient", apiLock.Client);
        Assert.Equal(
            [
                new("GET /archive/gadgets/{gadget_id}", "FetchArchivedGadgetAsync", "Gadgets/Archive/Gadgets/Fetch archived gadget"),
                new("POST /workshops/{workshop_id}/gadgets", "BuildGadgetAsync", "Gadgets/Workshops/Build gadget"),
            ],
            apiLock.Operations.ToArray<LockedOperation>());
        Assert.Equal(apiLock, ApiLockYaml.Read(ApiLockYaml.Write(apiLock)).Lock);

        var retitled = SchemaParser.Parse(text.Replace("## Build gadget", "## Assemble gadget"), "endpoints.md");
        var diagnostics = ApiShaping.Shape(retitled, apiLock).Diagnostics;
        var renamed = Assert.Single(diagnostics, d => d.Id == DiagnosticIds.LockedMemberGone);
        Assert.Equal(retitled.Endpoints.Single(e => e.Path.StartsWith("/workshops", StringComparison.Ordinal)).Line, renamed.Line);
        Assert.Contains("'GadgetsRestClient.BuildGadgetAsync' (POST /workshops/{workshop_id}/gadgets) is now generated as 'AssembleGadgetAsync'", renamed.Message);

        // The same route under a new title: its body's locked sites follow it (pinned there, not reported gone).
        var bodyLock = apiLock.Types.Single(t => t.Sites.Contains("Gadgets/Workshops/Build gadget body"));
        var anchored = ApiLockAnchoring.Anchor(apiLock, retitled);
        Assert.Equal(["Gadgets/Workshops/Assemble gadget body"], anchored.Types.Single(t => t.Name == bodyLock.Name).Sites);
        Assert.Contains(new SitePin("Gadgets/Workshops/Assemble gadget body", bodyLock.Name), ApiLockPins.For(anchored));
        Assert.DoesNotContain(diagnostics, d => d.Id == DiagnosticIds.LockedTypeGone);

        var archive = text.IndexOf("# Archive", StringComparison.Ordinal);
        var removed = Assert.Single(ApiShaping.Shape(SchemaParser.Parse(text.Substring(0, archive), "endpoints.md"), apiLock).Diagnostics);
        Assert.Contains("'GadgetsRestClient.FetchArchivedGadgetAsync' is gone: the page no longer has the endpoint GET /archive/gadgets/{gadget_id}", removed.Message);
    }

    [Fact]
    public void A_locked_type_kept_at_one_of_its_sites_but_not_another_is_not_kept_rather_than_taken()
    {
        // A lock written after unification: Shade stands for its own site and for the copy printed at Lamp.shade.
        var apiLock = LockFixtures.LockOf(LockFixtures.Parse("reference-inline.before.md"));
        apiLock = apiLock with
        {
            Types = apiLock.Types.Select(t => t.Name == "Shade" ? t with { Sites = EquatableArray.Create("Lamp.shade", "Shade") } : t).ToEquatableArray(),
        };

        var diagnostics = ApiLockCheck.Check(apiLock, new ShapedApi { Schema = LockFixtures.Parse("reference-inline.after.md") });

        var unkept = Assert.Single(diagnostics);
        Assert.Equal((DiagnosticIds.LockedNameNotKept, 29), (unkept.Id, unkept.Line));
        Assert.Equal("the locked object 'Shade' at 'Lamp.shade' is generated as 'LampShade'", unkept.Message);
    }

    private static ApiSchema Rename(ApiSchema schema, IReadOnlyDictionary<string, string> names)
    {
        TypeRef Ref(TypeRef type) => type.Kind switch
        {
            TypeRefKind.Named when names.TryGetValue(type.Name!, out var renamed) => TypeRef.Named(renamed),
            TypeRefKind.Array or TypeRefKind.Map => type with { Element = Ref(type.Element!) },
            _ => type,
        };

        return schema with
        {
            Types = schema.Types.Select(t => t with
            {
                Name = names.TryGetValue(t.Name, out var renamed) ? renamed : t.Name,
                Properties = t.Properties.Select(p => p with { Type = Ref(p.Type) }).ToEquatableArray(),
                Variants = t.Variants.Select(v => v with { Type = Ref(v.Type) }).ToEquatableArray(),
            }).ToEquatableArray(),
        };
    }
}
