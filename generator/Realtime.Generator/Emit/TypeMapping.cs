using System.Text.RegularExpressions;
using Realtime.Schema.Model;

namespace Realtime.Generator.Emit;

/// <summary>TypeRef → C# type text, read expression and write statement, for one emitted type's references.</summary>
internal sealed class TypeMapping
{
    public const string Rt = "global::Realtime.Api.JsonRuntime";
    public const string Reader = "global::System.Text.Json.Utf8JsonReader";
    public const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    public const string Token = "global::System.Text.Json.JsonTokenType";
    public const string Element = "global::System.Text.Json.JsonElement";
    public const string ExtensionData = "global::Realtime.Api.JsonExtensionData";
    public const string Base64 = "global::Realtime.Api.Base64Data";
    public const string JsonModel = "global::Realtime.Api.IRealtimeJsonModel";
    public const string Connection = "global::Realtime.Api.RealtimeConnection";
    public const string ServerEventUnion = "global::Realtime.Api.IRealtimeServerEventUnion";
    public const string MalformedEvent = "global::Realtime.Api.IMalformedRealtimeEvent";
    public const string MalformedReason = "global::Realtime.Api.MalformedMessageReason";
    public const string MalformedMessage = "global::Realtime.Api.MalformedMessage";
    public const string Presence = "global::Realtime.Api.WirePresence";
    public const string ContentEquality = "global::Realtime.Api.ContentEquality";

