using Realtime.Schema.Analysis;
using Realtime.Schema.Model;

namespace Realtime.Schema.Tests;

public sealed class ExampleEvidenceTests
{
    private static TypeDecl Object(string name, params PropertyDecl[] properties) =>
        new() { Name = name, Kind = TypeDeclKind.Object, IsNamedOnPage = true, Properties = properties.ToEquatableArray() };

    private static PropertyDecl Required(string json, TypeRef type) => new() { JsonName = json, Type = type, IsRequired = true };

    [Fact]
    public void A_required_member_the_page_example_leaves_out_is_optional_with_a_finding_at_the_example()
    {
        var schema = new ApiSchema
        {
            Types = EquatableArray.Create(
                Object("Secret", Required("value", TypeRef.String), Required("expires_at", TypeRef.String)),
                Object("Session", Required("id", TypeRef.String), Required("secret", TypeRef.Named("Secret")), Required("model", TypeRef.String)),
                new TypeDecl { Name = "Sessions", Kind = TypeDeclKind.Alias, IsNamedOnPage = true, AliasOf = TypeRef.ArrayOf(TypeRef.Named("Session")) }),
            Endpoints = EquatableArray.Create(new Endpoint
            {
                Response = TypeRef.Named("Sessions"),
                Examples = EquatableArray.Create(new EndpointExample { Line = 42, ResponseJson = """[{"id":"s","secret":{"value":"v"},"model":"m","extra":[1,"\u0041"]}]""" }),
            }),
        };

        var shaped = ApiShaping.Shape(schema);

        Assert.False(shaped.Schema.Type("Secret").Property("expires_at").IsRequired);
        Assert.True(shaped.Schema.Type("Secret").Property("value").IsRequired);
        Assert.True(shaped.Schema.Type("Session").Property("model").IsRequired);
        var finding = Assert.Single(shaped.Diagnostics, d => d.Id == DiagnosticIds.RequiredAbsentFromExample);
        Assert.Equal(42, finding.Line);
        Assert.Equal(DiagnosticSeverity.Info, finding.Severity);
        Assert.Contains("`Secret.expires_at`", finding.Message);
    }

    [Theory]
    [InlineData("""{"id":"s""")]
    [InlineData("not json")]
    [InlineData("")]
    public void An_example_that_is_not_json_is_evidence_of_nothing(string json)
    {
        var schema = new ApiSchema
        {
            Types = EquatableArray.Create(Object("Session", Required("id", TypeRef.String), Required("model", TypeRef.String))),
            Endpoints = EquatableArray.Create(new Endpoint { Response = TypeRef.Named("Session"), Examples = EquatableArray.Create(new EndpointExample { Line = 7, ResponseJson = json }) }),
        };

        var shaped = ApiShaping.Shape(schema);

        Assert.True(shaped.Schema.Type("Session").Property("model").IsRequired);
        Assert.DoesNotContain(shaped.Diagnostics, d => d.Id == DiagnosticIds.RequiredAbsentFromExample);
    }
}
