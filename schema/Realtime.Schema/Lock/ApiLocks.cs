using System.Security.Cryptography;
using System.Text;
using Realtime.Schema.Analysis;
using Realtime.Schema.Model;

namespace Realtime.Schema.Lock;

/// <summary>Builds the lock of a shaped API: every type the emitters generate, with its sites, fingerprint and member names.</summary>
public static class ApiLocks
{
    public static ApiLock Create(ShapedApi api)
    {
        var schema = api.Schema;
        var sites = ApiSites.Index(schema);
        var types = new List<LockedType>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in schema.Types)
        {
            // What the emitters generate: the first declaration of each identifier name, aliases excluded.
            if (type.Kind == TypeDeclKind.Alias || !CSharpNames.IsIdentifier(type.Name) || !seen.Add(type.Name)) continue;
            types.Add(Lock(type, sites));
        }

        return new ApiLock
        {
            Page = schema.Title,
            Types = types.OrderBy(t => t.Name, StringComparer.Ordinal).ToEquatableArray(),
            Client = schema.Endpoints.IsEmpty ? "" : CSharpNames.RestClientName(schema),
            Operations = Operations(schema).OrderBy(o => o.Route, StringComparer.Ordinal).ToEquatableArray(),
        };
    }

    /// <summary>Each route's client method (the first endpoint of a repeated route, as the diff matches them).</summary>
    internal static IEnumerable<LockedOperation> Operations(ApiSchema schema) => schema.Endpoints
        .Zip(CSharpNames.OperationMethodNames(schema), (endpoint, name) => new LockedOperation(Diff.SchemaIndex.Label(endpoint), name, ApiSites.EndpointSite(endpoint)))
        .GroupBy(o => o.Route, StringComparer.Ordinal)
        .Select(g => g.First());

    /// <summary>
    /// The fingerprint of a type's shape: the first 16 hex digits of the SHA-256 of its canonical text (kind; sorted
    /// members with required/nullable and type; sorted enum values; sorted variants with their tags). A page type is
    /// referred to by name; a hoisted type by its kind, since its name comes from the page's rendering.
    /// </summary>
    public static string Fingerprint(TypeDecl type, ApiSites sites)
    {
        var text = new StringBuilder();
        switch (type.Kind)
        {
            case TypeDeclKind.Object:
                text.Append("object{");
                foreach (var p in type.Properties.OrderBy(p => p.JsonName, StringComparer.Ordinal))
                {
                    text.Append(p.JsonName).Append(p.IsRequired ? ":" : "?:").Append(p.IsNullable ? "null|" : "").Append(Shape(p.Type, sites)).Append(';');
                }

                break;
            case TypeDeclKind.Enum:
                text.Append(type.IsOpenEnum ? "open " : "closed ").Append(type.EnumValueKind).Append(" enum{");
                foreach (var value in type.Members.Select(m => m.Value).Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.Ordinal)) text.Append(value).Append(';');
                break;
            default:
                text.Append("union ").Append(type.Discriminator).Append('/').Append(type.SubDiscriminator).Append('{');
                foreach (var variant in type.Variants.Select(v => v.DiscriminatorValue + "/" + v.SubDiscriminatorValue + ":" + Shape(v.Type, sites)).OrderBy(v => v, StringComparer.Ordinal))
                {
                    text.Append(variant).Append(';');
                }

                break;
        }

        text.Append('}');
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
        return string.Concat(hash.Take(8).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static LockedType Lock(TypeDecl type, ApiSites sites) => new()
    {
        Name = type.Name,
        Kind = KindWord(type.Kind),
        Sites = ApiSites.Of(type).ToEquatableArray(),
        Fingerprint = Fingerprint(type, sites),
        Members = type.Kind != TypeDeclKind.Object
            ? EquatableArray<LockedMember>.Empty
            : type.Properties
                .Zip(CSharpNames.ObjectMemberNames(type), (p, name) => new LockedMember(p.JsonName, name, sites.Resolve(p.Type).ToString()))
                .OrderBy(m => m.Json, StringComparer.Ordinal)
                .ToEquatableArray(),
        Values = type.Kind != TypeDeclKind.Enum
            ? EquatableArray<LockedEnumValue>.Empty
            : CSharpNames.EnumMemberNames(type)
                .Select(m => new LockedEnumValue(m.Member.Value, m.Name))
                .OrderBy(v => v.Value, StringComparer.Ordinal)
                .ToEquatableArray(),
        Variants = type.Kind != TypeDeclKind.Union
            ? EquatableArray<LockedVariant>.Empty
            : type.Variants
                .Select(v => new LockedVariant(sites.Resolve(v.Type).ToString(), VariantTag(v)))
                .Distinct()
                .OrderBy(v => v.Tag, StringComparer.Ordinal)
                .ThenBy(v => v.Type, StringComparer.Ordinal)
                .ToEquatableArray(),
    };

    /// <summary>The variant's discriminator value, with its sub-discriminator value when the union has one (<c>message/system</c>).</summary>
    internal static string? VariantTag(UnionVariant variant) =>
        variant.DiscriminatorValue is null ? null : variant.SubDiscriminatorValue is null ? variant.DiscriminatorValue : variant.DiscriminatorValue + "/" + variant.SubDiscriminatorValue;

    internal static string KindWord(TypeDeclKind kind) => kind switch
    {
        TypeDeclKind.Object => "object",
        TypeDeclKind.Enum => "enum",
        TypeDeclKind.Union => "union",
        _ => "alias",
    };

    private static string Shape(TypeRef type, ApiSites sites)
    {
        var resolved = sites.Resolve(type);
        return resolved.Kind switch
        {
            TypeRefKind.Array => "array of " + Shape(resolved.Element ?? TypeRef.Unknown, sites),
            TypeRefKind.Map => "map[" + Shape(resolved.Element ?? TypeRef.Unknown, sites) + "]",
            TypeRefKind.Named when sites.Type(resolved.Name!) is { IsNamedOnPage: false } hoisted => KindWord(hoisted.Kind),
            _ => resolved.ToString(),
        };
    }
}
