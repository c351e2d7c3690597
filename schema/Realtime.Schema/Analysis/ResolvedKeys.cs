using System.Text;
using Realtime.Schema.Model;

namespace Realtime.Schema.Analysis;

/// <summary>
/// Resolved structure keys of the schema's types, for the unifier. Unlike the builder's syntactic keys these see
/// through hoisted types: a reference to a hoisted type is that type's own key (its unification class, see
/// <see cref="Unifier"/>), a reference to a page type is its name. Descriptions, lines, defaults and member order do
/// not count; member names, required/nullable, member types, literal values and variants do.
/// </summary>
internal static class ResolvedKeys
{
    public static string Of(TypeDecl decl, Func<TypeRef, string> refKey)
    {
        var sb = new StringBuilder();
        switch (decl.Kind)
        {
            case TypeDeclKind.Object:
                sb.Append("O(");
                foreach (var property in decl.Properties.OrderBy(p => p.JsonName, StringComparer.Ordinal))
                {
                    sb.Append(property.JsonName).Append(property.IsRequired ? "!" : "?").Append(property.IsNullable ? "~" : "")
                        .Append('=').Append(refKey(property.Type)).Append(';');
                }

                break;
            case TypeDeclKind.Enum:
                sb.Append(decl.IsOpenEnum ? "E*(" : "E(").Append(decl.EnumValueKind).Append(':');
                sb.Append(string.Join("\u0001", decl.Members.Select(m => m.Value).OrderBy(v => v, StringComparer.Ordinal)));
                break;
            case TypeDeclKind.Union:
                sb.Append("U(").Append(string.Join("|", decl.Variants.Select(v => refKey(v.Type)).OrderBy(k => k, StringComparer.Ordinal)));
                break;
            default:
                sb.Append("A(").Append(decl.AliasOf is null ? "u" : refKey(decl.AliasOf));
                break;
        }

        return sb.Append(')').ToString();
    }

    /// <summary>The key of a reference that is not to a named type; <paramref name="named"/> answers for names.</summary>
    public static string OfRef(TypeRef type, Func<string, string> named) => type.Kind switch
    {
        TypeRefKind.Named => named(type.Name ?? ""),
        TypeRefKind.Array => "[" + OfRef(type.Element ?? TypeRef.Unknown, named) + "]",
        TypeRefKind.Map => "m[" + OfRef(type.Element ?? TypeRef.Unknown, named) + "]",
        TypeRefKind.Literal => "L" + type.LiteralKind + type.LiteralJson,
        _ => type.Kind.ToString(),
    };

    /// <summary>A cheap signature that equal structures share (computed without looking into member types).</summary>
    public static string Signature(TypeDecl decl) => decl.Kind switch
    {
        TypeDeclKind.Object => "O:" + string.Join(",", decl.Properties.Select(p => p.JsonName).OrderBy(n => n, StringComparer.Ordinal)),
        TypeDeclKind.Enum => "E:" + string.Join("\u0001", decl.Members.Select(m => m.Value).OrderBy(v => v, StringComparer.Ordinal)),
        TypeDeclKind.Union => "U:" + decl.Variants.Count,
        _ => "A:",
    };
}
