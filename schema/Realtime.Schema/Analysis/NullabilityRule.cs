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
    public static ApiSchema Apply(ApiSchema schema)
    {
        var nullable = new HashSet<(string JsonName, TypeRef Type)>(
            schema.Types.SelectMany(t => t.Properties).Where(p => p.IsNullable).Select(p => (p.JsonName, p.Type)));
        if (nullable.Count == 0)
        {
            return schema;
        }

        var changed = false;
        var types = schema.Types.Select(decl =>
        {
            if (!decl.Properties.Any(p => !p.IsNullable && nullable.Contains((p.JsonName, p.Type))))
            {
                return decl;
            }

            changed = true;
            return decl with
            {
                Properties = decl.Properties
                    .Select(p => p.IsNullable || !nullable.Contains((p.JsonName, p.Type)) ? p : p with { IsNullable = true })
                    .ToEquatableArray(),
            };
        }).ToEquatableArray();
        return changed ? schema with { Types = types } : schema;
    }
}
