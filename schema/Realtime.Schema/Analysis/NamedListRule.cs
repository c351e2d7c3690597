using Realtime.Schema.Model;

namespace Realtime.Schema.Analysis;

/// <summary>
/// A page-named array (<c>RealtimeToolsConfig = array of RealtimeToolsConfigUnion</c>) is one type wherever its field
/// appears: a member that spells the array out (<c>tools: array of RealtimeFunctionTool or object {…}</c>, unified to
/// <c>array of RealtimeToolsConfigUnion</c>) uses the named array when another member of the same JSON name references
/// it by name. Arrays of other fields stay arrays: two lists that merely hold the same element type are not the same
/// concept (<c>McpAllowedTools = array of string</c> is not every list of strings).
/// </summary>
internal static class NamedListRule
{
    public static ApiSchema Apply(ApiSchema schema)
    {
        var lists = schema.Types
            .Where(t => t is { Kind: TypeDeclKind.Alias, AliasOf.Kind: TypeRefKind.Array })
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().AliasOf!, StringComparer.Ordinal);
        if (lists.Count == 0)
        {
            return schema;
        }

        // (JSON name, array) → the named list the page uses for it, when exactly one.
        var named = schema.Types.SelectMany(t => t.Properties)
            .Where(p => p.Type is { Kind: TypeRefKind.Named, Name: { } name } && lists.ContainsKey(name))
            .GroupBy(p => (p.JsonName, Array: lists[p.Type.Name!]))
            .Where(g => g.Select(p => p.Type.Name).Distinct(StringComparer.Ordinal).Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Type);
        if (named.Count == 0)
        {
            return schema;
        }

        TypeRef? NamedFor(PropertyDecl p) =>
            p.Type.Kind == TypeRefKind.Array && named.TryGetValue((p.JsonName, p.Type), out var list) ? list : null;

        return schema with
        {
            Types = schema.Types
                .Select(decl => decl.Properties.Any(p => NamedFor(p) is not null)
                    ? decl with { Properties = decl.Properties.Select(p => NamedFor(p) is { } list ? p with { Type = list } : p).ToEquatableArray() }
                    : decl)
                .ToEquatableArray(),
        };
    }
}
