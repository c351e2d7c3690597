using Realtime.Schema.Analysis;
using Realtime.Schema.Model;

namespace Realtime.Schema.Tests;

/// <summary>
/// The analysis stage's unification on Fixtures/unify.md (one rule per site there), and the issue's measure on the
/// real pages: generated types that repeat another one.
/// </summary>
public class UnificationTests
{
    private static readonly ShapedApi Kettles = TestPaths.ShapeFixture("unify.md");

    private static TypeRef PropertyType(ShapedApi shaped, string owner, string property) => shaped.Schema.Type(owner).Property(property).Type;

    private static Unification? At(ShapedApi shaped, string site) => shaped.Unifications.FirstOrDefault(u => u.Site == site);

    [Fact]
    public void An_inline_copy_equal_to_a_page_type_uses_it_and_is_listed()
    {
        Assert.Equal(TypeRef.Named("KettleFilter"), PropertyType(Kettles, "KettleSettings", "filter"));
        Assert.Null(Kettles.Schema.FindType("KettleSettingsFilter"));
        Assert.Equal(new Unification { Site = "KettleSettings.filter", From = "KettleSettingsFilter", To = "KettleFilter", Kind = UnificationKind.EqualToNamed, Line = 51 }, At(Kettles, "KettleSettings.filter"));

        // Its inline enum went with it: the page type's enum stands for that site too.
        Assert.Contains("KettleSettings.filter.mesh", Kettles.Schema.Type("KettleFilterMesh").Sites);
        Assert.Equal(new[] { "KettleFilter", "KettleSettings.filter", "KettleSettings.spare_filter" }, Kettles.Schema.Type("KettleFilter").Sites);
    }

    [Fact]
    public void A_compatible_subset_of_exactly_one_page_type_uses_it_and_of_two_keeps_its_own()
    {
        Assert.Equal(TypeRef.Named("KettleFilter"), PropertyType(Kettles, "KettleSettings", "spare_filter"));
        Assert.Equal(UnificationKind.SubsetOfNamed, At(Kettles, "KettleSettings.spare_filter")!.Kind);

        // { litres } fits WaterGauge and SteamGauge: neither is chosen.
        Assert.Equal(TypeRef.Named("KettleSettingsGauge"), PropertyType(Kettles, "KettleSettings", "gauge"));
        Assert.Null(At(Kettles, "KettleSettings.gauge"));
    }

    [Fact]
    public void A_subset_that_leaves_out_a_required_member_is_no_subset()
    {
        var markdown = TestPaths.ReadFixture("unify.md").Replace("  - `washable: optional boolean`\n\n### Kettle Power", "  - `washable: boolean`\n\n### Kettle Power");
        var shaped = ApiShaping.Shape(SchemaParser.Parse(markdown, "required.md"));
        Assert.True(shaped.Schema.Type("KettleFilter").Property("washable").IsRequired);
        Assert.Equal(TypeRef.Named("KettleSettingsSpareFilter"), PropertyType(shaped, "KettleSettings", "spare_filter"));
    }

    [Fact]
    public void An_inline_enum_is_a_page_enum_only_for_a_property_of_the_same_name()
    {
        // Teapot.power has KettlePower's values and is a `power` (KettleSettings.power is a KettlePower): it is one.
        Assert.Equal(TypeRef.Named("KettlePower"), PropertyType(Kettles, "Teapot", "power"));
        // KettleSettings.mode has the same values but is a mode: it stays its own enum.
        Assert.Equal(TypeRef.Named("KettleSettingsMode"), PropertyType(Kettles, "KettleSettings", "mode"));
    }

    [Fact]
    public void Equal_copies_of_one_property_share_a_type_named_after_their_common_suffix()
    {
        foreach (var (owner, property) in new[] { ("KettleSettings", "steam_vent"), ("Teapot", "steam_vent"), ("Urn", "steam_vent"), ("Samovar", "boiler_steam_vent") })
        {
            Assert.Equal(TypeRef.Named("SteamVent"), PropertyType(Kettles, owner, property));
        }

        var vent = Kettles.Schema.Type("SteamVent");
        Assert.Equal(new[] { "KettleSettings.steam_vent", "Samovar.boiler_steam_vent", "Teapot.steam_vent", "Urn.steam_vent" }, vent.Sites);
        Assert.Equal(TypeRef.Named("SteamVentLevel"), vent.Property("level").Type);
        Assert.Single(Kettles.Schema.Types, t => t.Name.EndsWith("SteamVent", StringComparison.Ordinal));
        Assert.Single(Kettles.Schema.Types, t => t.Name.EndsWith("SteamVentLevel", StringComparison.Ordinal));
        Assert.All(vent.Sites, site => Assert.Equal((UnificationKind.MergedCopies, "SteamVent"), (At(Kettles, site)!.Kind, At(Kettles, site)!.To)));
    }

