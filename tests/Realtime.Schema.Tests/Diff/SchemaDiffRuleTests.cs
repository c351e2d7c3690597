using Realtime.Schema.Diff;
using Realtime.Schema.Model;

namespace Realtime.Schema.Tests.Diff;

/// <summary>One before/after pair per kind of change and classification, on schemas built in code.</summary>
public class SchemaDiffRuleTests
{
    private static readonly TypeDecl Session = S.Object("Session", 10,
        S.Prop("id", TypeRef.String, 11, required: true),
        S.Prop("voice", TypeRef.String, 12));

    private static SchemaChange Single(ApiSchema before, ApiSchema after)
    {
        var diff = SchemaDiff.Compare(before, after);
        return Assert.Single(diff.Changes);
    }

    [Fact]
    public void Same_schema_has_no_changes()
    {
        var schema = S.Schema(Session, S.Enum("Voice", 20, open: true, "alloy", "ash"));
        var diff = SchemaDiff.Compare(schema, schema with { });
        Assert.True(diff.IsEmpty);
        Assert.False(diff.HasBreaking);
    }

    [Fact]
    public void New_optional_property_is_additive_with_its_line()
    {
        var after = Session with { Properties = Session.Properties.Append(S.Prop("speed", TypeRef.Number, 14)).ToEquatableArray() };
        var change = Single(S.Schema(Session), S.Schema(after));
        Assert.Equal((ChangeTarget.Property, ChangeKind.Added, "Session.speed"), (change.Target, change.Kind, change.Path));
        Assert.Equal(ChangeClassification.Additive, change.Classification);
        Assert.Equal("optional number", change.After);
        Assert.Equal((0, 14), (change.BeforeLine, change.AfterLine));
        Assert.Equal("Session", change.Group);
    }

    [Fact]
    public void New_required_property_is_breaking()
    {
        var after = Session with { Properties = Session.Properties.Append(S.Prop("model", TypeRef.String, 14, required: true)).ToEquatableArray() };
        var change = Single(S.Schema(Session), S.Schema(after));
        Assert.Equal(ChangeClassification.Breaking, change.Classification);
        Assert.Contains("initialisers", change.Reason);
    }

    [Fact]
    public void Removed_property_is_breaking_with_its_old_line()
    {
        var after = Session with { Properties = Session.Properties.Take(1).ToEquatableArray() };
        var change = Single(S.Schema(Session), S.Schema(after));
        Assert.Equal((ChangeKind.Removed, "Session.voice", ChangeClassification.Breaking), (change.Kind, change.Path, change.Classification));
        Assert.Equal((12, 0), (change.BeforeLine, change.AfterLine));
    }

    [Fact]
    public void Property_type_change_is_breaking_and_shows_both_types()
    {
        var after = Session with { Properties = EquatableArray.Create(Session.Properties[0], S.Prop("voice", TypeRef.Named("Voice"), 15)) };
        var change = Single(S.Schema(Session), S.Schema(after));
        Assert.Equal((ChangeKind.Changed, "type", "string", "Voice"), (change.Kind, change.Aspect, change.Before, change.After));
        Assert.Equal((12, 15), (change.BeforeLine, change.AfterLine));
        Assert.Equal(ChangeClassification.Breaking, change.Classification);
    }

    [Theory]
    [InlineData(false, true, "initialisers")]
    [InlineData(true, false, "readers")]
    public void Required_flip_is_breaking_for_the_side_it_hurts(bool wasRequired, bool isRequired, string reasonMentions)
    {
        var before = S.Schema(S.Object("T", 1, S.Prop("a", TypeRef.String, 2, required: wasRequired)));
        var after = S.Schema(S.Object("T", 1, S.Prop("a", TypeRef.String, 2, required: isRequired)));
        var change = Single(before, after);
        Assert.Equal(("required", ChangeClassification.Breaking), (change.Aspect, change.Classification));
        Assert.Contains(reasonMentions, change.Reason);
    }