    private static readonly Regex Base64Audio = new(@"base64[- ]?encoded[^.]*\baudio|audio[^.]*base64", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly Dictionary<string, TypeFacts> _facts;
    private readonly string _ns;

    public TypeMapping(TypeEmitModel model, EmitOptions options)
    {
        _facts = model.Referenced.ToDictionary(f => f.Name, StringComparer.Ordinal);
        _ns = "global::" + options.Namespace;
    }

    /// <summary>A string property the page describes as base64-encoded audio: read and written as <c>Base64Data</c>.</summary>
    public static bool IsBase64Audio(PropertyDecl property) =>
        property.Type.Kind == TypeRefKind.String && property.Description is { } d && Base64Audio.IsMatch(d);

    /// <summary>
    /// A property the flat fast path reads (<c>FlatJsonReader</c>): a string, number, integer or boolean, a string
    /// literal, or base64 audio (not as <c>Optional</c>). An object of such members only gets <c>TryReadFlat</c>.
    /// </summary>
    public static bool IsFlatMember(PropertyDecl property) => property.Type.Kind switch
    {
        TypeRefKind.String => !(IsBase64Audio(property) && !property.IsRequired && property.IsNullable),
        TypeRefKind.Number or TypeRefKind.Integer or TypeRefKind.Boolean => true,
        TypeRefKind.Literal => property.Type.LiteralKind == LiteralKind.String,
        _ => false,
    };

    public TypeFacts? FactsOf(TypeRef type) =>
        type.Kind == TypeRefKind.Named && type.Name is not null && _facts.TryGetValue(type.Name, out var f) ? f : null;

    public string Qualified(string name) => _ns + "." + name;

    /// <summary>The C# type (non-nullable form).</summary>
    public string TypeName(TypeRef type, bool base64 = false)
    {
        if (base64)
        {
            return Base64;
        }

        return type.Kind switch
        {
            TypeRefKind.String => "string",
            TypeRefKind.Number => "double",
            TypeRefKind.Integer => IntegerType(type),
            TypeRefKind.Boolean => "bool",
            TypeRefKind.Literal => LiteralClrType(type),
            TypeRefKind.Named when FactsOf(type) is not null => Qualified(type.Name!),
            TypeRefKind.Array => $"global::System.Collections.Generic.IReadOnlyList<{TypeName(type.Element ?? TypeRef.Unknown)}>",
            TypeRefKind.Map => $"global::System.Collections.Generic.IReadOnlyDictionary<string, {TypeName(type.Element ?? TypeRef.Unknown)}>",
            _ => Element,
        };
    }

    public bool IsValueType(TypeRef type, bool base64 = false) => !base64 && type.Kind switch
    {
        TypeRefKind.Number or TypeRefKind.Integer or TypeRefKind.Boolean or TypeRefKind.Unknown => true,
        TypeRefKind.Literal => LiteralClrType(type) != "string",
        TypeRefKind.Named => FactsOf(type) is not { } f || f.Shape == TypeShape.Enum,
        TypeRefKind.String or TypeRefKind.Array or TypeRefKind.Map => false,
        _ => true,
    };

    public static string LiteralClrType(TypeRef literal) => literal.LiteralKind switch
    {
        LiteralKind.String => "string",
        LiteralKind.Boolean => "bool",
        _ => IsIntegral(literal.LiteralJson) ? "long" : "double",
    };

    /// <summary>The C# type of an integer: <c>int</c> or <c>long</c> by its width.</summary>
    public static string IntegerType(TypeRef integer) => integer.Width == IntegerWidth.Int32 ? "int" : "long";

    private static bool IsIntegral(string? json) => json is not null && json.Length > 0 && json.All(c => char.IsDigit(c) || c == '-');

    /// <summary>
    /// The comparer (an <c>IEqualityComparer</c> of the non-nullable type) that compares values of <paramref name="type"/>
    /// by content, or null where the type's own equality already does (strings, numbers, records, enums, unions,
    /// named lists): lists element by element, maps pair by pair, any-JSON values by their JSON.
    /// </summary>
    public string? ContentComparer(TypeRef type, bool base64 = false)
    {
        if (base64)
        {
            return null;
        }

        switch (type.Kind)
        {
            case TypeRefKind.Array:
            case TypeRefKind.Map:
                var element = type.Element ?? TypeRef.Unknown;
                var elementComparer = ContentComparer(element) ?? $"global::System.Collections.Generic.EqualityComparer<{TypeName(element)}>.Default";
                return $"{ContentEquality}.{(type.Kind == TypeRefKind.Array ? "List" : "Map")}<{TypeName(element)}>({elementComparer})";
            default:
                return TypeName(type) == Element ? $"{ContentEquality}.Element" : null;
        }
    }

    /// <summary>
    /// An expression reading the value at <paramref name="reader"/> (a ref-able local or parameter); <paramref name="what"/>
    /// (<c>Type.json_name</c>) names the member in the errors of the strict readers (integers).
    /// </summary>
    public string Read(TypeRef type, string reader, bool base64 = false, int depth = 0, string? what = null)
    {
        if (base64)
        {
            return $"{Base64}.ReadJson(ref {reader})";
        }

        switch (type.Kind)
        {
            case TypeRefKind.String:
                return $"{Rt}.ReadString(ref {reader})";
            case TypeRefKind.Number:
                return $"{Rt}.ReadDouble(ref {reader})";
            case TypeRefKind.Integer:
                var member = what is null ? "" : ", " + Naming.StringLiteral(what);
                return $"{Rt}.{(type.Width == IntegerWidth.Int32 ? "ReadInt32" : "ReadInt64")}(ref {reader}{member})";
            case TypeRefKind.Boolean:
                return $"{Rt}.ReadBoolean(ref {reader})";
            case TypeRefKind.Literal:
                return LiteralClrType(type) switch
                {
                    "string" => $"{Rt}.ReadString(ref {reader})",
                    "bool" => $"{Rt}.ReadBoolean(ref {reader})",
                    "long" => $"{Rt}.ReadInt64(ref {reader})",
                    _ => $"{Rt}.ReadDouble(ref {reader})",
                };
            case TypeRefKind.Named when FactsOf(type) is not null:
                return $"{Qualified(type.Name!)}.ReadJson(ref {reader})";
            case TypeRefKind.Array:
            case TypeRefKind.Map:
                var element = type.Element ?? TypeRef.Unknown;
                var r = "r" + (depth + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var method = type.Kind == TypeRefKind.Array ? "ReadList" : "ReadMap";
                return $"{Rt}.{method}<{TypeName(element)}>(ref {reader}, static (ref {Reader} {r}) => {Read(element, r, false, depth + 1, what is null ? null : what + "[]")})";
            default:
                return $"{Rt}.ReadElement(ref {reader})";
        }
    }

    /// <summary>
    /// One statement writing the member <paramref name="name"/> with a scalar <paramref name="value"/> (string, number,
    /// boolean), or null for a type whose value is written on its own after the name.
    /// </summary>
    public string? WriteMember(TypeRef type, string writer, string name, string value, bool base64)
    {
        if (base64)
        {
            return null;
        }

        return type.Kind switch
        {
            TypeRefKind.String => $"{writer}.WriteString({name}, {value});",
            TypeRefKind.Number or TypeRefKind.Integer => $"{writer}.WriteNumber({name}, {value});",
            TypeRefKind.Boolean => $"{writer}.WriteBoolean({name}, {value});",
            _ => null,
        };
    }

    /// <summary>A statement writing <paramref name="value"/> (an expression of the non-nullable type).</summary>
    public string Write(TypeRef type, string writer, string value, bool base64 = false, int depth = 0)
    {
        if (base64)
        {
            return $"{Base64}.WriteJson({writer}, {value});";
        }

        switch (type.Kind)
        {
            case TypeRefKind.String:
                return $"{writer}.WriteStringValue({value});";
            case TypeRefKind.Number:
            case TypeRefKind.Integer:
                return $"{writer}.WriteNumberValue({value});";
            case TypeRefKind.Boolean:
                return $"{writer}.WriteBooleanValue({value});";
            case TypeRefKind.Literal:
                return LiteralClrType(type) switch
                {
                    "string" => $"{writer}.WriteStringValue({value});",
                    "bool" => $"{writer}.WriteBooleanValue({value});",
                    _ => $"{writer}.WriteNumberValue({value});",
                };
            case TypeRefKind.Named when FactsOf(type) is not null:
                return $"{Qualified(type.Name!)}.WriteJson({writer}, {value});";
            case TypeRefKind.Array:
            case TypeRefKind.Map:
                var element = type.Element ?? TypeRef.Unknown;
                var suffix = (depth + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var method = type.Kind == TypeRefKind.Array ? "WriteList" : "WriteMap";
                return $"{Rt}.{method}<{TypeName(element)}>({writer}, {value}, static (w{suffix}, v{suffix}) => {{ {Write(element, "w" + suffix, "v" + suffix, false, depth + 1)} }});";
            default:
                // The element's exact text: a lone surrogate escape or a long integer is written back as received.
                return $"{Rt}.WriteElement({writer}, {value});";
        }
    }
}
