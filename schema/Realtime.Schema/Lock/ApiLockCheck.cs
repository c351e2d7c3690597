using Realtime.Schema.Analysis;
using Realtime.Schema.Model;

namespace Realtime.Schema.Lock;

/// <summary>
/// After shaping: every locked name the shaped API does not keep for the part of the page it stands for, as an error
/// at the page line of that part (or of its nearest owner still on the page). Each one is a genuine breaking change.
/// </summary>
public static class ApiLockCheck
{
    public static EquatableArray<SchemaDiagnostic> Check(ApiLock apiLock, ShapedApi api)
    {
        var sites = ApiSites.Index(api.Schema);
        var found = new List<SchemaDiagnostic>();
        var typeSites = new HashSet<string>(apiLock.Types.SelectMany(t => t.Sites), StringComparer.Ordinal);
        foreach (var locked in apiLock.Types)
        {
            CheckType(locked, sites, typeSites, found);
        }

        CheckClient(apiLock, api.Schema, found);

        return found.OrderBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal).ThenBy(d => d.Message, StringComparer.Ordinal).ToEquatableArray();
    }

    private static void CheckType(LockedType locked, ApiSites sites, HashSet<string> typeSites, List<SchemaDiagnostic> found)
    {
        var present = locked.Sites.Where(sites.Contains).ToList();
        if (present.Count == 0 && sites.Type(locked.Name) is { Kind: TypeDeclKind.Alias } alias)
        {
            // Still declared, but as a name for another type (a union left with one variant): no C# type of that name.
            Report(found, DiagnosticIds.LockedNameNotKept, alias.Line,
                $"the locked {locked.Kind} '{locked.Name}' is now an alias of '{sites.Resolve(alias.AliasOf ?? TypeRef.Unknown)}': no type '{locked.Name}' is generated");
            return;
        }

        if (present.Count == 0)
        {
            Report(found, DiagnosticIds.LockedTypeGone, sites.LineOf(locked.Sites.FirstOrDefault() ?? ""),
                $"the locked {locked.Kind} '{locked.Name}' is gone: the page no longer has {SitesText(locked.Sites)}");
            return;
        }

        var current = sites.Type(locked.Name);
        var kept = false;
        foreach (var site in present)
        {
            var named = sites.NamedTypeAt(site);
            if (named == locked.Name)
            {
                kept = true;
                continue;
            }

            var generated = named is null ? $"has no type of its own there ({sites.TypeTextAt(site)})" : $"is generated as '{named}'";

            // Taken: the name went to a part of the page the lock never gave it; else it is kept elsewhere or nowhere.
            if (current is not null && current.Kind != TypeDeclKind.Alias && !ApiSites.Of(current).Intersect(locked.Sites, StringComparer.Ordinal).Any())
            {
                Report(found, DiagnosticIds.LockedNameTaken, sites.LineOf(site),
                    $"the locked {locked.Kind} '{locked.Name}' at '{site}' {generated}: '{locked.Name}' now names the {ApiLocks.KindWord(current.Kind)} at {SitesText(ApiSites.Of(current))}");
            }
            else
            {
                Report(found, DiagnosticIds.LockedNameNotKept, sites.LineOf(site),
                    $"the locked {locked.Kind} '{locked.Name}' at '{site}' {generated}");
            }
        }

        if (!kept || current is null) return;
        var kind = ApiLocks.KindWord(current.Kind);
        if (kind != locked.Kind)
        {
            Report(found, DiagnosticIds.LockedNameNotKept, current.Line, $"the locked {locked.Kind} '{locked.Name}' is now a {kind}");
            return;
        }

        switch (current.Kind)
        {
            case TypeDeclKind.Object:
                CheckMembers(locked, current, sites, typeSites, found);
                break;
            case TypeDeclKind.Enum:
                var values = new HashSet<string>(current.Members.Select(m => m.Value), StringComparer.Ordinal);
                foreach (var value in locked.Values.Where(v => !values.Contains(v.Value)))
                {
                    Report(found, DiagnosticIds.LockedEnumValueGone, current.Line,
                        $"the locked value '{value.Value}' of enum '{locked.Name}' is gone: '{locked.Name}.{value.Name}' no longer exists");
                }

                break;
            case TypeDeclKind.Union:
                var variants = current.Variants.Select(v => new LockedVariant(sites.Resolve(v.Type).ToString(), ApiLocks.VariantTag(v))).ToList();
                foreach (var variant in locked.Variants.Where(v => !variants.Any(c => v.Tag is null ? c.Tag is null && c.Type == v.Type : c.Tag == v.Tag)))
                {
                    Report(found, DiagnosticIds.LockedVariantGone, current.Line,
                        $"the locked variant {(variant.Tag is null ? "" : "'" + variant.Tag + "' ")}({variant.Type}) of union '{locked.Name}' is gone");
                }

                break;
        }
    }

    /// <summary>Each locked member's property, C# name and type name; a member type that a locked type's own site check covers is not reported twice.</summary>
    private static void CheckMembers(LockedType locked, TypeDecl current, ApiSites sites, HashSet<string> typeSites, List<SchemaDiagnostic> found)
    {
        var names = CSharpNames.ObjectMemberNames(current);
        var byJson = new Dictionary<string, (PropertyDecl Property, string Name)>(StringComparer.Ordinal);
        for (var i = 0; i < current.Properties.Count; i++)
        {
            if (!byJson.ContainsKey(current.Properties[i].JsonName)) byJson.Add(current.Properties[i].JsonName, (current.Properties[i], names[i]));
        }

        foreach (var member in locked.Members)
        {
            if (!byJson.TryGetValue(member.Json, out var now))
            {
                Report(found, DiagnosticIds.LockedMemberGone, current.Line,
                    $"the locked member '{locked.Name}.{member.Name}' is gone: the page no longer has the property '{member.Json}'");
                continue;
            }

            if (now.Name != member.Name)
            {
                Report(found, DiagnosticIds.LockedMemberGone, now.Property.Line,
                    $"the locked member '{locked.Name}.{member.Name}' (property '{member.Json}') is now generated as '{now.Name}'");
            }

            var lockedType = ApiLockPins.NamedTypeIn(member.Type);
            var currentType = sites.NamedType(now.Property.Type);
            if (lockedType is not null && lockedType != currentType && !locked.Sites.Any(site => typeSites.Contains(site + "." + member.Json)))
            {
                Report(found, DiagnosticIds.LockedNameNotKept, now.Property.Line,
                    $"the locked member '{locked.Name}.{member.Name}' was of type '{member.Type}' and is now '{sites.Resolve(now.Property.Type)}'");
            }
        }
    }

    /// <summary>The REST client's name and its locked methods, matched by route; a method renamed (a title changed or repeated) is reported at its endpoint.</summary>
    private static void CheckClient(ApiLock apiLock, ApiSchema schema, List<SchemaDiagnostic> found)
    {
        if (apiLock.Client.Length == 0) return;
        if (schema.Endpoints.IsEmpty)
        {
            Report(found, DiagnosticIds.LockedTypeGone, 1, $"the locked REST client '{apiLock.Client}' is gone: the page has no endpoints");
            return;
        }

        var client = CSharpNames.RestClientName(schema);
        if (client != apiLock.Client)
        {
            Report(found, DiagnosticIds.LockedNameNotKept, 1, $"the locked REST client '{apiLock.Client}' is now generated as '{client}' (from the page title)");
        }

        var operations = ApiLocks.Operations(schema).ToDictionary(o => o.Route, StringComparer.Ordinal);
        var lines = schema.Endpoints.GroupBy(Diff.SchemaIndex.Label, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Line, StringComparer.Ordinal);
        foreach (var locked in apiLock.Operations)
        {
            if (!operations.TryGetValue(locked.Route, out var now))
            {
                Report(found, DiagnosticIds.LockedMemberGone, 1, $"the locked method '{apiLock.Client}.{locked.Name}' is gone: the page no longer has the endpoint {locked.Route}");
            }
            else if (now.Name != locked.Name)
            {
                Report(found, DiagnosticIds.LockedMemberGone, lines[locked.Route], $"the locked method '{apiLock.Client}.{locked.Name}' ({locked.Route}) is now generated as '{now.Name}'");
            }
        }
    }

    private static string SitesText(IReadOnlyList<string> sites) =>
        sites.Count == 1 ? $"'{sites[0]}'" : string.Join(", ", sites.Take(3).Select(s => "'" + s + "'")) + (sites.Count > 3 ? $" and {sites.Count - 3} more" : "");

    private static void Report(List<SchemaDiagnostic> found, string id, int line, string message) =>
        found.Add(new SchemaDiagnostic { Id = id, Severity = DiagnosticSeverity.Error, Line = line, Message = message });
}
