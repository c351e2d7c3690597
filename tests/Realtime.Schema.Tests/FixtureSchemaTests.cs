using Realtime.Schema.Model;

namespace Realtime.Schema.Tests;

/// <summary>The builder on the project's own small fixtures (Fixtures/*.md), one construct at a time.</summary>
public class FixtureSchemaTests
{
    private static readonly ApiSchema Objects = TestPaths.ParseFixture("objects.md");
    private static readonly ApiSchema Unions = TestPaths.ParseFixture("unions.md");
    private static readonly ApiSchema Endpoints = TestPaths.ParseFixture("endpoints.md");

    [Theory]
    [InlineData("objects.md")]
    [InlineData("unions.md")]
    [InlineData("endpoints.md")]
    public void Clean_fixtures_have_no_diagnostics(string fixture) => Assert.Empty(TestPaths.ParseFixture(fixture).Diagnostics);

    [Fact]
    public void Named_object_keeps_its_name_line_description_and_property_order()
    {
        var config = Objects.Type("GadgetConfig");
        Assert.Equal(TypeDeclKind.Object, config.Kind);
        Assert.True(config.IsNamedOnPage);
        Assert.Equal("Gadget Config", config.Origin);
        Assert.Equal(7, config.Line);
        Assert.Equal("Settings of one gadget. Angle brackets <like these> and *stars* stay as written.", config.Description);
        Assert.Equal(
            new[] { "name", "mode", "level", "rate", "speed", "count", "enabled", "extra", "labels", "tags", "schedule", "legacy_code" },
            config.Properties.Select(p => p.JsonName));
        Assert.Equal("Gadgets", Objects.Title);
    }

    [Fact]
    public void Required_and_optional_properties()
    {
        var config = Objects.Type("GadgetConfig");
        Assert.True(config.Property("name").IsRequired);
        Assert.True(config.Property("mode").IsRequired);
        Assert.False(config.Property("level").IsRequired);
        Assert.Equal(11, config.Property("name").Line);
        Assert.Equal("The gadget's display name.", config.Property("name").Description);
    }

    [Fact]
    public void Primitives_unknown_maps_arrays_and_numeric_literals()
    {
        var config = Objects.Type("GadgetConfig");
        Assert.Equal(TypeRef.Number, config.Property("level").Type);
        Assert.Equal(TypeRef.Integer, config.Property("count").Type);
        Assert.Equal(TypeRef.Boolean, config.Property("enabled").Type);
        Assert.Equal(TypeRef.Unknown, config.Property("extra").Type);
        Assert.Equal(TypeRef.MapOf(TypeRef.String), config.Property("labels").Type);
        Assert.Equal(TypeRef.ArrayOf(TypeRef.String), config.Property("tags").Type);
        Assert.Equal(TypeRef.NumberLiteral("16000"), config.Property("rate").Type);
    }

    [Fact]
    public void Closed_literal_set_is_hoisted_as_an_enum_named_after_its_path()
    {
        var mode = Objects.TypeOf(Objects.Type("GadgetConfig").Property("mode"));
        Assert.Equal("GadgetConfigMode", mode.Name);
        Assert.Equal(TypeDeclKind.Enum, mode.Kind);
        Assert.False(mode.IsOpenEnum);
        Assert.False(mode.IsNamedOnPage);
        Assert.Equal("GadgetConfig.mode", mode.Origin);
        Assert.Equal(new[] { "eco", "turbo" }, mode.MemberValues());
        Assert.Equal("Saves power.", mode.Members[0].Description);
        Assert.Equal(19, mode.Members[0].Line);
    }

    [Fact]
    public void Open_literal_set_with_a_nested_literal_set_is_an_open_enum()
    {
        var model = Objects.TypeOf(Objects.Type("GadgetSnapshot").Property("model"));
        Assert.Equal("GadgetSnapshotModel", model.Name);
        Assert.True(model.IsOpenEnum);
        Assert.Equal(new[] { "small", "large", "huge" }, model.MemberValues());
    }

