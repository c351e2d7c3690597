using Realtime.Schema.Model;

namespace Realtime.Schema.Lock;

/// <summary>
/// Keeps the numeric kind a lock recorded. Whether a page <c>number</c> is an <c>int</c>, a <c>long</c> or a
/// <c>double</c> comes from the page's evidence (<c>Building/IntegerEvidence.cs</c>), which an edited description or
/// example can change; under a lock, each locked member (and union variant) whose locked type is a number of another
/// kind than the page now gives keeps the locked kind, so regenerating does not change its C# type.
/// </summary>
public static class ApiLockNumbers
{
    /// <summary>The schema with every locked number at its locked kind (the schema itself when none differs).</summary>
    public static ApiSchema Keep(ApiLock apiLock, ApiSchema schema)
    {
        var members = new Dictionary<string, TypeRef>(StringComparer.Ordinal);
        var variants = new Dictionary<string, TypeRef>(StringComparer.Ordinal);
        foreach (var type in apiLock.Types)
        {
            foreach (var member in type.Members)
            {
                if (ParseNumeric(member.Type) is not { } locked) continue;
                foreach (var site in type.Sites) members[site + "." + member.Json] = locked;
            }

            // A union holds at most one number variant in any shape the page can print (number or "inf").
            var numeric = type.Variants.Select(v => ParseNumeric(v.Type)).OfType<TypeRef>().ToList();
            if (numeric.Count != 1) continue;
            foreach (var site in type.Sites) variants[site] = numeric[0];
        }

        if (members.Count == 0 && variants.Count == 0) return schema;
        var types = schema.Types.Select(decl =>
        {
            var site = decl.IsNamedOnPage ? decl.Name : decl.Origin;
            return decl.Kind switch
            {
                TypeDeclKind.Object => decl with
                {
                    Properties = decl.Properties.Select(p => members.TryGetValue(site + "." + p.JsonName, out var locked) ? p with { Type = KeepKind(p.Type, locked) } : p).ToEquatableArray(),
                },
                TypeDeclKind.Union when variants.TryGetValue(site, out var locked) => decl with
                {
                    Variants = decl.Variants.Select(v => v with { Type = KeepKind(v.Type, locked) }).ToEquatableArray(),
                },
                _ => decl,
            };
        }).ToEquatableArray();
        return types.Equals(schema.Types) ? schema : schema with { Types = types };
    }

    /// <summary>A locked type text that is a number of some kind (maybe in arrays or maps), or null.</summary>
    private static TypeRef? ParseNumeric(string text)
    {
        try
        {
            var type = SchemaYaml.ParseTypeRef(text);
            return IsNumeric(type) ? type : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool IsNumeric(TypeRef type) => type.Kind switch
    {
        TypeRefKind.Number or TypeRefKind.Integer => true,
        TypeRefKind.Array or TypeRefKind.Map => type.Element is { } element && IsNumeric(element),
        _ => false,
    };

    /// <summary><paramref name="type"/> with its number replaced by the locked one, when both are numbers of the same nesting.</summary>
    private static TypeRef KeepKind(TypeRef type, TypeRef locked) => (type.Kind, locked.Kind) switch
    {
        (TypeRefKind.Number or TypeRefKind.Integer, TypeRefKind.Number or TypeRefKind.Integer) => locked,
        (TypeRefKind.Array, TypeRefKind.Array) or (TypeRefKind.Map, TypeRefKind.Map) when type.Element is { } e && locked.Element is { } l => type with { Element = KeepKind(e, l) },
        _ => type,
    };
}