    [Fact]
    public void Nullable_added_is_breaking_for_readers()
    {
        var before = S.Schema(S.Object("T", 1, S.Prop("a", TypeRef.String, 2)));
        var after = S.Schema(S.Object("T", 1, S.Prop("a", TypeRef.String, 2, nullable: true)));
        var change = Single(before, after);
        Assert.Equal(("nullable", "not nullable", "nullable", ChangeClassification.Breaking), (change.Aspect, change.Before, change.After, change.Classification));
        Assert.Contains("readers", change.Reason);
    }

    [Fact]
    public void Closed_enum_gaining_a_value_is_additive_but_warns_about_switches()
    {
        var change = Single(S.Schema(S.Enum("Effort", 1, open: false, "low", "high")), S.Schema(S.Enum("Effort", 1, open: false, "low", "high", "xhigh")));
        Assert.Equal((ChangeTarget.EnumMember, ChangeKind.Added, "Effort[\"xhigh\"]"), (change.Target, change.Kind, change.Path));
        Assert.Equal(ChangeClassification.Additive, change.Classification);
        Assert.Contains("switch", change.Reason);
    }

    [Fact]
    public void Closed_enum_losing_a_value_is_breaking()
    {
        var change = Single(S.Schema(S.Enum("Effort", 1, open: false, "low", "high")), S.Schema(S.Enum("Effort", 1, open: false, "low")));
        Assert.Equal((ChangeKind.Removed, ChangeClassification.Breaking, 3), (change.Kind, change.Classification, change.BeforeLine));
    }

    [Fact]
    public void Open_enum_gaining_a_value_is_additive()
    {
        var change = Single(S.Schema(S.Enum("Model", 1, open: true, "a")), S.Schema(S.Enum("Model", 1, open: true, "a", "b")));
        Assert.Equal((ChangeKind.Added, ChangeClassification.Additive), (change.Kind, change.Classification));
        Assert.Contains("open enum", change.Reason);
    }

    [Fact]
    public void Closing_an_open_enum_is_breaking_and_opening_is_additive()
    {
        var open = S.Schema(S.Enum("Model", 1, open: true, "a"));
        var closed = S.Schema(S.Enum("Model", 1, open: false, "a"));
        Assert.Equal(("open", ChangeClassification.Breaking), (Single(open, closed).Aspect, Single(open, closed).Classification));
        Assert.Equal(ChangeClassification.Additive, Single(closed, open).Classification);
    }

    [Fact]
    public void Variant_added_to_a_union_of_objects_is_additive_and_to_a_value_union_breaking()
    {
        var function = S.Object("FunctionTool", 10, S.Prop("type", TypeRef.StringLiteral("function"), 11, required: true));
        var mcp = S.Object("McpTool", 20, S.Prop("type", TypeRef.StringLiteral("mcp"), 21, required: true));
        var records = SchemaDiff.Compare(
            S.Schema(S.Union("Tool", 1, "type", ("function", "FunctionTool")), function, mcp),
            S.Schema(S.Union("Tool", 1, "type", ("function", "FunctionTool"), ("mcp", "McpTool")), function, mcp));
        var tagged = Assert.Single(records.Changes);
        Assert.Equal((ChangeTarget.UnionVariant, ChangeKind.Added, "Tool[\"mcp\"]", ChangeClassification.Additive), (tagged.Target, tagged.Kind, tagged.Path, tagged.Classification));

        var options = S.Enum("Options", 30, open: false, "auto", "none");
        var valueUnion = new TypeDecl
        {
            Name = "Choice", Kind = TypeDeclKind.Union, IsNamedOnPage = true, Line = 1,
            Variants = EquatableArray.Create(new UnionVariant { Type = TypeRef.Named("Options"), Line = 2 }),
        };
        var grown = valueUnion with { Variants = valueUnion.Variants.Append(new UnionVariant { Type = TypeRef.Named("FunctionTool"), Line = 3 }).ToEquatableArray() };
        var untagged = Assert.Single(SchemaDiff.Compare(S.Schema(valueUnion, options, function), S.Schema(grown, options, function)).Changes);
        Assert.Equal(("Choice[FunctionTool]", ChangeClassification.Breaking), (untagged.Path, untagged.Classification));
        Assert.Contains("Match", untagged.Reason);
    }

