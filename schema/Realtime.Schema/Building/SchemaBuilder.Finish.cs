using Realtime.Schema.Model;

namespace Realtime.Schema.Building;

internal sealed partial class SchemaBuilder
{
    /// <summary>Last touches once every type exists: union discriminators and event directions.</summary>
    private TypeDecl FinishType(TypeDecl decl)
    {
        if (decl.Kind != TypeDeclKind.Union || decl.Variants.IsEmpty) return decl;
        var objects = new List<TypeDecl>();
        foreach (var variant in decl.Variants)
        {
            if (variant.Type.Kind != TypeRefKind.Named || !_types.TryGetValue(variant.Type.Name!, out var target) || target.Kind != TypeDeclKind.Object) return decl;
            objects.Add(target);
        }

        foreach (var candidate in objects[0].Properties.Where(p => IsStringTag(p.Type)).Select(p => p.JsonName))
        {
            var values = objects.Select(o => TagValue(o, candidate)).ToList();
            if (values.Any(v => v is null)) continue;
            var subValues = new string?[objects.Count];
            string? subDiscriminator = null;
            if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
            {
                subDiscriminator = FindSubDiscriminator(objects, values!, candidate, subValues);
                if (subDiscriminator is null) continue;
            }

            var variants = decl.Variants.Select((v, i) => v with { DiscriminatorValue = values[i], SubDiscriminatorValue = subValues[i] }).ToEquatableArray();
            return decl with
            {
                Discriminator = candidate,
                SubDiscriminator = subDiscriminator,
                Variants = variants,
                EventDirection = EventDirectionOf(decl.Name),
            };
        }

        return decl;
    }

    /// <summary>Event unions by the page's naming: <c>…ClientEvent</c> unions are sent by the client, <c>…ServerEvent</c> ones by the server.</summary>
    private static EventDirection EventDirectionOf(string name) =>
        name.EndsWith("ClientEvent", StringComparison.Ordinal) ? EventDirection.Client
        : name.EndsWith("ServerEvent", StringComparison.Ordinal) ? EventDirection.Server
        : EventDirection.None;

    /// <summary>For variants sharing a discriminator value, another tag property that tells each group's members apart.</summary>
    private static string? FindSubDiscriminator(List<TypeDecl> objects, List<string?> values, string discriminator, string?[] subValues)
    {
        var shared = Enumerable.Range(0, objects.Count).Where(i => values.Count(v => v == values[i]) > 1).ToList();
        foreach (var candidate in objects[shared[0]].Properties.Where(p => p.JsonName != discriminator && IsStringTag(p.Type)).Select(p => p.JsonName))
        {
            var ok = true;
            foreach (var group in shared.GroupBy(i => values[i], StringComparer.Ordinal))
            {
                var tags = group.Select(i => TagValue(objects[i], candidate)).ToList();
                if (tags.Any(t => t is null) || tags.Distinct(StringComparer.Ordinal).Count() != tags.Count) { ok = false; break; }
            }

            if (!ok) continue;
            foreach (var i in shared) subValues[i] = TagValue(objects[i], candidate);
            return candidate;
        }

        return null;
    }

    private static bool IsStringTag(TypeRef type) => type.Kind == TypeRefKind.Literal && type.LiteralKind == LiteralKind.String;

    private static string? TagValue(TypeDecl obj, string property)
    {
        foreach (var p in obj.Properties)
        {
            if (p.JsonName == property && IsStringTag(p.Type)) return Unquote(p.Type.LiteralJson!);
        }

        return null;
    }

    private static string Unquote(string json) => json.Length >= 2 && json[0] == '"' ? json.Substring(1, json.Length - 2).Replace("\\\"", "\"").Replace("\\\\", "\\") : json;
}
