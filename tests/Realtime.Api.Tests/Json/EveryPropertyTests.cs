using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Schema.Model;

namespace Realtime.Api.Tests.Json;

/// <summary>
/// Properties across the whole page, not one example: every property the page says can be <c>null</c> keeps
/// absent / null / value apart, and every object keeps members the page does not define.
/// </summary>
public sealed class EveryPropertyTests
{
    // One entry per (type, property) the page marks nullable; emitted types only (the first declaration of a name).
    public static IEnumerable<object[]> NullableProperties() => ObjectTypes()
        .SelectMany(t => t.Properties.Where(p => p.IsNullable && !p.IsRequired).Select(p => new object[] { t.Name, p.JsonName }));

    public static IEnumerable<object[]> ObjectTypeNames() => ObjectTypes().Select(t => new object[] { t.Name });

    private static IEnumerable<TypeDecl> ObjectTypes() => PageSchema.Schema.Types
        .Where(t => t.Kind == TypeDeclKind.Object)
        .DistinctBy(t => t.Name);

    [Fact]
    public void The_page_has_nullable_properties_beyond_turn_detection()
    {
        var names = NullableProperties().Select(x => (string)x[1]).Distinct().ToList();
        Assert.Contains("turn_detection", names);
        Assert.Contains("transcription", names);
        Assert.True(names.Count >= 5, "nullable properties: " + string.Join(", ", names));
    }

    [Theory]
    [MemberData(nameof(NullableProperties))]
    public void Every_nullable_property_round_trips_absent_null_and_value_distinctly(string typeName, string jsonName)
    {
        var full = JsonNode.Parse(PageSchema.Sample(TypeRef.Named(typeName)))!.AsObject();
        Assert.True(full.ContainsKey(jsonName), $"the sample of {typeName} has no {jsonName}");

        var absent = full.DeepClone().AsObject();
        absent.Remove(jsonName);
        var explicitNull = full.DeepClone().AsObject();
        explicitNull[jsonName] = null;

        foreach (var (json, expected) in new[] { (absent.ToJsonString(), "absent"), (explicitNull.ToJsonString(), "null"), (full.ToJsonString(), "value") })
        {
            var (value, written) = PageSchema.RoundTrip(typeName, json);
            Assert.Equal(expected, OptionalState(value, jsonName));
            JsonAssert.Equivalent(json, written);
        }
    }

    [Theory]
    [MemberData(nameof(ObjectTypeNames))]
    public void Every_object_keeps_members_the_page_does_not_define_and_writes_them_back(string typeName)
    {
        var json = JsonNode.Parse(PageSchema.Sample(TypeRef.Named(typeName)))!.AsObject();
        json["x_added_by_server"] = JsonNode.Parse("""{"list":[1,null,"two",{"deep":true}],"n":1.5}""");
        json["x_flag"] = false;
        var input = json.ToJsonString();

        var (value, written) = PageSchema.RoundTrip(typeName, input);

        JsonAssert.Equivalent(input, written);
        var extension = value.GetType().GetProperties()
            .Single(p => p.Name.StartsWith("ExtensionData", StringComparison.Ordinal) && p.PropertyType == typeof(JsonExtensionData))
            .GetValue(value) as JsonExtensionData;
        Assert.NotNull(extension);
        Assert.Equal(["x_added_by_server", "x_flag"], extension.Select(m => m.Name));
    }

    /// <summary>absent / null / value of the <c>Optional&lt;T&gt;</c> property of <paramref name="jsonName"/>.</summary>
    private static string OptionalState(object value, string jsonName)
    {
        var property = value.GetType().GetProperty(PascalCase(jsonName))
            ?? throw new InvalidOperationException($"{value.GetType().Name} has no property for {jsonName}");
        Assert.True(property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Optional<>),
            $"{value.GetType().Name}.{property.Name} is {property.PropertyType}, not Optional<T>");
        var optional = property.GetValue(value)!;
        bool Flag(string name) => (bool)optional.GetType().GetProperty(name)!.GetValue(optional)!;
        return Flag("HasValue") ? "value" : Flag("IsNull") ? "null" : Flag("IsSet") ? "?" : "absent";
    }

    private static string PascalCase(string jsonName) =>
        string.Concat(jsonName.Split('_', '-', '.').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