    [Fact]
    public void Equal_objects_of_different_properties_stay_apart()
    {
        Assert.Equal(TypeRef.Named("KettleSettingsSpout"), PropertyType(Kettles, "KettleSettings", "spout"));
        Assert.Equal(TypeRef.Named("KettleSettingsLid"), PropertyType(Kettles, "KettleSettings", "lid"));
    }

    [Fact]
    public void The_stage_reports_its_count_as_one_info_finding()
    {
        var finding = Assert.Single(Kettles.Diagnostics);
        Assert.Equal((DiagnosticIds.Unified, DiagnosticSeverity.Info), (finding.Id, finding.Severity));
        Assert.StartsWith($"{Kettles.Unifications.Count} inline types use another type: 2 equal to a page type, 1 a subset of one, 8 copies merged into 2 types", finding.Message);
        Assert.Empty(ApiShaping.Shape(TestPaths.ParseFixture("inline-names.md"), new ShapingOptions { NoUnify = EquatableArray.Create("Lamp.glow", "LampPreset.glow") }).Diagnostics);
    }

    [Fact]
    public void Names_do_not_depend_on_page_order()
    {
        var markdown = TestPaths.ReadFixture("unify.md");
        var sections = markdown.Split(new[] { "\n### " }, StringSplitOptions.None);
        var reversed = sections[0] + string.Concat(sections.Skip(1).Reverse().Select(s => "\n### " + s.TrimEnd('\n') + "\n"));
        var shaped = ApiShaping.Shape(SchemaParser.Parse(reversed, "reversed.md"));
        Assert.NotEqual(markdown, reversed);
        Assert.Equal(NamesBySite(Kettles), NamesBySite(shaped));
        Assert.Equal(Kettles.Unifications.Select(u => (u.Site, u.From, u.To, u.Kind)), shaped.Unifications.Select(u => (u.Site, u.From, u.To, u.Kind)));
    }

    [Theory]
    [InlineData("after")]
    [InlineData("before")]
    public void Names_on_the_real_page_do_not_depend_on_the_order_of_its_domain_types(string page)
    {
        var markdown = RealPages.Markdown(page);
        var start = markdown.IndexOf("\n## Domain Types", StringComparison.Ordinal);
        var end = markdown.IndexOf("\n# ", start + 1, StringComparison.Ordinal);
        var sections = markdown.Substring(start, end - start).Split(new[] { "\n### " }, StringSplitOptions.None);
        var reversed = markdown.Substring(0, start) + sections[0] + string.Concat(sections.Skip(1).Reverse().Select(s => "\n### " + s.TrimEnd('\n') + "\n")) + markdown.Substring(end);
        var shaped = ApiShaping.Shape(SchemaParser.Parse(reversed, "reversed.md"));
        Assert.Equal(NamesBySite(RealPages.Shaped(page)), NamesBySite(shaped));
    }

    [Fact]
    public void NoUnify_sites_keep_their_own_types()
    {
        var shaped = TestPaths.ShapeFixture("unify.md", new ShapingOptions { NoUnify = EquatableArray.Create("Teapot.steam_vent", "KettleSettings.filter") });
        Assert.Equal(TypeRef.Named("TeapotSteamVent"), PropertyType(shaped, "Teapot", "steam_vent"));
        Assert.Equal(TypeRef.Named("KettleSettingsFilter"), PropertyType(shaped, "KettleSettings", "filter"));
        Assert.Null(At(shaped, "Teapot.steam_vent"));
        Assert.Null(At(shaped, "KettleSettings.filter"));

        // The other copies still share one type; NoUnify is per site, so the switched-off type's inner enum (a site of
        // its own) is still the shared one, unless switched off too.
        Assert.Equal(TypeRef.Named("SteamVent"), PropertyType(shaped, "Urn", "steam_vent"));
        Assert.Equal(TypeRef.Named("SteamVentLevel"), shaped.Schema.Type("TeapotSteamVent").Property("level").Type);
        var both = TestPaths.ShapeFixture("unify.md", new ShapingOptions { NoUnify = EquatableArray.Create("Teapot.steam_vent", "Teapot.steam_vent.level") });
        Assert.Equal(TypeRef.Named("TeapotSteamVentLevel"), both.Schema.Type("TeapotSteamVent").Property("level").Type);
    }

