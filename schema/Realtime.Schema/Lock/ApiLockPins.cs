using Realtime.Schema.Analysis;
using Realtime.Schema.Model;

namespace Realtime.Schema.Lock;

/// <summary>What the lock tells the unifier: every locked site pinned to its locked name.</summary>
public static class ApiLockPins
{
    /// <summary>
    /// One pin per site, sorted by site: each locked type's sites to its name, then each locked member whose type names
    /// a type, at each of its owner's sites (<c>Owner.member</c>), to that name — so a property keeps its type when the
    /// page prints a reference as an inline copy. A type's own pin wins over a member's pin for the same site.
    /// </summary>
    public static EquatableArray<SitePin> For(ApiLock apiLock)
    {
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in apiLock.Types)
        {
            foreach (var site in type.Sites)
            {
                if (!pins.ContainsKey(site)) pins.Add(site, type.Name);
            }
        }

        foreach (var type in apiLock.Types)
        {
            foreach (var member in type.Members)
            {
                if (NamedTypeIn(member.Type) is not { } name) continue;
                foreach (var site in type.Sites)
                {
                    var memberSite = site + "." + member.Json;
                    if (!pins.ContainsKey(memberSite)) pins.Add(memberSite, name);
                }
            }
        }

        return pins.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new SitePin(p.Key, p.Value)).ToEquatableArray();
    }

    /// <summary>The type name a locked type text (page notation: <c>array of Foo</c>, <c>map[Foo]</c>) stands for, or null for primitives and literals.</summary>
    internal static string? NamedTypeIn(string typeText)
    {
        TypeRef type;
        try
        {
            type = SchemaYaml.ParseTypeRef(typeText);
        }
        catch (FormatException)
        {
            return null;
        }

        while (type.Kind is TypeRefKind.Array or TypeRefKind.Map && type.Element is not null) type = type.Element;
        return type.Kind == TypeRefKind.Named && CSharpNames.IsIdentifier(type.Name!) ? type.Name : null;
    }
}
