using Realtime.Schema.Model;

namespace Realtime.Schema.Lock;

/// <summary>
/// Follows a locked union variant to where the new page put it. A hoisted variant without a tag is named by its
/// position (<c>U.Variant2</c>), so reordering a union's variants swaps what stands at those sites; pinned by site, the
/// names would swap too. Each locked variant site whose shape is no longer there moves to the one sibling variant site
/// of the same union that has its fingerprint (and that no other locked type already matches exactly).
/// </summary>
public static class ApiLockAnchoring
{
    /// <summary>The lock with each moved variant site replaced by where its shape now stands; the lock itself when nothing moved.</summary>
    public static ApiLock Anchor(ApiLock apiLock, ApiSchema schema)
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