    [Fact]
    public void Variant_matched_by_tag_reports_a_type_change_and_removed_variant_is_breaking()
    {
        var before = S.Schema(S.Union("Tool", 1, "type", ("function", "FunctionTool"), ("mcp", "McpTool")));
        var after = S.Schema(S.Union("Tool", 1, "type", ("function", "FunctionToolV2")));
        var diff = SchemaDiff.Compare(before, after);
        Assert.Collection(diff.Changes,
            c => Assert.Equal(("Tool[\"function\"]", ChangeKind.Changed, "type", "FunctionTool", "FunctionToolV2"), (c.Path, c.Kind, c.Aspect, c.Before, c.After)),
            c => Assert.Equal(("Tool[\"mcp\"]", ChangeKind.Removed, ChangeClassification.Breaking), (c.Path, c.Kind, c.Classification)));
    }

    [Fact]
    public void Discriminator_change_is_breaking()
    {
        var change = Single(
            S.Schema(S.Union("Tool", 1, "type", ("function", "FunctionTool"))),
            S.Schema(S.Union("Tool", 1, "kind", ("function", "FunctionTool"))));
        Assert.Equal(("discriminator", "type", "kind", ChangeClassification.Breaking), (change.Aspect, change.Before, change.After, change.Classification));
    }

    [Fact]
    public void Events_are_keyed_by_their_type_string()
    {
        var before = S.Union("ServerEvent", 1, "type", ("session.created", "SessionCreated")) with { EventDirection = EventDirection.Server };
        var after = S.Union("ServerEvent", 1, "type", ("session.created", "SessionCreated"), ("session.closed", "SessionClosed")) with { EventDirection = EventDirection.Server };
        var change = Single(S.Schema(before), S.Schema(after));
        Assert.Equal((ChangeTarget.Event, "ServerEvent[\"session.closed\"]", "\"session.closed\" → SessionClosed"), (change.Target, change.Path, change.After));
        Assert.Equal(ChangeClassification.Additive, change.Classification);
        Assert.Contains("server event", change.Reason);
    }

    [Fact]
    public void Type_added_is_additive_and_type_removed_is_breaking()
    {
        var added = Single(S.Schema(Session), S.Schema(Session, S.Enum("Effort", 30, open: false, "low")));
        Assert.Equal((ChangeTarget.Type, ChangeKind.Added, "Effort", ChangeClassification.Additive, 30), (added.Target, added.Kind, added.Path, added.Classification, added.AfterLine));
        Assert.Equal(new[] { "\"low\"" }, added.Details);

        var removed = Single(S.Schema(Session, S.Enum("Effort", 30, open: false, "low")), S.Schema(Session));
        Assert.Equal((ChangeKind.Removed, ChangeClassification.Breaking), (removed.Kind, removed.Classification));
    }

    [Fact]
    public void Kind_change_is_breaking()
    {
        var change = Single(S.Schema(S.Enum("Voice", 1, open: true, "a")), S.Schema(S.Object("Voice", 1, S.Prop("id", TypeRef.String, 2, required: true))));
        Assert.Equal(("kind", ChangeClassification.Breaking), (change.Aspect, change.Classification));
    }

    [Fact]
    public void Description_only_change_is_informational_and_kept_apart_while_whitespace_is_no_change()
    {
        var before = S.Schema(S.Object("T", 1, S.Prop("a", TypeRef.String, 2, description: "Old words.")));
        var reflowed = S.Schema(S.Object("T", 1, S.Prop("a", TypeRef.String, 5, description: "Old\n  words.  ")));
        Assert.True(SchemaDiff.Compare(before, reflowed).IsEmpty);

        var after = S.Schema(S.Object("T", 1, S.Prop("a", TypeRef.String, 2, description: "New words.")));
        var diff = SchemaDiff.Compare(before, after);
        var change = Assert.Single(diff.DescriptionChanges);
        Assert.Equal((ChangeKind.DescriptionChanged, "description", ChangeClassification.Informational), (change.Kind, change.Aspect, change.Classification));
        Assert.Empty(diff.StructuralChanges);
        Assert.DoesNotContain("words", change.Before + change.After);
    }

