using Realtime.Schema.Model;

namespace Realtime.Schema.Lock;

/// <summary>
/// Follows locked sites that the new page spells out elsewhere for the same thing:
/// <list type="bullet">
/// <item>An endpoint's sites start with its title (<c>Realtime/Calls/Accept call body</c>); a retitled endpoint, the
/// same route, moves them all.</item>
/// <item>A hoisted union variant without a tag is named by its position (<c>U.Variant2</c>), so reordering a union's
/// variants swaps what stands at those sites; pinned by site, the names would swap too. Each locked variant site whose
/// shape is no longer there moves to the one sibling variant site of the same union that has its fingerprint (and that
/// no other locked type already matches exactly).</item>
/// </list>
/// </summary>
public static class ApiLockAnchoring
{
    /// <summary>The lock with each moved site replaced by where it now stands; the lock itself when nothing moved.</summary>
    public static ApiLock Anchor(ApiLock apiLock, ApiSchema schema) => AnchorVariants(AnchorEndpoints(apiLock, schema), schema);

    private static ApiLock AnchorEndpoints(ApiLock apiLock, ApiSchema schema)
    {
        var current = schema.Endpoints.GroupBy(Diff.SchemaIndex.Label, StringComparer.Ordinal).ToDictionary(g => g.Key, g => ApiSites.EndpointSite(g.First()), StringComparer.Ordinal);
        var moves = apiLock.Operations
            .Where(o => current.TryGetValue(o.Route, out var site) && site != o.Site)
            .ToDictionary(o => o.Site, o => current[o.Route], StringComparer.Ordinal);
        if (moves.Count == 0) return apiLock;

        string Move(string site)
        {
            foreach (var move in moves)
            {
                if (site == move.Key) return move.Value;
                if (site.StartsWith(move.Key, StringComparison.Ordinal) && site[move.Key.Length] is '.' or ' ') return move.Value + site.Substring(move.Key.Length);
            }

            return site;
        }

        return apiLock with
        {
            Types = apiLock.Types.Select(t => t with { Sites = t.Sites.Select(Move).Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToEquatableArray() }).ToEquatableArray(),
            Operations = apiLock.Operations.Select(o => o with { Site = Move(o.Site) }).ToEquatableArray(),
        };
    }

    private static ApiLock AnchorVariants(ApiLock apiLock, ApiSchema schema)
    {
        var sites = ApiSites.Index(schema);
        var variantSites = VariantSitesByUnionSite(schema, sites);
        if (variantSites.Count == 0) return apiLock;

        // First every locked site whose shape is still there claims it, then the others look for their shape.
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in apiLock.Types)
        {
            foreach (var site in type.Sites)
            {
                if (FingerprintAt(variantSites, site) == type.Fingerprint) claimed.Add(site);
            }
        }

        var moved = false;
        var anchored = new List<LockedType>();
        foreach (var type in apiLock.Types)
        {
            var anchoredSites = new List<string>();
            foreach (var site in type.Sites)
            {
                var target = site;
                if (FingerprintAt(variantSites, site) != type.Fingerprint && variantSites.TryGetValue(ApiSites.Owner(site), out var siblings))
                {
                    var candidates = siblings.Where(s => s.Fingerprint == type.Fingerprint && !claimed.Contains(s.Site)).ToList();
                    if (candidates.Count == 1)
                    {
                        target = candidates[0].Site;
                        claimed.Add(target);
                        moved = true;
                    }
                }

                anchoredSites.Add(target);
            }

            anchored.Add(type with { Sites = anchoredSites.Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToEquatableArray() });
        }

        return moved ? apiLock with { Types = anchored.ToEquatableArray() } : apiLock;
    }

    private static string? FingerprintAt(Dictionary<string, List<(string Site, string Fingerprint)>> variantSites, string site) =>
        variantSites.TryGetValue(ApiSites.Owner(site), out var siblings) ? siblings.FirstOrDefault(s => s.Site == site).Fingerprint : null;

    /// <summary>For each site of a union, the sites of its hoisted variants directly under it, with their fingerprints.</summary>
    private static Dictionary<string, List<(string Site, string Fingerprint)>> VariantSitesByUnionSite(ApiSchema schema, ApiSites sites)
    {
        var result = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        foreach (var union in schema.Types.Where(t => t.Kind == TypeDeclKind.Union))
        {
            var unionSites = ApiSites.Of(union);
            foreach (var variant in union.Variants)
            {
                if (sites.NamedType(variant.Type) is not { } name || sites.Type(name) is not { IsNamedOnPage: false } hoisted) continue;
                var fingerprint = ApiLocks.Fingerprint(hoisted, sites);
                foreach (var site in ApiSites.Of(hoisted).Where(s => unionSites.Contains(ApiSites.Owner(s))))
                {
                    var owner = ApiSites.Owner(site);
                    if (!result.TryGetValue(owner, out var list)) result.Add(owner, list = new List<(string, string)>());
                    if (!list.Any(x => x.Item1 == site)) list.Add((site, fingerprint));
                }
            }
        }

        return result;
    }
}
