using Realtime.Schema.Analysis;
using Realtime.Schema.Model;

namespace Realtime.Schema.Overlay;

/// <summary>What applying an overlay gives the analysis stage: the edited schema, its pins and no-unify sites, and the stale actions.</summary>
public sealed record OverlayApplied(ApiSchema Schema, EquatableArray<SitePin> Pins, EquatableArray<string> NoUnify, EquatableArray<SchemaDiagnostic> Findings);

/// <summary>
/// Applies an overlay to the page's schema, before shaping. A target is a type site (a page type's name or a hoisted
/// type's path) or a member site (owner site + <c>.</c> + JSON name); a hoisted type's path is both, its own and the
/// member's that holds it. On a type site: <c>name</c> renames the type (a page type everywhere it is referred to, a
/// hoisted one through a pin, as the lock does) and <c>unify: false</c> keeps its own type. On a member site:
/// <c>type</c> sets its number kind, <c>name</c> its C# name (when the site is no type's), <c>nullable</c>,
/// <c>required</c>, and <c>remove: true</c> drops it. An action whose target is not on the page, or whose update does
/// not apply there, is a warning at its line in the overlay (<c>RTCG031</c>) and changes nothing.
/// </summary>
public static class ApiOverlays
{
    public static OverlayApplied Apply(ApiOverlay overlay, ApiSchema schema)
    {
        var types = schema.Types.ToList();
        var typeSites = new Dictionary<string, int>(StringComparer.Ordinal);
        var memberSites = new Dictionary<string, (int Type, string Json)>(StringComparer.Ordinal);
        for (var i = 0; i < types.Count; i++)
        {
            var site = types[i].IsNamedOnPage ? types[i].Name : types[i].Origin;
            if (!typeSites.ContainsKey(site)) typeSites.Add(site, i);
            foreach (var property in types[i].Properties)
            {
                var memberSite = site + "." + property.JsonName;
                if (!memberSites.ContainsKey(memberSite)) memberSites.Add(memberSite, (i, property.JsonName));
            }
        }

        var pins = new List<SitePin>();
        var noUnify = new List<string>();
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var findings = new List<SchemaDiagnostic>();
        void Warn(OverlayAction action, string message) => findings.Add(new SchemaDiagnostic
        {
            Id = DiagnosticIds.StaleOverlayAction,
            Severity = DiagnosticSeverity.Warning,
            Line = action.Line,
            Message = $"overlay action on `{action.Target}`: {message}",
        });

        foreach (var action in overlay.Actions)
        {
            var isType = typeSites.TryGetValue(action.Target, out var typeIndex);
            var isMember = memberSites.TryGetValue(action.Target, out var member);
            if (!isType && !isMember)
            {
                Warn(action, "the target is not on the page (stale entry): no type or member has this site");
                continue;
            }

            if (action.Unify == false)
            {
                if (isType && !types[typeIndex].IsNamedOnPage) noUnify.Add(action.Target);
                else Warn(action, "`unify: false` applies to an inline type's site, not to a page type or a plain member");
            }

            if (action.Name is { } name && isType)
            {
                var decl = types[typeIndex];
                if (decl.IsNamedOnPage) renames[decl.Name] = name;
                else pins.Add(new SitePin(action.Target, name));
            }

            var memberChange = action.Type is not null || action.Nullable is not null || action.Required is not null || action.Remove || (action.Name is not null && !isType);
            if (!memberChange) continue;
            if (!isMember)
            {
                Warn(action, "type, nullable, required, remove and a member's name apply to a member site (`Type.member`)");
                continue;
            }

            var owner = types[member.Type];
            var index = owner.Properties.ToList().FindIndex(p => p.JsonName == member.Json);
            var property = owner.Properties[index];
            if (action.Remove)
            {
                types[member.Type] = owner with { Properties = owner.Properties.Where((_, i) => i != index).ToEquatableArray() };
                continue;
            }

            if (action.Type is { } type)
            {
                if (WithNumber(property.Type, type) is { } changed) property = property with { Type = changed };
                else Warn(action, $"`type: {type}` applies to a number member; this one is `{property.Type}`");
            }

            if (action.Name is { } memberName && !isType) property = property with { CSharpName = memberName };
            if (action.Nullable is { } nullable) property = property with { IsNullable = nullable };
            if (action.Required is { } required) property = property with { IsRequired = required };
            types[member.Type] = owner with { Properties = owner.Properties.Select((p, i) => i == index ? property : p).ToEquatableArray() };
        }

        var result = schema with { Types = types.ToEquatableArray() };
        if (renames.Count > 0) result = Rename(result, renames);
        return new OverlayApplied(result, pins.ToEquatableArray(), noUnify.ToEquatableArray(), findings.ToEquatableArray());
    }

    /// <summary>The member's type with its number (itself, or an array's or map's element) of the given kind; null when it holds no number.</summary>
    private static TypeRef? WithNumber(TypeRef type, TypeRef number) => type.Kind switch
    {
        TypeRefKind.Number or TypeRefKind.Integer => number,
        TypeRefKind.Array or TypeRefKind.Map when type.Element is { } element && WithNumber(element, number) is { } changed => type with { Element = changed },
        _ => null,
    };

    /// <summary>Page types renamed, and every reference to them (properties, variants, aliases, endpoints).</summary>
    private static ApiSchema Rename(ApiSchema schema, Dictionary<string, string> renames)
    {
        TypeRef Ref(TypeRef type) => type.Kind switch
        {
            TypeRefKind.Named when type.Name is not null && renames.TryGetValue(type.Name, out var name) => TypeRef.Named(name),
            TypeRefKind.Array or TypeRefKind.Map when type.Element is { } element => type with { Element = Ref(element) },
            _ => type,
        };

        PropertyDecl Property(PropertyDecl p) => p with { Type = Ref(p.Type) };
        return schema with
        {
            Types = schema.Types.Select(t => t with
            {
                Name = renames.TryGetValue(t.Name, out var name) && t.IsNamedOnPage ? name : t.Name,
                Properties = t.Properties.Select(Property).ToEquatableArray(),
                Variants = t.Variants.Select(v => v with { Type = Ref(v.Type) }).ToEquatableArray(),
                AliasOf = t.AliasOf is { } alias ? Ref(alias) : null,
            }).ToEquatableArray(),
            Endpoints = schema.Endpoints.Select(e => e with
            {
                PathParameters = e.PathParameters.Select(Property).ToEquatableArray(),
                QueryParameters = e.QueryParameters.Select(Property).ToEquatableArray(),
                RequestBody = e.RequestBody is { } body ? Ref(body) : null,
                Response = e.Response is { } response ? Ref(response) : null,
            }).ToEquatableArray(),
        };
    }
}