    [Fact]
    public void Line_moves_alone_are_no_change()
    {
        var moved = Session with { Line = 400, Properties = Session.Properties.Select(p => p with { Line = p.Line + 390 }).ToEquatableArray() };
        Assert.True(SchemaDiff.Compare(S.Schema(Session), S.Schema(moved)).IsEmpty);
    }

    [Fact]
    public void Inline_enum_that_comes_with_a_new_property_is_folded_into_that_change()
    {
        var transcription = S.Object("Transcription", 1, S.Prop("language", TypeRef.String, 2));
        var delay = S.Enum("TranscriptionDelay", 3, open: false, "low", "high").Inline("Transcription.delay");
        var after = transcription with { Properties = transcription.Properties.Append(S.Prop("delay", TypeRef.Named("TranscriptionDelay"), 3)).ToEquatableArray() };
        var diff = SchemaDiff.Compare(S.Schema(transcription), S.Schema(after, delay));
        var change = Assert.Single(diff.Changes);
        Assert.Equal(("Transcription.delay", ChangeKind.Added, ChangeClassification.Additive), (change.Path, change.Kind, change.Classification));
        Assert.Equal(new[] { "new type TranscriptionDelay: closed enum \"low\" | \"high\"" }, change.Details);
    }

    [Fact]
    public void Member_of_an_inline_enum_is_reported_under_the_owning_page_type_with_its_site()
    {
        var owner = S.Object("Transcription", 1, S.Prop("model", TypeRef.Named("TranscriptionModel"), 2));
        var model = S.Enum("TranscriptionModel", 2, open: true, "whisper-1").Inline("Transcription.model");
        var newer = S.Enum("TranscriptionModel", 2, open: true, "whisper-1", "whisper-2").Inline("Transcription.model");
        var change = Single(S.Schema(owner, model), S.Schema(owner, newer));
        Assert.Equal(("Transcription", "TranscriptionModel[\"whisper-2\"]", "Transcription.model"), (change.Group, change.Path, change.Site));
    }

    [Fact]
    public void Inline_types_of_a_new_page_type_are_implied_by_it()
    {
        var reasoning = S.Object("Reasoning", 1, S.Prop("effort", TypeRef.Named("ReasoningEffort"), 2));
        var effort = S.Enum("ReasoningEffort", 2, open: false, "low").Inline("Reasoning.effort");
        var change = Single(S.Schema(Session), S.Schema(Session, reasoning, effort));
        Assert.Equal(("Reasoning", ChangeKind.Added), (change.Path, change.Kind));
    }

    [Fact]
    public void Renamed_inline_type_at_the_same_path_is_one_rename_plus_its_member_changes()
    {
        var owner = S.Object("Session", 1, S.Prop("audio", TypeRef.Named("SessionAudio"), 2));
        var audio = S.Object("SessionAudio", 2, S.Prop("rate", TypeRef.Integer, 3)).Inline("Session.audio");
        var ownerAfter = S.Object("Session", 1, S.Prop("audio", TypeRef.Named("SessionAudioConfig"), 2));
        var audioAfter = S.Object("SessionAudioConfig", 2, S.Prop("rate", TypeRef.Integer, 3), S.Prop("channels", TypeRef.Integer, 4)).Inline("Session.audio");
        var diff = SchemaDiff.Compare(S.Schema(owner, audio), S.Schema(ownerAfter, audioAfter));
        Assert.Contains(diff.Changes, c => c is { Target: ChangeTarget.Type, Aspect: "name", Before: "SessionAudio", After: "SessionAudioConfig", Classification: ChangeClassification.Breaking });
        Assert.Contains(diff.Changes, c => c is { Path: "SessionAudioConfig.channels", Kind: ChangeKind.Added, Group: "Session", Site: "Session.audio" });
        var typeChange = Assert.Single(diff.Changes, c => c.Path == "Session.audio");
        Assert.Contains("+ channels?: integer", typeChange.Details);
        Assert.Contains("C# type changes", typeChange.Reason);
        Assert.DoesNotContain(diff.Changes, c => c.Kind is ChangeKind.Added or ChangeKind.Removed && c.Target == ChangeTarget.Type);
    }