    [Fact]
    public void Description_facts_nullable_default_bounds_deprecated()
    {
        var config = Objects.Type("GadgetConfig");
        var level = config.Property("level");
        Assert.Equal("0.5", level.Default);
        Assert.Equal(0.0, level.Minimum);
        Assert.Equal(1.0, level.Maximum);
        var speed = config.Property("speed");
        Assert.Equal("1.0", speed.Default);
        Assert.Equal(0.5, speed.Minimum);
        Assert.Equal(2.0, speed.Maximum);
        var count = config.Property("count");
        Assert.Equal("8", count.Default);
        Assert.Equal(1.0, count.Minimum);
        Assert.Equal(64.0, count.Maximum);
        Assert.True(config.Property("schedule").IsNullable);
        Assert.False(config.Property("level").IsNullable);
        Assert.Equal("Deprecated: use `name` instead.", config.Property("legacy_code").Deprecated);
        Assert.Null(config.Property("name").Deprecated);
        Assert.Null(config.Property("name").Minimum);
        Assert.Null(config.Property("mode").Default); // "`eco` will default to `turbo`" is about a value, not the field
        Assert.Null(config.Property("mode").Minimum);
    }

    [Fact]
    public void Inline_object_is_hoisted_with_a_path_name()
    {
        var schedule = Objects.TypeOf(Objects.Type("GadgetConfig").Property("schedule"));
        Assert.Equal("GadgetConfigSchedule", schedule.Name);
        Assert.Equal("GadgetConfig.schedule", schedule.Origin);
        Assert.Equal(new[] { true, false }, schedule.Properties.Select(p => p.IsRequired));
    }

    [Fact]
    public void Expanded_named_reference_and_inline_copy_of_a_named_type_resolve_to_it()
    {
        // `config: optional GadgetConfig` repeats the fields; `previous: optional object { state, config }` is a GadgetStatus:
        // the builder hoists the copy at its own site, the analysis stage maps it onto the page type and lists that.
        Assert.Equal(TypeRef.Named("GadgetConfig"), Objects.Type("GadgetStatus").Property("config").Type);
        Assert.Equal(TypeRef.Named("GadgetSnapshotPrevious"), Objects.Type("GadgetSnapshot").Property("previous").Type);
        var shaped = TestPaths.ShapeFixture("objects.md");
        Assert.Equal(TypeRef.Named("GadgetStatus"), shaped.Schema.Type("GadgetSnapshot").Property("previous").Type);
        Assert.Equal(TypeRef.Named("GadgetStatus"), shaped.Schema.Type("GadgetSnapshot").Property("current").Type);
        Assert.Null(shaped.Schema.FindType("GadgetSnapshotPrevious"));
        Assert.Contains(shaped.Unifications, u => u is { Site: "GadgetSnapshot.previous", To: "GadgetStatus", Kind: Analysis.UnificationKind.EqualToNamed });
        Assert.Single(shaped.Schema.Types, t => t.Name.StartsWith("GadgetConfig", StringComparison.Ordinal) && t.Kind == TypeDeclKind.Object && t.IsNamedOnPage);
    }

    [Fact]
    public void Discriminated_union_of_named_object_variants()
    {
        var shape = Unions.Type("GadgetShape");
        Assert.Equal(TypeDeclKind.Union, shape.Kind);
        Assert.Equal("kind", shape.Discriminator);
        Assert.Null(shape.SubDiscriminator);
        Assert.Equal(new[] { "Circle", "Box" }, shape.Variants.Select(v => v.Type.Name));
        Assert.Equal(new[] { "circle", "box" }, shape.Variants.Select(v => v.DiscriminatorValue));
        Assert.True(Unions.Type("Circle").IsNamedOnPage);
        Assert.Equal(EventDirection.None, shape.EventDirection);
    }

    [Fact]
    public void Shared_discriminator_values_are_told_apart_by_a_sub_discriminator()
    {
        var message = Unions.Type("GadgetMessage");
        Assert.Equal("kind", message.Discriminator);
        Assert.Equal("author", message.SubDiscriminator);
        Assert.Equal(new[] { "message", "message", "call" }, message.Variants.Select(v => v.DiscriminatorValue));
        Assert.Equal(new[] { "owner", "guest", null }, message.Variants.Select(v => v.SubDiscriminatorValue));
    }

