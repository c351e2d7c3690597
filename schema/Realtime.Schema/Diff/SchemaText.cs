using System.Globalization;
using System.Text;
using Realtime.Schema.Model;

namespace Realtime.Schema.Diff;

/// <summary>Compact, prose-free text for schema pieces, shared by the diff report and the snapshot.</summary>
public static class SchemaText
{
    /// <summary><c>optional string | null</c>, <c>required array of Tool</c>.</summary>
    public static string Property(PropertyDecl property)
    {
        var text = (property.IsRequired ? "required " : "optional ") + property.Type;
        return property.IsNullable ? text + " | null" : text;
    }

    /// <summary><c>name?: Type | null</c>, the member line of the snapshot and of type summaries.</summary>
    public static string Member(PropertyDecl property)
    {
        var text = property.JsonName + (property.IsRequired ? ": " : "?: ") + property.Type;
        return property.IsNullable ? text + " | null" : text;
    }

    public static string EnumValue(TypeDecl enumType, EnumMember member) =>
        enumType.EnumValueKind == LiteralKind.String ? Quote(member.Value) : member.Value;

    /// <summary>
    /// The key of a variant: its discriminator value (quoted) in a discriminated union, else its type. A tag that
    /// several variants share (<c>"message"</c> for system, user and assistant messages) is qualified by the type.
    /// </summary>
    public static string VariantKey(TypeDecl union, UnionVariant variant)
    {
        if (union.Discriminator is null || variant.DiscriminatorValue is null) return variant.Type.ToString();
        var tag = Quote(variant.DiscriminatorValue);
        if (variant.SubDiscriminatorValue is not null) return tag + "/" + Quote(variant.SubDiscriminatorValue);
        var shared = union.Variants.Count(v => v.DiscriminatorValue == variant.DiscriminatorValue) > 1;
        return shared ? tag + " " + variant.Type : tag;
    }

    /// <summary><c>type</c>, or <c>type/role</c> when variants sharing a tag are told apart by a second property.</summary>
    public static string? DiscriminatorText(TypeDecl union) =>
        union.Discriminator is null ? null
        : union.SubDiscriminator is null ? union.Discriminator
        : union.Discriminator + "/" + union.SubDiscriminator;

    /// <summary><c>kind</c> word used in summaries: <c>object</c>, <c>closed enum</c>, <c>open enum</c>, <c>union</c>, <c>alias</c>.</summary>
    public static string KindWord(TypeDecl type) => type.Kind switch
    {
        TypeDeclKind.Object => "object",
        TypeDeclKind.Enum => type.IsOpenEnum ? "open enum" : "closed enum",
        TypeDeclKind.Union => type.EventDirection switch
        {
            EventDirection.Client => "client event union",
            EventDirection.Server => "server event union",
            _ => "union",
        },
        _ => "alias",
    };

    /// <summary>A one-line shape: <c>object { a: string, b?: X }</c>, <c>closed enum "a" | "b"</c>, <c>union on type { "x" → X, … }</c>, <c>alias = array of string</c>.</summary>
    public static string Shape(TypeDecl type)
    {
        var sb = new StringBuilder(KindWord(type));
        switch (type.Kind)
        {
            case TypeDeclKind.Object:
                sb.Append(" { ").Append(string.Join(", ", type.Properties.Select(Member))).Append(" }");
                break;
            case TypeDeclKind.Enum:
                if (type.IsOpenEnum) sb.Append(" string |");
                sb.Append(' ').Append(string.Join(" | ", type.Members.Select(m => EnumValue(type, m))));
                break;
            case TypeDeclKind.Union:
                if (type.Discriminator is not null) sb.Append(" on ").Append(DiscriminatorText(type));
                sb.Append(" { ").Append(string.Join(", ", type.Variants.Select(v => VariantLine(type, v)))).Append(" }");
                break;
            case TypeDeclKind.Alias:
                sb.Append(" = ").Append(type.AliasOf?.ToString() ?? "?");
                break;
        }

        return sb.Replace("{  }", "{ }").ToString();
    }

    /// <summary><c>"session.update" → SessionUpdateEvent</c> in a discriminated union, else the variant type.</summary>
    public static string VariantLine(TypeDecl union, UnionVariant variant) =>
        union.Discriminator is not null && variant.DiscriminatorValue is not null
            ? Quote(variant.DiscriminatorValue) + (variant.SubDiscriminatorValue is null ? "" : "/" + Quote(variant.SubDiscriminatorValue)) + " → " + variant.Type
            : variant.Type.ToString();

    /// <summary>The named types a type expression mentions (element types of arrays and maps included).</summary>
    public static IEnumerable<string> NamesIn(TypeRef? type)
    {
        for (var t = type; t is not null; t = t.Element)
        {
            if (t.Kind == TypeRefKind.Named && t.Name is not null) yield return t.Name;
        }
    }

    public static string Quote(string value) => JsonText.Quote(value);

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Whitespace-insensitive text equality: reflowed paragraphs and restored blank lines are not changes.</summary>
    public static bool SameProse(string? left, string? right) => NormalizeProse(left) == NormalizeProse(right);

    /// <summary><c>+12 words, -3 words</c>: the size of a description change, without quoting the text.</summary>
    public static string WordDelta(string? before, string? after)
    {
        var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in Words(before)) remaining[word] = remaining.TryGetValue(word, out var n) ? n + 1 : 1;
        var added = 0;
        foreach (var word in Words(after))
        {
            if (remaining.TryGetValue(word, out var n) && n > 0) remaining[word] = n - 1;
            else added++;
        }

        var removed = remaining.Values.Sum();
        return string.Format(CultureInfo.InvariantCulture, "+{0} words, -{1} words", added, removed);
    }

    private static IEnumerable<string> Words(string? text) =>
        NormalizeProse(text).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);

    private static string NormalizeProse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var sb = new StringBuilder(text!.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(c);
        }

        return sb.ToString();
    }
}
