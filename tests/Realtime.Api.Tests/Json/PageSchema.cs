using System.Reflection;
using System.Text;
using System.Text.Json;
using Realtime.Schema;
using Realtime.Schema.Model;

namespace Realtime.Api.Tests.Json;

/// <summary>The real page's schema as the generator emits it (parsed and shaped; read from ../shared at test time) and helpers to reach the generated types by name.</summary>
public static class PageSchema
{
    private static readonly Lazy<ApiSchema> Parsed = new(() => Realtime.Schema.Analysis.ApiShaping.Shape(SchemaParser.Parse(File.ReadAllText(DocsPath), DocsPath)).Schema);

    public static ApiSchema Schema => Parsed.Value;

    public static string DocsPath => Environment.GetEnvironmentVariable("REALTIME_DOCS_PATH") is { Length: > 0 } path
        ? path
        : typeof(PageSchema).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RealtimeDocsPath").Value!;

    public static TypeDecl Decl(string name) => Schema.Types.First(t => t.Name == name);

    public static Type GeneratedType(string name) =>
        typeof(RealtimeJson).Assembly.GetType("Realtime.Api." + name) ?? throw new InvalidOperationException($"no generated type {name}");

    private static readonly MethodInfo DeserializeString = typeof(RealtimeJson).GetMethods()
        .Single(m => m.Name == "Deserialize" && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(string));

    private static readonly MethodInfo SerializeString = typeof(RealtimeJson).GetMethods()
        .Single(m => m.Name == "Serialize" && m.GetParameters().Length == 1);

    /// <summary>Reads <paramref name="json"/> as the generated type <paramref name="name"/> and writes it back.</summary>
    public static (object Value, string Json) RoundTrip(string name, string json)
    {
        var type = GeneratedType(name);
        try
        {
            var value = DeserializeString.MakeGenericMethod(type).Invoke(null, [json])!;
            var written = (string)SerializeString.MakeGenericMethod(type).Invoke(null, [value])!;
            return (value, written);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    /// <summary>
    /// Whether a JSON value has the shape the page declares (value kinds, object members, array elements; any
    /// string for an enum, any member set for extension data, null anywhere a property may be absent).
    /// Returns the JSON path of the first disagreement, or null.
    /// </summary>
    public static string? Disagreement(JsonElement value, TypeRef type, string path = "$")
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        bool Is(JsonValueKind kind) => value.ValueKind == kind;
        switch (type.Kind)
        {
            case TypeRefKind.String:
                return Is(JsonValueKind.String) ? null : path;
            case TypeRefKind.Number:
                return Is(JsonValueKind.Number) ? null : path;
            case TypeRefKind.Integer:
                return Is(JsonValueKind.Number) && Math.Floor(value.GetDouble()) == value.GetDouble() ? null : path;
            case TypeRefKind.Boolean:
                return Is(JsonValueKind.True) || Is(JsonValueKind.False) ? null : path;
            case TypeRefKind.Literal:
                return type.LiteralKind switch
                {
                    LiteralKind.String => Is(JsonValueKind.String) && JsonSerializer.Serialize(value.GetString()) == type.LiteralJson ? null : path,
                    LiteralKind.Number => Is(JsonValueKind.Number) ? null : path,
                    _ => Is(JsonValueKind.True) || Is(JsonValueKind.False) ? null : path,
                };
            case TypeRefKind.Array:
                return !Is(JsonValueKind.Array) ? path
                    : value.EnumerateArray().Select((e, i) => Disagreement(e, type.Element!, $"{path}[{i}]")).FirstOrDefault(d => d is not null);
            case TypeRefKind.Map:
                return !Is(JsonValueKind.Object) ? path
                    : value.EnumerateObject().Select(p => Disagreement(p.Value, type.Element!, $"{path}.{p.Name}")).FirstOrDefault(d => d is not null);
            case TypeRefKind.Named when Schema.Types.FirstOrDefault(t => t.Name == type.Name) is { } decl:
                switch (decl.Kind)
                {
                    case TypeDeclKind.Alias:
                        return Disagreement(value, decl.AliasOf!, path);
                    case TypeDeclKind.Enum:
                        return Is(JsonValueKind.String) || Is(JsonValueKind.Number) ? null : path;
                    case TypeDeclKind.Union:
                        var results = decl.Variants.Select(v => Disagreement(value, v.Type, path)).ToList();
                        // An object union keeps an object of any shape as its unknown variant.
                        return results.Any(r => r is null) || Is(JsonValueKind.Object) ? null : results[0];
                    default:
                        if (!Is(JsonValueKind.Object))
                        {
                            return path;
                        }

                        foreach (var member in value.EnumerateObject())
                        {
                            if (decl.Properties.FirstOrDefault(p => p.JsonName == member.Name) is not { } property)
                            {
                                continue;
                            }

                            // A required member the page does not allow to be null (the typed reader refuses it).
                            if (member.Value.ValueKind == JsonValueKind.Null && property is { IsRequired: true, IsNullable: false, Deprecated: null })
                            {
                                return $"{path}.{member.Name}";
                            }

                            if (Disagreement(member.Value, property.Type, $"{path}.{member.Name}") is { } inner)
                            {
                                return inner;
                            }
                        }

                        // A required member missing (the typed reader refuses the object).
                        return decl.Properties
                            .Where(p => p is { IsRequired: true, Deprecated: null } && !value.TryGetProperty(p.JsonName, out _))
                            .Select(p => $"{path}.{p.JsonName} (missing)")
                            .FirstOrDefault();
                }

            default:
                return null;
        }
    }

    /// <summary>A JSON value for a type of the page with every property filled (see <see cref="SchemaSamples"/>).</summary>
    public static string Sample(TypeRef type) => SchemaSamples.Sample(Schema, type);
}