    [Fact]
    public void Number_or_literal_is_an_untagged_union()
    {
        var limit = Unions.TypeOf(Unions.Type("GadgetOptions").Property("limit"));
        Assert.Equal("GadgetOptionsLimit", limit.Name);
        Assert.Null(limit.Discriminator);
        Assert.Equal(new[] { TypeRef.Number, TypeRef.StringLiteral("inf") }, limit.Variants.Select(v => v.Type));
        Assert.Equal("\"inf\"", Unions.Type("GadgetOptions").Property("limit").Default);
    }

    [Fact]
    public void String_or_literals_or_object_groups_the_open_enum_into_one_variant()
    {
        var voice = Unions.TypeOf(Unions.Type("GadgetOptions").Property("voice"));
        Assert.Equal(new[] { "GadgetOptionsVoiceEnum", "VoiceRef" }, voice.Variants.Select(v => v.Type.Name));
        var known = Unions.Type("GadgetOptionsVoiceEnum");
        Assert.True(known.IsOpenEnum);
        Assert.Equal(new[] { "low", "high" }, known.MemberValues());
    }

    [Fact]
    public void Literal_alias_or_object()
    {
        var filter = Unions.TypeOf(Unions.Type("GadgetOptions").Property("filter"));
        Assert.Equal(new[] { "Auto", "FilterRule" }, filter.Variants.Select(v => v.Type.Name));
        var auto = Unions.Type("Auto");
        Assert.Equal(TypeDeclKind.Alias, auto.Kind);
        Assert.Equal(TypeRef.StringLiteral("auto"), auto.AliasOf);
    }

    [Fact]
    public void Nested_aliases_inside_a_union_are_named_types()
    {
        var paint = Unions.TypeOf(Unions.Type("GadgetOptions").Property("paint"));
        Assert.Equal("PaintChoice", paint.Name);
        Assert.True(paint.IsNamedOnPage);
        Assert.Equal(new[] { "PaintIds", "UnionMember0", "ID" }, paint.Variants.Select(v => v.Type.Name));
        var ids = Unions.Type("PaintIds");
        Assert.Equal(TypeDeclKind.Enum, ids.Kind);
        Assert.True(ids.IsOpenEnum);
        Assert.Equal(new[] { "red", "blue" }, ids.MemberValues());
        Assert.Equal(TypeRef.String, Unions.Type("UnionMember0").AliasOf);
        Assert.Equal(TypeDeclKind.Object, Unions.Type("ID").Kind);
    }

    [Fact]
    public void Array_of_a_or_b_is_an_array_of_the_union_when_the_children_are_the_elements()
    {
        Assert.Equal(TypeRef.ArrayOf(TypeRef.Named("GadgetOptionsTools")), Unions.Type("GadgetOptions").Property("tools").Type);
        Assert.Equal(new[] { "Circle", "Box" }, Unions.Type("GadgetOptionsTools").Variants.Select(v => v.Type.Name));

        // Shaped, the inline union equal to a named union (GadgetShape) is it.
        Assert.Equal(TypeRef.ArrayOf(TypeRef.Named("GadgetShape")), TestPaths.ShapeFixture("unions.md").Schema.Type("GadgetOptions").Property("tools").Type);
    }

    [Fact]
    public void Array_of_string_or_object_is_a_union_when_the_first_child_is_an_array()
    {
        var names = Unions.TypeOf(Unions.Type("GadgetOptions").Property("names"));
        Assert.Equal(new[] { "NameList", "NamePrefix" }, names.Variants.Select(v => v.Type.Name));
        Assert.Equal(TypeRef.ArrayOf(TypeRef.String), Unions.Type("NameList").AliasOf);
    }

    [Fact]
    public void Map_of_a_union()
    {
        var values = Unions.Type("GadgetOptions").Property("values");
        Assert.Equal(TypeRefKind.Map, values.Type.Kind);
        var union = Unions.TypeOf(values);
        Assert.Equal(new[] { TypeRef.String, TypeRef.Named("Circle"), TypeRef.Named("Box") }, union.Variants.Select(v => v.Type));
    }

    [Fact]
    public void Event_unions_are_flagged_by_direction_with_their_type_strings()
    {
        var client = Unions.Type("GadgetClientEvent");
        Assert.Equal(EventDirection.Client, client.EventDirection);
        Assert.Equal("type", client.Discriminator);
        Assert.Equal(new[] { "gadget.start", "gadget.stop" }, client.Variants.Select(v => v.DiscriminatorValue));
        var server = Unions.Type("GadgetServerEvent");
        Assert.Equal(EventDirection.Server, server.EventDirection);
        Assert.Equal(new[] { "gadget.started", "error" }, server.Variants.Select(v => v.DiscriminatorValue));
        Assert.Equal(new[] { "GadgetClientEvent", "GadgetServerEvent" }, Unions.Types.Where(t => t.EventDirection != EventDirection.None).Select(t => t.Name));
    }

