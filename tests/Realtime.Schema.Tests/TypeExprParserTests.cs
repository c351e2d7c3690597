using Realtime.Schema.Model;
using Realtime.Schema.Syntax;

namespace Realtime.Schema.Tests;

/// <summary>One test per form of the summary grammar, including the odd ones found on the real page.</summary>
public class TypeExprParserTests
{
    private static DeclSyntax Parse(string code)
    {
        var syntax = TypeExprParser.ParseDeclaration(code);
        Assert.True(syntax.Form != DeclForm.Invalid, $"`{code}` did not parse: {syntax.Error}");
        return syntax;
    }

    private static TypeExpr Property(string code, string name, bool optional)
    {
        var syntax = Parse(code);
        Assert.Equal(DeclForm.Property, syntax.Form);
        Assert.Equal(name, syntax.Name);
        Assert.Equal(optional, syntax.IsOptional);
        return syntax.Type;
    }

    [Theory]
    [InlineData("string", "String")]
    [InlineData("number", "Number")]
    [InlineData("integer", "Integer")]
    [InlineData("boolean", "Boolean")]
    [InlineData("unknown", "Unknown")]
    public void Primitive_property(string primitive, string kind)
    {
        var type = Property($"value: {primitive}", "value", optional: false);
        Assert.Equal(Enum.Parse<PrimitiveKind>(kind), Assert.IsType<PrimitiveExpr>(type).Kind);
    }

    [Fact]
    public void Optional_marks_the_property_not_the_type()
    {
        var type = Property("language: optional string", "language", optional: true);
        Assert.Equal(PrimitiveKind.String, Assert.IsType<PrimitiveExpr>(type).Kind);
    }

    [Fact]
    public void String_literal_is_a_single_value()
    {
        var literal = Assert.IsType<LiteralExpr>(Property("type: \"session.update\"", "type", optional: false));
        Assert.Equal("session.update", literal.Value);
        Assert.Equal(LiteralKind.String, literal.Kind);
        Assert.Equal("\"session.update\"", literal.Json);
    }

    [Fact]
    public void Numeric_literal_as_in_optional_24000()
    {
        var literal = Assert.IsType<LiteralExpr>(Property("rate: optional 24000", "rate", optional: true));
        Assert.Equal("24000", literal.Value);
        Assert.Equal(LiteralKind.Number, literal.Kind);
    }

    [Fact]
    public void Bare_literal_member_item()
    {
        var syntax = Parse("\"gpt-4o-transcribe\"");
        Assert.Equal(DeclForm.Bare, syntax.Form);
        Assert.Equal("gpt-4o-transcribe", Assert.IsType<LiteralExpr>(syntax.Type).Value);
        Assert.Equal("24000", Assert.IsType<LiteralExpr>(Parse("24000").Type).Value);
    }

    [Fact]
    public void Array_of_primitive()
    {
        var array = Assert.IsType<ArrayExpr>(Property("tags: optional array of string", "tags", optional: true));
        Assert.IsType<PrimitiveExpr>(array.Element);
    }

    [Fact]
    public void Map_of_string()
    {
        var map = Assert.IsType<MapExpr>(Property("labels: optional map[string]", "labels", optional: true));
        Assert.Equal(PrimitiveKind.String, Assert.IsType<PrimitiveExpr>(map.Value).Kind);
    }

    [Fact]
    public void Map_of_a_union()
    {
        var map = Assert.IsType<MapExpr>(Property("variables: optional map[string or InputText or InputImage]", "variables", optional: true));
        var union = Assert.IsType<UnionExpr>(map.Value);
        Assert.Equal(new[] { "string", "InputText", "InputImage" }, union.Terms.Select(t => t.ToString()));
    }

    [Fact]
    public void Object_summary_with_more_count()
    {
        var obj = Assert.IsType<ObjectExpr>(Property("session: object { id, object, type, 13 more }", "session", optional: false));
        Assert.Equal(new[] { "id", "object", "type" }, obj.Fields);
        Assert.Equal(13, obj.MoreCount);
        Assert.True(obj.HasFieldList);
    }

    [Fact]
    public void Object_summary_without_more()
    {
        var obj = Assert.IsType<ObjectExpr>(Property("expires_after: optional object { anchor, seconds }", "expires_after", optional: true));
        Assert.Equal(new[] { "anchor", "seconds" }, obj.Fields);
        Assert.Equal(0, obj.MoreCount);
    }

    [Fact]
    public void Named_reference()
    {
        Assert.Equal("RealtimeAudioFormats", Assert.IsType<NamedExpr>(Property("format: optional RealtimeAudioFormats", "format", optional: true)).Name);
    }

    [Fact]
    public void Union_with_more_count()
    {
        var union = Assert.IsType<UnionExpr>(Parse("A or B or C or 8 more").Type);
        Assert.Equal(3, union.Terms.Count);
        Assert.Equal(8, union.MoreCount);
    }

    [Fact]
    public void Closed_literal_set()
    {
        var union = Assert.IsType<UnionExpr>(Property("delay: optional \"minimal\" or \"low\" or \"medium\" or 2 more", "delay", optional: true));
        Assert.All(union.Terms, t => Assert.IsType<LiteralExpr>(t));
        Assert.Equal(2, union.MoreCount);
    }

