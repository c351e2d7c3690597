using Realtime.Schema.Model;

namespace Realtime.Schema.Tests;

public class ModelEqualityTests
{
    [Fact]
    public void Parsing_the_same_text_twice_gives_equal_models_with_equal_hashes()
    {
        var text = RealPages.AfterMarkdown;
        var first = SchemaParser.Parse(text);
        var second = SchemaParser.Parse(new string(text.AsSpan()));
        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.Equal(first.Types[10].GetHashCode(), second.Types[10].GetHashCode());
    }

    [Fact]
    public void A_one_word_change_in_a_description_changes_equality_and_the_type_it_touches_only()
    {
        var text = TestPaths.ReadFixture("objects.md");
        var before = SchemaParser.Parse(text);
        var after = SchemaParser.Parse(text.Replace("Free-form labels.", "Free-form tags."));
        Assert.NotEqual(before, after);
        var changed = before.Types.Zip(after.Types, (b, a) => (b, a)).Where(p => !p.b.Equals(p.a)).Select(p => p.b.Name).ToArray();
        Assert.Equal(new[] { "GadgetConfig" }, changed);
    }

    [Fact]
    public void Equatable_array_compares_by_value_and_hashes_by_content()
    {
        var a = EquatableArray.Create("x", "y");
        var b = new[] { "x", "y" }.ToEquatableArray();
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, EquatableArray.Create("y", "x"));
        Assert.Equal(EquatableArray<string>.Empty, new EquatableArray<string>(Array.Empty<string>()));
        Assert.Equal(default(EquatableArray<string>), EquatableArray<string>.Empty);
    }

    [Fact]
    public void Type_refs_compare_structurally()
    {
        Assert.Equal(TypeRef.ArrayOf(TypeRef.Named("A")), TypeRef.ArrayOf(TypeRef.Named("A")));
        Assert.NotEqual(TypeRef.ArrayOf(TypeRef.Named("A")), TypeRef.MapOf(TypeRef.Named("A")));
        Assert.Equal(TypeRef.StringLiteral("a\"b"), new TypeRef { Kind = TypeRefKind.Literal, LiteralKind = LiteralKind.String, LiteralJson = "\"a\\\"b\"" });
        Assert.Equal("array of map[string]", TypeRef.ArrayOf(TypeRef.MapOf(TypeRef.String)).ToString());
    }
}
