using Realtime.Schema.Model;

namespace Realtime.Schema.Analysis;

/// <summary>
/// One nullability for a field wherever it appears. The page states that a value can be <c>null</c> only in prose
/// ("Can be <c>null</c> if the item has no predecessor"), and it writes that sentence at some copies of a field and
/// not at others (<c>previous_item_id</c> says it on <c>conversation.item.created</c>, not on
/// <c>conversation.item.added</c>). So the members of the same JSON name and the same type (after unification: the
/// same C# type) are one field, and a field any copy documents as nullable is nullable at every copy. Requiredness
/// stays per owner: it is what the owner's field list says, not prose.
/// </summary>
internal static class NullabilityRule
{
    /// <summary>
    /// Rounds of unification and the rule: making a member nullable can make two copies equal that were not
    /// (<c>AudioInput</c> and its translation-session twin), so the rule goes back to the page's copies and unifies
    /// again until no member changes (a member only ever becomes nullable, so it ends).
    /// </summary>
    private const int MaxRounds = 8;

    /// <summary>Unifies <paramref name="schema"/> with one nullability per field (see the type's summary).</summary>
    public static ShapedApi Unify(ApiSchema schema, ShapingOptions options)
    {
        for (var round = 1; ; round++)
        {
            var unified = Unifier.Unify(schema, options);
            var nullableAt = NullableSites(unified.Schema);
            if (nullableAt.Count == 0 || round == MaxRounds)
            {
                return unified with { Schema = Apply(unified.Schema) };
            }

            schema = Apply(schema, decl => decl.IsNamedOnPage ? decl.Name : decl.Origin, nullableAt);
        }
    }

    /// <summary>Makes the members nullable that the rule says are.</summary>
    public static ApiSchema Apply(ApiSchema schema) => Apply(schema, decl => decl.Name, NullableMembers(schema, decl => new[] { decl.Name }));

    /// <summary>(site of the page's copy, JSON name) of every member of <paramref name="unified"/> the rule makes nullable.</summary>
    private static HashSet<(string Site, string JsonName)> NullableSites(ApiSchema unified) =>
        NullableMembers(unified, decl => decl.Sites.Append(decl.Name));

    private static HashSet<(string Key, string JsonName)> NullableMembers(ApiSchema schema, Func<TypeDecl, IEnumerable<string>> keys)
    {
        var nullable = new HashSet<(string JsonName, TypeRef Type)>(
            schema.Types.SelectMany(t => t.Properties).Where(p => p.IsNullable).Select(p => (p.JsonName, p.Type)));
        var result = new HashSet<(string, string)>();
        foreach (var decl in schema.Types)
        {
            foreach (var property in decl.Properties.Where(p => !p.IsNullable && nullable.Contains((p.JsonName, p.Type))))
            {
                foreach (var key in keys(decl)) result.Add((key, property.JsonName));
            }
        }

        return result;
    }

    private static ApiSchema Apply(ApiSchema schema, Func<TypeDecl, string> keyOf, HashSet<(string Key, string JsonName)> nullable)
    {
        if (nullable.Count == 0)
        {
            return schema;
        }

        var types = schema.Types.Select(decl =>
        {
            var key = keyOf(decl);
            return decl.Properties.Any(p => !p.IsNullable && nullable.Contains((key, p.JsonName)))
                ? decl with
                {
                    Properties = decl.Properties
                        .Select(p => p.IsNullable || !nullable.Contains((key, p.JsonName)) ? p : p with { IsNullable = true })
                        .ToEquatableArray(),
                }
                : decl;
        }).ToEquatableArray();
        return schema with { Types = types };
    }
}