    [Fact]
    public void Open_literal_set()
    {
        var union = Assert.IsType<UnionExpr>(Property("model: optional string or \"whisper-1\" or \"other\" or 3 more", "model", optional: true));
        Assert.IsType<PrimitiveExpr>(union.Terms[0]);
        Assert.Equal(3, union.MoreCount);
    }

    [Fact]
    public void More_count_in_the_middle_of_a_union()
    {
        var union = Assert.IsType<UnionExpr>(Property("voice: optional string or \"alloy\" or \"ash\" or 7 more or object { id }", "voice", optional: true));
        Assert.Equal(4, union.Terms.Count);
        Assert.Equal(7, union.MoreCount);
        Assert.IsType<ObjectExpr>(union.Terms[3]);
    }

    [Fact]
    public void Number_or_inf()
    {
        var union = Assert.IsType<UnionExpr>(Property("max_output_tokens: optional number or \"inf\"", "max_output_tokens", optional: true));
        Assert.IsType<PrimitiveExpr>(union.Terms[0]);
        Assert.Equal("inf", Assert.IsType<LiteralExpr>(union.Terms[1]).Value);
    }

    [Fact]
    public void Literal_or_object()
    {
        var union = Assert.IsType<UnionExpr>(Property("tracing: optional \"auto\" or object { group_id, metadata, workflow_name }", "tracing", optional: true));
        Assert.IsType<LiteralExpr>(union.Terms[0]);
        Assert.Equal(3, Assert.IsType<ObjectExpr>(union.Terms[1]).Fields.Count);
    }

    [Fact]
    public void Array_of_binds_tighter_than_or_in_the_summary()
    {
        // The builder regroups with the children; the parser reads what is written.
        var union = Assert.IsType<UnionExpr>(Property("allowed_tools: optional array of string or object { read_only, tool_names }", "allowed_tools", optional: true));
        Assert.IsType<ArrayExpr>(union.Terms[0]);
        Assert.IsType<ObjectExpr>(union.Terms[1]);
    }

    [Fact]
    public void Alias_of_a_union()
    {
        var syntax = Parse("RealtimeClientEvent = ConversationItemCreateEvent or ConversationItemDeleteEvent or 9 more");
        Assert.Equal(DeclForm.Alias, syntax.Form);
        Assert.Equal("RealtimeClientEvent", syntax.Name);
        Assert.Equal(9, Assert.IsType<UnionExpr>(syntax.Type).MoreCount);
    }

    [Fact]
    public void Nested_alias_of_an_open_literal_set()
    {
        var syntax = Parse("VoiceIDsShared = string or \"alloy\" or \"ash\" or 7 more");
        Assert.Equal(DeclForm.Alias, syntax.Form);
        Assert.Equal("VoiceIDsShared", syntax.Name);
        Assert.IsType<UnionExpr>(syntax.Type);
    }

    [Fact]
    public void Alias_of_a_primitive_and_of_a_literal()
    {
        Assert.IsType<PrimitiveExpr>(Parse("UnionMember0 = string").Type);
        Assert.Equal("auto", Assert.IsType<LiteralExpr>(Parse("Auto = \"auto\"").Type).Value);
        Assert.IsType<ArrayExpr>(Parse("McpAllowedTools = array of string").Type);
    }

    [Fact]
    public void Alias_of_an_object()
    {
        var syntax = Parse("ID = object { id }");
        Assert.Equal(DeclForm.Alias, syntax.Form);
        Assert.Equal(new[] { "id" }, Assert.IsType<ObjectExpr>(syntax.Type).Fields);
    }

    [Fact]
    public void Named_object_variant()
    {
        var syntax = Parse("ConversationItemRetrieved object { event_id, item, type }");
        Assert.Equal(DeclForm.NamedObject, syntax.Form);
        Assert.Equal("ConversationItemRetrieved", syntax.Name);
        Assert.Equal(3, Assert.IsType<ObjectExpr>(syntax.Type).Fields.Count);
        Assert.Equal("ID", Parse("ID object { id }").Name);
    }

    [Fact]
    public void Union_of_objects()
    {
        var union = Assert.IsType<UnionExpr>(Parse("object { rate, type } or object { type } or object { type }").Type);
        Assert.Equal(3, union.Terms.Count);
        Assert.All(union.Terms, t => Assert.IsType<ObjectExpr>(t));
    }

    [Theory]
    [InlineData("value: array string", 13)]
    [InlineData("value: object { a, b", 20)]
    [InlineData("value: map[string", 17)]
    [InlineData("value: \"unterminated", 20)]
    [InlineData("value: string or", 16)]
    [InlineData("value: string string", 14)]
    [InlineData("value: optional", 15)]
    [InlineData("value: %weird", 7)]
    [InlineData("", 0)]
    public void Unrecognised_forms_are_reported_with_their_offset(string code, int offset)
    {
        var syntax = TypeExprParser.ParseDeclaration(code);
        Assert.Equal(DeclForm.Invalid, syntax.Form);
        Assert.False(string.IsNullOrEmpty(syntax.Error));
        Assert.Equal(offset, syntax.ErrorOffset);
    }
}
