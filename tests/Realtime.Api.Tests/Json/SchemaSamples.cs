using System.Text;
using System.Text.Json;
using Realtime.Schema.Model;

namespace Realtime.Api.Tests.Json;

/// <summary>
/// Sample JSON for the types of a schema. Used by the JSON tests and, linked, by the packaging test (whose throwaway
/// consumer reads one sample of every server event of the page).
/// </summary>
public static class SchemaSamples
{
    /// <summary>
    /// A JSON value for a type of the page with every property filled (strings are valid base64, so base64 fields
    /// read too; enums take their first member; unions their first variant). Depth-limited for recursive shapes.
    /// </summary>
    public static string Sample(ApiSchema schema, TypeRef type)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteSample(writer, schema, type, 0);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteSample(Utf8JsonWriter w, ApiSchema schema, TypeRef type, int depth)
    {
        switch (type.Kind)
        {
            case TypeRefKind.String:
                w.WriteStringValue("AAECAw==");
                break;
            case TypeRefKind.Number:
                w.WriteNumberValue(0.5);
                break;
            case TypeRefKind.Integer:
                w.WriteNumberValue(7);
                break;
            case TypeRefKind.Boolean:
                w.WriteBooleanValue(true);
                break;
            case TypeRefKind.Literal:
                w.WriteRawValue(type.LiteralJson!);
                break;
            case TypeRefKind.Array:
                w.WriteStartArray();
                if (depth < 8)
                {
                    WriteSample(w, schema, type.Element!, depth + 1);
                }

                w.WriteEndArray();
                break;
            case TypeRefKind.Map:
                w.WriteStartObject();
                if (depth < 8)
                {
                    w.WritePropertyName("key");
                    WriteSample(w, schema, type.Element!, depth + 1);
                }

                w.WriteEndObject();
                break;
            case TypeRefKind.Named when schema.Types.FirstOrDefault(t => t.Name == type.Name) is { } decl:
                WriteDecl(w, schema, decl, depth);
                break;
            default:
                w.WriteStartObject();
                w.WriteString("any", "json");
                w.WriteEndObject();
                break;
        }
    }

    private static void WriteDecl(Utf8JsonWriter w, ApiSchema schema, TypeDecl decl, int depth)
    {
        switch (decl.Kind)
        {
            case TypeDeclKind.Enum:
                var first = decl.Members[0].Value;
                if (decl.EnumValueKind == LiteralKind.String)
                {
                    w.WriteStringValue(first);
                }
                else
                {
                    w.WriteRawValue(first);
                }

                break;
            case TypeDeclKind.Alias:
                WriteSample(w, schema, decl.AliasOf!, depth + 1);
                break;
            case TypeDeclKind.Union:
                WriteSample(w, schema, decl.Variants[0].Type, depth + 1);
                break;
            default:
                w.WriteStartObject();
                foreach (var property in decl.Properties.Where(p => p.IsRequired || depth < 6))
                {
                    w.WritePropertyName(property.JsonName);
                    WriteSample(w, schema, property.Type, depth + 1);
                }

                w.WriteEndObject();
                break;
        }
    }
}