    [Fact]
    public void Sites_pinned_to_one_name_share_it_and_an_unpinned_copy_joins_them()
    {
        var options = new ShapingOptions { Pins = EquatableArray.Create(new SitePin("KettleSettings.steam_vent", "Vent"), new SitePin("Teapot.steam_vent", "Vent")) };
        var shaped = TestPaths.ShapeFixture("unify.md", options);
        Assert.Equal(TypeRef.Named("Vent"), PropertyType(shaped, "KettleSettings", "steam_vent"));
        Assert.Equal(TypeRef.Named("Vent"), PropertyType(shaped, "Teapot", "steam_vent"));
        Assert.Equal(TypeRef.Named("Vent"), PropertyType(shaped, "Urn", "steam_vent"));
        Assert.Null(shaped.Schema.FindType("SteamVent"));
    }

    [Fact]
    public void A_pinned_single_site_is_renamed_and_structurally_different_sites_cannot_share_a_pin()
    {
        var options = new ShapingOptions
        {
            Pins = EquatableArray.Create(new SitePin("KettleSettings.spout", "Nozzle"), new SitePin("KettleSettings.gauge", "Dial"), new SitePin("KettleSettings.mode", "Dial")),
        };
        var shaped = TestPaths.ShapeFixture("unify.md", options);
        Assert.Equal(TypeRef.Named("Nozzle"), PropertyType(shaped, "KettleSettings", "spout"));

        // One of them keeps the name (the ordinally first site), the other its own: the lock check reports it.
        Assert.Equal(TypeRef.Named("Dial"), PropertyType(shaped, "KettleSettings", "gauge"));
        Assert.Equal(TypeRef.Named("KettleSettingsMode"), PropertyType(shaped, "KettleSettings", "mode"));
        Assert.DoesNotContain("KettleSettings.mode", shaped.Schema.Type("Dial").Sites);
    }

    [Fact]
    public void Enum_copies_pinned_to_one_name_stay_one_type_with_every_value_of_each()
    {
        // As after a docs diff that gave one copy of a locked enum another value: splitting them would rename the
        // type at one of the properties (breaking); one type with both copies' values only widens a property.
        var options = new ShapingOptions { Pins = EquatableArray.Create(new SitePin("KettleSettings.mode", "Setting"), new SitePin("Teapot.steam_vent.level", "Setting")) };
        var shaped = TestPaths.ShapeFixture("unify.md", options);

        Assert.Equal(TypeRef.Named("Setting"), PropertyType(shaped, "KettleSettings", "mode"));
        Assert.Equal(TypeRef.Named("Setting"), shaped.Schema.Type(((TypeRef)PropertyType(shaped, "Teapot", "steam_vent")).Name!).Property("level").Type);
        Assert.Equal(new[] { "low", "high", "min", "max" }, shaped.Schema.Type("Setting").Members.Select(m => m.Value));
        Assert.Equal(new[] { "KettleSettings.mode", "Teapot.steam_vent.level" }, shaped.Schema.Type("Setting").Sites);
    }