    [Fact]
    public void Endpoint_with_method_path_parameters_body_returns_and_examples()
    {
        var build = Assert.Single(Endpoints.Endpoints, e => e.OperationName == "BuildGadget");
        Assert.Equal("Gadgets/Workshops", build.Resource);
        Assert.Equal("Build gadget", build.Title);
        Assert.Equal(HttpMethodKind.Post, build.Method);
        Assert.Equal("/workshops/{workshop_id}/gadgets", build.Path);
        Assert.Equal(15, build.Line);
        Assert.Equal("Builds a new gadget in a workshop.\n\nIt takes a while.", build.Description);
        Assert.Equal("workshop_id", Assert.Single(build.PathParameters).JsonName);
        var dryRun = Assert.Single(build.QueryParameters);
        Assert.Equal(("dry_run", false, TypeRef.Boolean), (dryRun.JsonName, dryRun.IsRequired, dryRun.Type));
        Assert.Equal(TypeRef.Named("BuildGadgetRequest"), build.RequestBody);
        var body = Endpoints.Type("BuildGadgetRequest");
        Assert.False(body.IsNamedOnPage);
        Assert.Equal(new[] { "name", "parts" }, body.Properties.Select(p => p.JsonName));
        Assert.Equal(TypeRef.ArrayOf(TypeRef.Named("BuildGadgetRequestParts")), body.Property("parts").Type);
        Assert.Equal(TypeRef.Named("Gadget"), build.Response);
        var example = Assert.Single(build.Examples);
        Assert.Equal(53, example.Line);
        Assert.StartsWith("curl https://api.example.test/v1/workshops/", example.Request);
        Assert.Equal("{\n  \"name\": \"spinner\"\n}", example.RequestJson);
        Assert.Equal("{\n  \"id\": \"g_1\",\n  \"name\": \"spinner\"\n}", example.ResponseJson);
        Assert.Equal(65, example.ResponseLine);
    }

    [Fact]
    public void Returned_field_list_equal_to_a_named_type_is_that_type_and_grouped_resources_nest()
    {
        var fetch = Assert.Single(Endpoints.Endpoints, e => e.OperationName == "FetchArchivedGadget");
        Assert.Equal("Gadgets/Archive/Gadgets", fetch.Resource);
        Assert.Equal(HttpMethodKind.Get, fetch.Method);
        Assert.Null(fetch.RequestBody);
        Assert.Equal(TypeRef.Named("FetchArchivedGadgetResponse"), fetch.Response);
        Assert.Equal(TypeRef.Named("Gadget"), TestPaths.ShapeFixture("endpoints.md").Schema.Endpoints.Single(e => e.OperationName == "FetchArchivedGadget").Response);
        var example = Assert.Single(fetch.Examples);
        Assert.Null(example.RequestJson);
        Assert.Null(example.ResponseJson);
    }

    [Fact]
    public void Summary_mismatches_are_warnings_at_their_lines()
    {
        var schema = TestPaths.ParseFixture("mismatch.md");
        Assert.Empty(schema.Errors());
        var warnings = schema.Warnings();
        Assert.Equal(new[] { 7, 11, 23 }, warnings.Select(w => w.Line));
        Assert.All(warnings, w => Assert.Equal(DiagnosticIds.SummaryMismatch, w.Id));
        Assert.Contains("counts 4 fields but 3 are listed", warnings[0].Message);
        Assert.Contains("counts 4 values but 3 are listed", warnings[1].Message);
        Assert.Contains("counts 3 variants but 2 are listed", warnings[2].Message);
        Assert.Equal(4, warnings[0].Column);
    }

    [Fact]
    public void Types_are_in_page_order()
    {
        foreach (var schema in new[] { Objects, Unions, Endpoints })
        {
            Assert.Equal(schema.Types.Select(t => t.Line).OrderBy(l => l), schema.Types.Select(t => t.Line));
        }
    }
}