    [Fact]
    public void Endpoints_are_matched_by_method_and_path()
    {
        var accept = S.Post("/calls/{call_id}/accept", "AcceptCall", 100, TypeRef.Named("Session"), null, S.Prop("call_id", TypeRef.String, 101, required: true));
        var secrets = S.Post("/translations/client_secrets", "CreateTranslationClientSecret", 200, TypeRef.Named("SecretRequest"), TypeRef.Named("SecretResponse"));
        var before = S.Schema(Session).WithEndpoints(accept);
        var after = S.Schema(Session).WithEndpoints(accept with { Line = 150 }, secrets);
        var change = Single(before, after);
        Assert.Equal((ChangeTarget.Endpoint, ChangeKind.Added, "POST /translations/client_secrets", ChangeClassification.Additive), (change.Target, change.Kind, change.Path, change.Classification));
        Assert.Contains("body: SecretRequest", change.Details);

        var removed = Single(after, before);
        Assert.Equal((ChangeKind.Removed, ChangeClassification.Breaking), (removed.Kind, removed.Classification));
    }

    [Fact]
    public void Endpoint_parameter_and_response_changes_are_reported_under_the_endpoint()
    {
        var before = S.Post("/calls/{call_id}/refer", "ReferCall", 10, null, null, S.Prop("call_id", TypeRef.String, 11, required: true));
        var after = before with
        {
            Response = TypeRef.Named("Ack"),
            QueryParameters = EquatableArray.Create(S.Prop("dry_run", TypeRef.Boolean, 12)),
        };
        var diff = SchemaDiff.Compare(S.Schema().WithEndpoints(before), S.Schema().WithEndpoints(after));
        Assert.All(diff.Changes, c => Assert.Equal("POST /calls/{call_id}/refer", c.Group));
        Assert.Contains(diff.Changes, c => c is { Target: ChangeTarget.Parameter, Kind: ChangeKind.Added, Path: "POST /calls/{call_id}/refer query.dry_run", Classification: ChangeClassification.Additive });
        Assert.Contains(diff.Changes, c => c is { Target: ChangeTarget.Endpoint, Aspect: "response", Before: "(none)", After: "Ack", Classification: ChangeClassification.Breaking });
    }

    [Fact]
    public void Changes_come_sorted_and_the_same_every_time()
    {
        var before = S.Schema(Session, S.Enum("Voice", 20, open: false, "a", "b"), S.Union("Tool", 30, "type", ("x", "X")));
        var after = S.Schema(
            S.Object("Session", 10, S.Prop("voice", TypeRef.Named("Voice"), 12), S.Prop("z", TypeRef.String, 13)),
            S.Enum("Voice", 20, open: false, "b", "c"),
            S.Enum("Alpha", 1, open: true, "q"));
        var first = SchemaDiff.Compare(before, after);
        var second = SchemaDiff.Compare(before, after);
        Assert.Equal(first, second);
        var sorted = first.Changes.ToList();
        sorted.Sort(SchemaDiff.Order);
        Assert.Equal(sorted, first.Changes);
        Assert.True(first.Changes.Count >= 6);
    }

    [Fact]
    public void Variants_sharing_a_tag_are_told_apart_by_type()
    {
        var before = S.Union("Item", 1, "type", ("message", "SystemMessage"), ("message", "UserMessage"), ("call", "Call"));
        var after = S.Union("Item", 1, "type", ("message", "SystemMessage"), ("message", "UserMessage"), ("message", "AssistantMessage"), ("call", "Call"));
        var change = Single(S.Schema(before), S.Schema(after));
        Assert.Equal(("Item[\"message\" AssistantMessage]", ChangeKind.Added), (change.Path, change.Kind));
    }

    [Fact]
    public void Description_change_reports_its_size_not_its_text()
    {
        var before = S.Schema(S.Object("T", 1, S.Prop("a", TypeRef.String, 2, description: "one two three")));
        var after = S.Schema(S.Object("T", 1, S.Prop("a", TypeRef.String, 2, description: "one two four five")));
        var change = Single(before, after);
        Assert.Equal(new[] { "+2 words, -1 words" }, change.Details);
        Assert.Contains("description changed (+2 words, -1 words)", DiffMarkdownReport.Headline(change));
    }

