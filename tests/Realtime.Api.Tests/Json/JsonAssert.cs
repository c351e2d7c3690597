using System.Text.Json;

namespace Realtime.Api.Tests.Json;

/// <summary>Semantic JSON equality: property order aside, numbers by value.</summary>
public static class JsonAssert
{
    public static void Equivalent(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        var difference = Difference(e.RootElement, a.RootElement, "$");
        Assert.True(difference is null, $"JSON differs at {difference}\nexpected: {expected}\nactual:   {actual}");
    }

    /// <summary>The path of the first difference, or null when equal.</summary>
    public static string? Difference(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path} ({expected.ValueKind} vs {actual.ValueKind})";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedProperties = expected.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                var actualProperties = actual.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                foreach (var name in expectedProperties.Keys.Union(actualProperties.Keys))
                {
                    if (!expectedProperties.TryGetValue(name, out var ev) || !actualProperties.TryGetValue(name, out var av))
                    {
                        return $"{path}.{name} (present on one side only)";
                    }

                    if (Difference(ev, av, $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var ea = expected.EnumerateArray().ToList();
                var aa = actual.EnumerateArray().ToList();
                if (ea.Count != aa.Count)
                {
                    return $"{path} (array length {ea.Count} vs {aa.Count})";
                }

                for (var i = 0; i < ea.Count; i++)
                {
                    if (Difference(ea[i], aa[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Number:
                return expected.GetDouble() == actual.GetDouble() ? null : $"{path} ({expected} vs {actual})";
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path} (\"{expected.GetString()}\" vs \"{actual.GetString()}\")";
            default:
                return null;
        }
    }
}
