using Realtime.Schema.Model;

namespace Realtime.Schema.Tests;

public class YamlTests
{
    [Theory]
    [InlineData("after")]
    [InlineData("before")]
    public void Real_page_round_trips_to_an_equal_model(string page)
    {
        var schema = RealPages.Schema(page);
        var yaml = SchemaYaml.Serialize(schema);
        var loaded = SchemaYaml.Deserialize(yaml);
        Assert.Equal(schema, loaded);
        Assert.Equal(schema.GetHashCode(), loaded.GetHashCode());
        Assert.Equal(yaml, SchemaYaml.Serialize(loaded));
    }

    [Theory]
    [InlineData("objects.md")]
    [InlineData("unions.md")]
    [InlineData("endpoints.md")]
    [InlineData("mismatch.md")]
    public void Fixtures_round_trip(string fixture)
    {
        var schema = TestPaths.ParseFixture(fixture);
        Assert.Equal(schema, SchemaYaml.Deserialize(SchemaYaml.Serialize(schema)));
    }

    [Fact]
    public void Yaml_is_readable_page_notation()
    {
        var yaml = SchemaYaml.Serialize(TestPaths.ParseFixture("endpoints.md"));
        Assert.Contains("- name: Gadget\n  kind: Object\n", yaml.Replace("\r\n", "\n"));
        Assert.Contains("type: array of BuildGadgetRequestParts", yaml);
        Assert.Contains("method: Get", yaml);
        Assert.Contains("path: /workshops/{workshop_id}/gadgets", yaml);
    }

    [Fact]
    public void Edge_values_survive_a_round_trip()
    {
        var schema = new ApiSchema
        {
            Title = "true",
            Types = EquatableArray.Create(new TypeDecl
            {
                Name = "Odd",
                Kind = TypeDeclKind.Object,
                Description = "line one\n\n  indented: yes # not a comment\n'quotes' \"double\"",
                Properties = EquatableArray.Create(
                    new PropertyDecl { JsonName = "null", Type = TypeRef.StringLiteral("null"), Default = "null", Minimum = 0.25, Maximum = -1e-7, IsNullable = true },
                    new PropertyDecl { JsonName = "n", Type = TypeRef.ArrayOf(TypeRef.MapOf(TypeRef.NumberLiteral("-1.5"))), Default = "\"inf\"" },
                    new PropertyDecl { JsonName = "b", Type = new TypeRef { Kind = TypeRefKind.Literal, LiteralKind = LiteralKind.Boolean, LiteralJson = "true" } }),
            }),
            Diagnostics = EquatableArray.Create(new SchemaDiagnostic { Id = "RTCG003", Severity = DiagnosticSeverity.Warning, Line = 3, Column = 1, Message = "a: b" }),
        };
        Assert.Equal(schema, SchemaYaml.Deserialize(SchemaYaml.Serialize(schema)));
    }

    [Fact]
    public void Text_that_is_not_a_schema_document_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => SchemaYaml.Deserialize("types: [ {name: x, kind: Sideways} ]"));
        Assert.Equal(new ApiSchema(), SchemaYaml.Deserialize(""));
    }
}