    [Fact]
    public void Property_type_change_to_a_same_shaped_type_is_reported_as_a_rename()
    {
        var before = S.Schema(S.Object("Owner", 1, S.Prop("secret", TypeRef.Named("SecretA"), 2)), S.Object("SecretA", 5, S.Prop("value", TypeRef.String, 6, required: true)));
        var after = S.Schema(S.Object("Owner", 1, S.Prop("secret", TypeRef.Named("SecretB"), 2)), S.Object("SecretB", 5, S.Prop("value", TypeRef.String, 6, required: true)));
        var diff = SchemaDiff.Compare(before, after);
        var change = Assert.Single(diff.Changes, c => c.Path == "Owner.secret");
        Assert.Equal(ChangeClassification.Breaking, change.Classification);
        Assert.Contains("renamed (same members)", change.Reason);
        Assert.Equal(("type name", "SecretA", "SecretB"), (change.Aspect, change.Before, change.After));
        Assert.Contains("SecretA and SecretB have the same members", change.Details);
    }

    [Fact]
    public void Variants_sharing_a_tag_are_keyed_by_their_sub_discriminator_when_there_is_one()
    {
        static UnionVariant Message(string role, string type, int line) =>
            new() { Type = TypeRef.Named(type), DiscriminatorValue = "message", SubDiscriminatorValue = role, Line = line };
        var before = new TypeDecl
        {
            Name = "Item", Kind = TypeDeclKind.Union, IsNamedOnPage = true, Line = 1, Discriminator = "type", SubDiscriminator = "role",
            Variants = EquatableArray.Create(Message("system", "SystemMessage", 2), Message("user", "UserMessage", 3)),
        };
        var after = before with { Variants = EquatableArray.Create(Message("system", "SystemMessage", 2), Message("user", "HumanMessage", 3)) };
        var change = Single(S.Schema(before), S.Schema(after));
        Assert.Equal(("Item[\"message\"/\"user\"]", ChangeKind.Changed, "type", "UserMessage", "HumanMessage"), (change.Path, change.Kind, change.Aspect, change.Before, change.After));

        var noSub = after with { SubDiscriminator = null, Variants = after.Variants.Select(v => v with { SubDiscriminatorValue = null }).ToEquatableArray() };
        Assert.Contains(SchemaDiff.Compare(S.Schema(after), S.Schema(noSub)).Changes, c => c is { Aspect: "discriminator", Before: "type/role", After: "type", Classification: ChangeClassification.Breaking });
    }

    [Fact]
    public void Inline_types_of_an_endpoint_body_are_grouped_under_the_endpoint()
    {
        var body = S.Object("CreateThingRequest", 101, S.Prop("options", TypeRef.Named("CreateThingRequestOptions"), 102)).Inline("Things/Create thing body");
        var options = S.Object("CreateThingRequestOptions", 102, S.Prop("fast", TypeRef.Boolean, 103)).Inline("Things/Create thing body.options");
        var grown = options with { Properties = options.Properties.Append(S.Prop("loud", TypeRef.Boolean, 104)).ToEquatableArray() };
        var endpoint = S.Post("/things", "CreateThing", 100, TypeRef.Named("CreateThingRequest"));
        var change = Single(S.Schema(body, options).WithEndpoints(endpoint), S.Schema(body, grown).WithEndpoints(endpoint));
        Assert.Equal(("POST /things", "CreateThingRequestOptions.loud", "Things/Create thing body.options"), (change.Group, change.Path, change.Site));
    }

    [Fact]
    public void Newly_deprecated_property_is_a_structural_informational_change()
    {
        var before = S.Schema(S.Object("T", 1, S.Prop("a", TypeRef.String, 2)));
        var after = S.Schema(S.Object("T", 1, S.Prop("a", TypeRef.String, 2) with { Deprecated = "Use b." }));
        var diff = SchemaDiff.Compare(before, after);
        var change = Assert.Single(diff.StructuralChanges);
        Assert.Equal((ChangeKind.Changed, "deprecated", "not deprecated", "deprecated", ChangeClassification.Informational), (change.Kind, change.Aspect, change.Before, change.After, change.Classification));
        Assert.Contains("[Obsolete]", change.Reason);
        Assert.Empty(diff.DescriptionChanges);
    }
}
