using System.Globalization;
using Realtime.Schema.Model;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Realtime.Schema;

/// <summary>
/// YAML form of the schema (YamlDotNet), for maintainers to read and diff; <see cref="Deserialize"/> loads back a model
/// equal to the one serialised. Type references are written in the page's own notation (<c>array of X</c>,
/// <c>map[string]</c>, <c>"literal"</c>, <c>24000</c>, a type name); defaults and empty lists are omitted.
/// </summary>
public static class SchemaYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithQuotingNecessaryStrings()
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitDefaults | DefaultValuesHandling.OmitEmptyCollections)
        .DisableAliases()
        .Build();

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static string Serialize(ApiSchema schema) => Serializer.Serialize(YamlDtos.From(schema));

    /// <summary>The shaped schema, with the analysis stage's findings and a <c>unifications</c> list (site, kind, from, to, line) for review.</summary>
    public static string Serialize(Analysis.ShapedApi shaped) => Serializer.Serialize(YamlDtos.From(shaped));

    /// <summary>Loads a schema written by <see cref="Serialize"/>. Throws <see cref="FormatException"/> for text that is not such a document.</summary>
    public static ApiSchema Deserialize(string yaml)
    {
        YamlDtos.Schema? dto;
        try
        {
            dto = Deserializer.Deserialize<YamlDtos.Schema?>(yaml);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FormatException($"not a schema YAML document: {e.Message}", e);
        }

        return (dto ?? new YamlDtos.Schema()).ToModel();
    }

    /// <summary>The page's notation for a type reference.</summary>
    internal static string FormatTypeRef(TypeRef type) => type.ToString();

    /// <summary>Reads the notation <see cref="FormatTypeRef"/> writes.</summary>
    internal static TypeRef ParseTypeRef(string text)
    {
        text = text.Trim();
        if (text.StartsWith("array of ", StringComparison.Ordinal)) return TypeRef.ArrayOf(ParseTypeRef(text.Substring("array of ".Length)));
        if (text.StartsWith("map[", StringComparison.Ordinal) && text.EndsWith("]", StringComparison.Ordinal)) return TypeRef.MapOf(ParseTypeRef(text.Substring(4, text.Length - 5)));
        switch (text)
        {
            case "string": return TypeRef.String;
            case "number": return TypeRef.Number;
            case "integer":
            case "int64":
                return TypeRef.Integer;
            case "int32": return TypeRef.Int32;
            case "boolean": return TypeRef.Boolean;
            case "unknown": return TypeRef.Unknown;
            case "true":
            case "false":
                return new TypeRef { Kind = TypeRefKind.Literal, LiteralKind = LiteralKind.Boolean, LiteralJson = text };
        }

        if (text.StartsWith("\"", StringComparison.Ordinal)) return new TypeRef { Kind = TypeRefKind.Literal, LiteralKind = LiteralKind.String, LiteralJson = text };
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return TypeRef.NumberLiteral(text);
        if (text.Length == 0) throw new FormatException("empty type reference");
        return TypeRef.Named(text);
    }
}