    [Fact]
    public void A_pinned_site_is_a_page_type_only_when_its_pin_names_one_it_fits()
    {
        var options = new ShapingOptions
        {
            Pins = EquatableArray.Create(
                new SitePin("Teapot.power", "TeapotPower"),           // equal to KettlePower, pinned elsewhere: its own
                new SitePin("KettleSettings.gauge", "WaterGauge"),    // a subset of two page types: the pin chooses
                new SitePin("KettleSettings.lid", "KettleFilter")),   // names a page type it does not fit: its own
        };
        var shaped = TestPaths.ShapeFixture("unify.md", options);
        Assert.Equal(TypeRef.Named("TeapotPower"), PropertyType(shaped, "Teapot", "power"));
        Assert.Equal(TypeDeclKind.Enum, shaped.Schema.Type("TeapotPower").Kind);
        Assert.Equal(TypeRef.Named("WaterGauge"), PropertyType(shaped, "KettleSettings", "gauge"));
        Assert.Equal(UnificationKind.SubsetOfNamed, At(shaped, "KettleSettings.gauge")!.Kind);
        Assert.Equal(TypeRef.Named("KettleSettingsLid"), PropertyType(shaped, "KettleSettings", "lid"));
    }

    /// <summary>
    /// The issue's measure: a generated type (not an alias) repeats another when both have the same members
    /// (JSON names, required, nullable and member types, compared recursively) or the same enum values, and the same
    /// last PascalCase word. The page's own names and different properties account for the ones that remain
    /// (README, "One type per concept").
    /// </summary>
    [Theory]
    [InlineData("after")]
    [InlineData("before")]
    public void At_most_five_generated_types_repeat_another(string page)
    {
        var schema = RealPages.Shaped(page).Schema;
        var repeats = Repeats(schema);
        var report = string.Join("\n", repeats.Select(g => string.Join(" = ", g)));
        Console.WriteLine($"{page}: {repeats.Sum(g => g.Count - 1)} repeating types\n{report}");
        Assert.True(repeats.Sum(g => g.Count - 1) <= 5, $"types that repeat another one on the {page} page:\n{report}");

        // The measure itself finds what the page renders: the parsed page, before unification, repeats dozens.
        Assert.True(Repeats(RealPages.Schema(page)).Sum(g => g.Count - 1) > 40);
    }

    internal static List<List<string>> Repeats(ApiSchema schema)
    {
        var types = schema.Types.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);

        string Resolve(TypeRef type, HashSet<string> path) => type.Kind switch
        {
            TypeRefKind.Named when type.Name is not null && types.TryGetValue(type.Name, out var decl) =>
                decl.Kind == TypeDeclKind.Alias ? Resolve(decl.AliasOf ?? TypeRef.Unknown, path) : KeyOf(decl, path),
            TypeRefKind.Array or TypeRefKind.Map => type.Kind + "[" + Resolve(type.Element ?? TypeRef.Unknown, path) + "]",
            _ => type.ToString(),
        };

        string KeyOf(TypeDecl decl, HashSet<string> path)
        {
            if (keys.TryGetValue(decl.Name, out var known)) return known;
            if (!path.Add(decl.Name)) return "@" + decl.Name;
            var key = decl.Kind switch
            {
                TypeDeclKind.Object => "{" + string.Join(";", decl.Properties.OrderBy(p => p.JsonName, StringComparer.Ordinal)
                    .Select(p => $"{p.JsonName}{(p.IsRequired ? "!" : "?")}{(p.IsNullable ? "~" : "")}:{Resolve(p.Type, path)}")) + "}",
                TypeDeclKind.Enum => (decl.IsOpenEnum ? "open:" : "closed:") + string.Join(",", decl.Members.Select(m => m.Value).OrderBy(v => v, StringComparer.Ordinal)),
                _ => "(" + string.Join("|", decl.Variants.Select(v => Resolve(v.Type, path)).OrderBy(v => v, StringComparer.Ordinal)) + ")",
            };
            path.Remove(decl.Name);
            keys[decl.Name] = key;
            return key;
        }

        return schema.Types
            .Where(t => t.Kind != TypeDeclKind.Alias)
            .GroupBy(t => (KeyOf(t, new HashSet<string>(StringComparer.Ordinal)), LastWord(t.Name)))
            .Where(g => g.Count() > 1)
            .Select(g => g.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal).ToList())
            .OrderBy(g => g[0], StringComparer.Ordinal)
            .ToList();
    }

    private static string LastWord(string name)
    {
        var start = name.Length - 1;
        while (start > 0 && !char.IsUpper(name[start])) start--;
        return name.Substring(start);
    }

    private static SortedDictionary<string, string> NamesBySite(ShapedApi shaped)
    {
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in shaped.Schema.Types)
        {
            foreach (var site in type.Sites) names[site] = type.Name;
        }

        return names;
    }
}
