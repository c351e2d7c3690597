using Realtime.Schema.Building;
using Realtime.Schema.Model;

namespace Realtime.Schema.Analysis;

/// <summary>
/// One type per shape. The builder hoists every inline object, enum and union at its own site (so hoisted names never
/// depend on other sites); this stage then decides, for every hoisted type:
/// 1. a page type it is: structurally equal to a page type (the ordinally first, when the page has two of that
///    shape), else a compatible subset of exactly one named for the same concept (its last word is the property's)
///    (every member there with a compatible type, every member it lacks optional there). An inline enum only ever
///    becomes a page enum that types a property of the same JSON name: two literal sets of different properties (a
///    reasoning effort, a transcription delay) merely agree today;
/// 2. else one type for its copies: hoisted types with equal resolved structure standing for the same property
///    (the same JSON name or that name qualified, <c>input_audio_noise_reduction</c>, followed by the same
///    variant/enum segments) share one type, named after the longest common word suffix of their sites' JSON paths
///    (<c>….audio.input.noise_reduction</c>, <c>….input_audio_noise_reduction</c> → <c>NoiseReduction</c>; see
///    <see cref="GroupNaming"/> for one-word and contested names). Objects of different properties stay apart, as
///    enums do.
/// Every decision depends on the set of sites, never on page order. The maintainer's options: a NoUnify site keeps its
/// own type; a pinned site's type is named by its pin, is a page type only when its pin names that page type (then
/// it is whenever the site is equal to or a subset of it), and sites pinned alike share one type when structurally
/// equal (enums pinned alike always, with every value of each); an unpinned copy joins the pinned ones of its kind when they agree on one pin.
/// A hoisted type inside a type that became a page type goes with it (its site is the page type's counterpart).
/// </summary>
internal sealed class Unifier
{
    private const int MaxAdoptionRounds = 8;

    private readonly ApiSchema _schema;
    private readonly Dictionary<string, TypeDecl> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pins = new(StringComparer.Ordinal);
    private readonly HashSet<string> _noUnify;
    private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _pagesBySignature = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _pageObjectsByMember = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _pageEnumsByProperty = new(StringComparer.Ordinal);

    // Per round (adoption of pins by unpinned copies may change keys): memoised keys and page matches.
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pageStructures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Page, UnificationKind Kind)> _pageMatch = new(StringComparer.Ordinal);
    private Dictionary<string, string> _adopted = new(StringComparer.Ordinal);

    private Unifier(ApiSchema schema, ShapingOptions options)
    {
        _schema = schema;
        foreach (var decl in schema.Types)
        {
            if (!_types.ContainsKey(decl.Name)) _types.Add(decl.Name, decl);
        }

        foreach (var pin in options.Pins)
        {
            if (!_pins.ContainsKey(pin.Site)) _pins.Add(pin.Site, pin.Name);
        }

        _noUnify = new HashSet<string>(options.NoUnify, StringComparer.Ordinal);
        foreach (var decl in _types.Values)
        {
            foreach (var reference in ReferencesOf(decl))
            {
                if (IsHoisted(reference) && !_parent.ContainsKey(reference)) _parent.Add(reference, decl.Name);
            }

            if (!decl.IsNamedOnPage) continue;
            Add(_pagesBySignature, ResolvedKeys.Signature(decl), decl.Name);
            if (decl.Kind == TypeDeclKind.Object)
            {
                foreach (var property in decl.Properties) Add(_pageObjectsByMember, property.JsonName, decl.Name);
            }
        }

        foreach (var (jsonName, type) in AllProperties())
        {
            foreach (var name in NamesIn(type))
            {
                if (_types.TryGetValue(name, out var target) && target.IsNamedOnPage && target.Kind == TypeDeclKind.Enum)
                {
                    if (!_pageEnumsByProperty.TryGetValue(name, out var names)) _pageEnumsByProperty.Add(name, names = new HashSet<string>(StringComparer.Ordinal));
                    names.Add(jsonName);
                }
            }
        }
    }

    public static ShapedApi Unify(ApiSchema schema, ShapingOptions options) => new Unifier(schema, options).Run();

    private ShapedApi Run()
    {
        var hoisted = _types.Values.Where(t => !t.IsNamedOnPage).OrderBy(t => t.Origin, StringComparer.Ordinal).ToList();
        for (var round = 0; ; round++)
        {
            _keys.Clear();
            _pageStructures.Clear();
            _pageMatch.Clear();
            foreach (var decl in hoisted) KeyOf(decl.Name);
            var adopted = AdoptedPins(hoisted);
            if (round + 1 >= MaxAdoptionRounds || SameMap(adopted, _adopted)) break;
            _adopted = adopted;
        }

        // A hoisted type under one that became a page type is gone with it; it neither groups nor is listed.
        var live = hoisted.Where(t => !HasMatchedAncestor(t.Name)).ToList();
        var liveNames = new HashSet<string>(live.Select(t => t.Name), StringComparer.Ordinal);
        var candidates = live.Where(t => !_pageMatch.ContainsKey(t.Name) && _keys[t.Name][0] == '=').ToList();
        var classes = QualifiedPropertyClasses(candidates.Select(t => _keys[t.Name]));
        var groups = candidates
            .GroupBy(t => classes[_keys[t.Name]], StringComparer.Ordinal)
            .Select(g => g.OrderBy(t => t.Origin, StringComparer.Ordinal).ToList())
            .ToList();

        var names = new GroupNaming(this, live, groups);
        var finalName = new Dictionary<string, string>(StringComparer.Ordinal);
        var sites = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var unifications = new List<Unification>();
        foreach (var decl in live)
        {
            if (_pageMatch.TryGetValue(decl.Name, out var match))
            {
                finalName[decl.Name] = match.Page;
                AddSite(sites, match.Page, decl.Origin);
                unifications.Add(new Unification { Site = decl.Origin, From = decl.Name, To = match.Page, Kind = match.Kind, Line = decl.Line });
            }
        }

        foreach (var group in groups)
        {
            var name = names.Of(group);
            foreach (var member in group)
            {
                finalName[member.Name] = name;
                AddSite(sites, name, member.Origin);
                if (group.Count > 1)
                {
                    unifications.Add(new Unification { Site = member.Origin, From = member.Name, To = name, Kind = UnificationKind.MergedCopies, Line = member.Line });
                }
            }
        }

        foreach (var decl in live.Where(t => !finalName.ContainsKey(t.Name)))
        {
            var name = names.OfSingle(decl);
            finalName[decl.Name] = name;
            AddSite(sites, name, decl.Origin);
        }

        // The sites inside a copy that became a page type are the page type's counterparts' sites too (for the lock).
        var byOrigin = hoisted.GroupBy(t => t.Origin, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        foreach (var decl in hoisted.Where(t => !liveNames.Contains(t.Name)))
        {
            var matched = MatchedAncestor(decl.Name);
            if (matched is null || !decl.Origin.StartsWith(matched.Origin + ".", StringComparison.Ordinal)) continue;
            var counterpart = _pageMatch[matched.Name].Page + decl.Origin.Substring(matched.Origin.Length);
            if (byOrigin.TryGetValue(counterpart, out var twin) && finalName.TryGetValue(twin, out var name)) AddSite(sites, name, decl.Origin);
        }

        TypeRef Rewrite(TypeRef type) => type.Kind switch
        {
            TypeRefKind.Named when type.Name is not null && finalName.TryGetValue(type.Name, out var name) => TypeRef.Named(name),
            TypeRefKind.Array or TypeRefKind.Map when type.Element is not null => type with { Element = Rewrite(type.Element) },
            _ => type,
        };

        TypeDecl Rewritten(TypeDecl decl, string name, IEnumerable<string> typeSites) => decl with
        {
            Name = name,
            Sites = typeSites.ToEquatableArray(),
            Properties = decl.Properties.Select(p => p with { Type = Rewrite(p.Type) }).ToEquatableArray(),
            Variants = decl.Variants.Select(v => v with { Type = Rewrite(v.Type) }).ToEquatableArray(),
            AliasOf = decl.AliasOf is null ? null : Rewrite(decl.AliasOf),
        };

        var representatives = groups.ToDictionary(g => g[0].Name, g => g, StringComparer.Ordinal);
        var types = new List<TypeDecl>();
        foreach (var decl in _schema.Types)
        {
            if (decl.IsNamedOnPage)
            {
                var own = new SortedSet<string>(StringComparer.Ordinal) { decl.Name };
                if (sites.TryGetValue(decl.Name, out var absorbed)) own.UnionWith(absorbed);
                types.Add(Rewritten(decl, decl.Name, own));
            }
            else if (liveNames.Contains(decl.Name) && !_pageMatch.ContainsKey(decl.Name) && (representatives.ContainsKey(decl.Name) || _keys[decl.Name][0] == '#'))
            {
                var name = finalName[decl.Name];
                var merged = decl.Kind == TypeDeclKind.Enum && representatives.TryGetValue(decl.Name, out var group) ? decl with { Members = MergedMembers(group) } : decl;
                types.Add(Rewritten(merged, name, sites[name]));
            }
        }

        types.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : string.CompareOrdinal(a.Name, b.Name));
        var endpoints = _schema.Endpoints.Select(e => e with
        {
            PathParameters = e.PathParameters.Select(p => p with { Type = Rewrite(p.Type) }).ToEquatableArray(),
            QueryParameters = e.QueryParameters.Select(p => p with { Type = Rewrite(p.Type) }).ToEquatableArray(),
            RequestBody = e.RequestBody is null ? null : Rewrite(e.RequestBody),
            Response = e.Response is null ? null : Rewrite(e.Response),
        }).ToEquatableArray();

        unifications.Sort((a, b) => string.CompareOrdinal(a.Site, b.Site));
        return new ShapedApi
        {
            Schema = _schema with { Types = types.ToEquatableArray(), Endpoints = endpoints },
            Unifications = unifications.ToEquatableArray(),
            Diagnostics = Summary(unifications),
        };
    }

    private EquatableArray<SchemaDiagnostic> Summary(List<Unification> unifications)
    {
        if (unifications.Count == 0) return EquatableArray<SchemaDiagnostic>.Empty;
        int Count(UnificationKind kind) => unifications.Count(u => u.Kind == kind);
        var merged = unifications.Where(u => u.Kind == UnificationKind.MergedCopies).Select(u => u.To).Distinct(StringComparer.Ordinal).Count();
        return EquatableArray.Create(new SchemaDiagnostic
        {
            Id = DiagnosticIds.Unified,
            Severity = DiagnosticSeverity.Info,
            Line = 1,
            Message = $"{unifications.Count} inline types use another type: {Count(UnificationKind.EqualToNamed)} equal to a page type, "
                + $"{Count(UnificationKind.SubsetOfNamed)} a subset of one, {Count(UnificationKind.MergedCopies)} copies merged into {merged} types "
                + "(listed by `realtime-codegen schema`; ShapingOptions.NoUnify keeps a site's own type)",
        });
    }

    // ---------------------------------------------------------------- keys and page matches

    private bool IsHoisted(string name) => _types.TryGetValue(name, out var decl) && !decl.IsNamedOnPage;

    /// <summary>
    /// A type's unification class: <c>@Page</c> for a page type or a hoisted type that is one, <c>#Name</c> for a
    /// NoUnify site, else <c>=structure^identity</c> (or <c>^pin:Name</c> for pinned sites and those that adopt a pin).
    /// </summary>
    private string KeyOf(string name)
    {
        if (!_types.TryGetValue(name, out var decl)) return "?" + name;
        if (decl.IsNamedOnPage) return "@" + name;
        if (_keys.TryGetValue(name, out var known)) return known;
        if (!_inProgress.Add(name)) return "#" + name;
        var structure = Structure(decl);
        var site = decl.Origin;
        string key;
        if (_noUnify.Contains(site)) key = "#" + name;
        else
        {
            var match = _pins.TryGetValue(site, out var pin) ? PinnedPage(decl, structure, pin) : PageOf(decl, structure);
            if (match is { } found)
            {
                _pageMatch[name] = found;
                key = "@" + found.Page;
            }
            // Enum copies pinned to one name stay one type whatever values each gained (see MergedMembers).
            else if (pin is not null) key = "=" + (decl.Kind == TypeDeclKind.Enum ? PinnedEnumStructure(decl) : structure) + "^pin:" + pin;
            else
            {
                var unpinned = "=" + structure + "^" + SiteNames.Identity(site);
                key = _adopted.TryGetValue(unpinned, out var adopted) ? "=" + structure + "^pin:" + adopted : unpinned;
            }
        }

        _inProgress.Remove(name);
        _keys[name] = key;
        return key;
    }

    private string Structure(TypeDecl decl) => ResolvedKeys.Of(decl, RefKey);

    /// <summary>A pinned enum's key without its values: an enum the lock named keeps that name when its copies drift apart.</summary>
    private static string PinnedEnumStructure(TypeDecl decl) => (decl.IsOpenEnum ? "E*(" : "E(") + decl.EnumValueKind + ":pinned)";

    /// <summary>
    /// The members of a group's one type: the representative's, then each value only another copy has (in site order).
    /// Only pinned enum copies can differ here: merging their values keeps every locked property's type, and a value
    /// one copy lacks is a value its property may now be given (additive), where a split would rename a type (breaking).
    /// </summary>
    private static EquatableArray<EnumMember> MergedMembers(List<TypeDecl> group)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return group.SelectMany(t => t.Members).Where(m => seen.Add(m.Value)).ToEquatableArray();
    }

    private string RefKey(TypeRef type) => ResolvedKeys.OfRef(type, KeyOf);

    private string? PageStructure(string page)
    {
        if (_pageStructures.TryGetValue(page, out var known)) return known;
        if (!_inProgress.Add(page)) return null; // a page type being keyed cannot be its own part
        var structure = Structure(_types[page]);
        _inProgress.Remove(page);
        _pageStructures[page] = structure;
        return structure;
    }

    /// <summary>The page type an unpinned hoisted type is: the only equal one, else the only one it is a compatible subset of.</summary>
    private (string Page, UnificationKind Kind)? PageOf(TypeDecl decl, string structure)
    {
        var sameProperty = decl.Kind == TypeDeclKind.Enum ? EnumsOfProperty(decl.Origin) : null;
        var ancestors = AncestorsOf(decl.Name);
        bool Eligible(string page) => _types[page].Kind == decl.Kind && !ancestors.Contains(page) && (sameProperty is null || sameProperty.Contains(page));

        var equal = _pagesBySignature.TryGetValue(ResolvedKeys.Signature(decl), out var sameSignature)
            ? sameSignature.Where(p => Eligible(p) && PageStructure(p) == structure).ToList()
            : new List<string>();
        // Two page types of one shape (the page names it twice): the ordinally first, so page order decides nothing.
        if (equal.Count > 0) return (equal.OrderBy(p => p, StringComparer.Ordinal).First(), UnificationKind.EqualToNamed);

        // A subset is weaker evidence than equality: an object or union also has to be named for the same concept
        // (the page type's last word is the property's: `input_audio_transcription` → `AudioTranscription`).
        var lastWord = SiteNames.PropertyName(decl.Origin) is { } property ? SiteNames.LastWord(property) : null;
        var supersets = SubsetCandidates(decl, sameProperty)
            .Where(p => Eligible(p) && (sameProperty is not null || SiteNames.LastWord(p) == lastWord) && IsSubset(decl, _types[p], 0))
            .ToList();
        return supersets.Count == 1 ? (supersets[0], UnificationKind.SubsetOfNamed) : null;
    }

    /// <summary>A pinned site is a page type only when its pin names one it is equal to or a subset of.</summary>
    private (string Page, UnificationKind Kind)? PinnedPage(TypeDecl decl, string structure, string pin)
    {
        if (!_types.TryGetValue(pin, out var page) || !page.IsNamedOnPage || page.Kind != decl.Kind) return null;
        if (PageStructure(pin) == structure) return (pin, UnificationKind.EqualToNamed);
        return IsSubset(decl, page, 0) ? (pin, UnificationKind.SubsetOfNamed) : null;
    }

    private IEnumerable<string> SubsetCandidates(TypeDecl decl, HashSet<string>? sameProperty)
    {
        switch (decl.Kind)
        {
            case TypeDeclKind.Object:
                if (decl.Properties.IsEmpty) return Array.Empty<string>(); // an empty object fits anything: it says nothing
                IEnumerable<string>? candidates = null;
                foreach (var property in decl.Properties)
                {
                    if (!_pageObjectsByMember.TryGetValue(property.JsonName, out var pages)) return Array.Empty<string>();
                    candidates = candidates is null ? pages : candidates.Intersect(pages, StringComparer.Ordinal).ToList();
                }

                return candidates ?? Array.Empty<string>();
            case TypeDeclKind.Enum:
                return sameProperty ?? (IEnumerable<string>)Array.Empty<string>();
            case TypeDeclKind.Union:
                return _types.Values.Where(t => t.IsNamedOnPage && t.Kind == TypeDeclKind.Union && t.Variants.Count > decl.Variants.Count).Select(t => t.Name);
            default:
                return Array.Empty<string>();
        }
    }

    /// <summary>The page enums that type a property of the site's JSON name.</summary>
    private HashSet<string> EnumsOfProperty(string site)
    {
        var jsonName = SiteNames.PropertyName(site);
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (jsonName is null) return result;
        foreach (var pair in _pageEnumsByProperty)
        {
            if (pair.Value.Contains(jsonName)) result.Add(pair.Key);
        }

        return result;
    }

    /// <summary>Every value of <paramref name="sub"/> is a value of <paramref name="super"/> with the same meaning.</summary>
    private bool IsSubset(TypeDecl sub, TypeDecl super, int depth)
    {
        if (depth > 16 || sub.Kind != super.Kind) return false;
        switch (sub.Kind)
        {
            case TypeDeclKind.Enum:
                return sub.EnumValueKind == super.EnumValueKind && (!sub.IsOpenEnum || super.IsOpenEnum)
                    && sub.Members.All(m => super.Members.Any(s => s.Value == m.Value));
            case TypeDeclKind.Object:
                foreach (var property in sub.Properties)
                {
                    var other = super.Properties.FirstOrDefault(p => p.JsonName == property.JsonName);
                    if (other is null || (other.IsRequired && !property.IsRequired) || (property.IsNullable && !other.IsNullable)) return false;
                    if (!IsCompatible(property.Type, other.Type, depth + 1)) return false;
                }

                return super.Properties.All(p => !p.IsRequired || sub.Properties.Any(s => s.JsonName == p.JsonName));
            case TypeDeclKind.Union:
                return sub.Variants.All(v => super.Variants.Any(s => IsCompatible(v.Type, s.Type, depth + 1)));
            default:
                return false;
        }
    }

    private bool IsCompatible(TypeRef sub, TypeRef super, int depth)
    {
        if (RefKey(sub) == RefKey(super)) return true;
        if (sub.Kind != super.Kind) return false;
        return sub.Kind switch
        {
            TypeRefKind.Array or TypeRefKind.Map => sub.Element is not null && super.Element is not null && IsCompatible(sub.Element, super.Element, depth + 1),
            TypeRefKind.Named => _types.TryGetValue(sub.Name!, out var a) && _types.TryGetValue(super.Name!, out var b) && !a.IsNamedOnPage && IsSubset(a, b, depth),
            _ => false,
        };
    }

    /// <summary>The pin each unpinned class adopts: the one pin its pinned copies of the same property agree on.</summary>
    private Dictionary<string, string> AdoptedPins(List<TypeDecl> hoisted)
    {
        var pinsByClass = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var decl in hoisted)
        {
            if (!_pins.TryGetValue(decl.Origin, out var pin) || _pageMatch.ContainsKey(decl.Name) || _noUnify.Contains(decl.Origin)) continue;
            var key = _keys[decl.Name];
            var unpinned = key.Substring(0, key.LastIndexOf("^pin:", StringComparison.Ordinal)) + "^" + SiteNames.Identity(decl.Origin);
            if (!pinsByClass.TryGetValue(unpinned, out var pins)) pinsByClass.Add(unpinned, pins = new HashSet<string>(StringComparer.Ordinal));
            pins.Add(pin);
        }

        return pinsByClass.Where(p => p.Value.Count == 1).ToDictionary(p => p.Key, p => p.Value.Single(), StringComparer.Ordinal);
    }

    /// <summary>
    /// The class of each unpinned key: equal structures of a property and of the same property qualified (a flat
    /// session's <c>input_audio_noise_reduction</c>, a nested one's <c>noise_reduction</c>: the longer JSON name ends
    /// with the shorter at a word boundary) are one class, when exactly one longer name qualifies the shorter one; two
    /// qualifications of one name (<c>input_modalities</c>, <c>output_modalities</c>) are two properties.
    /// </summary>
    private static Dictionary<string, string> QualifiedPropertyClasses(IEnumerable<string> keys)
    {
        var classes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var byStructure in keys.Distinct(StringComparer.Ordinal).GroupBy(StructureOfKey, StringComparer.Ordinal))
        {
            var identities = byStructure.Where(k => !k.Contains("^pin:")).Select(IdentityOfKey).ToList();
            var longer = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var identity in identities)
            {
                var qualifying = identities.Where(other => SiteNames.Qualifies(other, identity)).ToList();
                if (qualifying.Count == 1) longer.Add(identity, qualifying[0]);
            }

            foreach (var key in byStructure)
            {
                if (key.Contains("^pin:"))
                {
                    classes[key] = key;
                    continue;
                }

                var identity = IdentityOfKey(key);
                for (var guard = 0; longer.TryGetValue(identity, out var next) && guard < 16; guard++) identity = next;
                classes[key] = byStructure.Key + "^" + identity;
            }
        }

        return classes;
    }

    private static string StructureOfKey(string key) => key.Substring(0, key.LastIndexOf('^'));

    private static string IdentityOfKey(string key) => key.Substring(key.LastIndexOf('^') + 1);

    private HashSet<string> AncestorsOf(string name)
    {
        var ancestors = new HashSet<string>(StringComparer.Ordinal);
        while (_parent.TryGetValue(name, out var parent) && ancestors.Add(parent)) name = parent;
        return ancestors;
    }

    private bool HasMatchedAncestor(string name) => MatchedAncestor(name) is not null;

    /// <summary>The outermost hoisted ancestor that became a page type, if any.</summary>
    private TypeDecl? MatchedAncestor(string name)
    {
        TypeDecl? matched = null;
        for (var guard = 0; _parent.TryGetValue(name, out var parent) && guard < 64; guard++)
        {
            if (_pageMatch.ContainsKey(parent)) matched = _types[parent];
            name = parent;
        }

        return matched;
    }

    private static bool SameMap(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    // ---------------------------------------------------------------- references

    private IEnumerable<(string JsonName, TypeRef Type)> AllProperties()
    {
        foreach (var decl in _types.Values)
        {
            foreach (var property in decl.Properties) yield return (property.JsonName, property.Type);
        }

        foreach (var endpoint in _schema.Endpoints)
        {
            foreach (var parameter in endpoint.PathParameters.Concat(endpoint.QueryParameters)) yield return (parameter.JsonName, parameter.Type);
        }
    }

    private static IEnumerable<string> ReferencesOf(TypeDecl decl) =>
        decl.Properties.Select(p => p.Type).Concat(decl.Variants.Select(v => v.Type)).Concat(decl.AliasOf is null ? Array.Empty<TypeRef>() : new[] { decl.AliasOf }).SelectMany(NamesIn);

    private static IEnumerable<string> NamesIn(TypeRef type)
    {
        for (var t = type; t is not null; t = t.Element)
        {
            if (t.Kind == TypeRefKind.Named && t.Name is not null) yield return t.Name;
        }
    }

    private static void Add(Dictionary<string, List<string>> index, string key, string value)
    {
        if (!index.TryGetValue(key, out var list)) index.Add(key, list = new List<string>());
        list.Add(value);
    }

    private static void AddSite(Dictionary<string, SortedSet<string>> sites, string name, string site)
    {
        if (!sites.TryGetValue(name, out var set)) sites.Add(name, set = new SortedSet<string>(StringComparer.Ordinal));
        set.Add(site);
    }

    // ---------------------------------------------------------------- names

    /// <summary>
    /// Names of the stage's types, claimed in this order so that none depends on page order: page types; pins
    /// (a pin that a page type has, or that structurally different groups share, is kept by the group with the
    /// ordinally first site); single hoisted types keep the builder's name; merged copies take their common suffix
    /// unless something above or another group wants it, else their first site's hoisted name.
    /// </summary>
    private sealed class GroupNaming
    {
        private readonly Unifier _owner;
        private readonly Dictionary<List<TypeDecl>, string> _groupNames = new();
        private readonly Dictionary<string, string> _singleNames = new(StringComparer.Ordinal);

        public GroupNaming(Unifier owner, List<TypeDecl> live, List<List<TypeDecl>> groups)
        {
            _owner = owner;
            var taken = new HashSet<string>(owner._types.Values.Where(t => t.IsNamedOnPage).Select(t => t.Name), StringComparer.Ordinal);
            var unnamed = new List<List<TypeDecl>>();
            foreach (var byPin in groups.Select(g => (Group: g, Pin: PinOf(g))).Where(x => x.Pin is not null).GroupBy(x => x.Pin!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var ordered = byPin.OrderBy(x => x.Group[0].Origin, StringComparer.Ordinal).ToList();
                var winner = taken.Add(byPin.Key) ? 1 : 0;
                for (var i = 0; i < ordered.Count; i++)
                {
                    if (i < winner) _groupNames[ordered[i].Group] = byPin.Key;
                    else unnamed.Add(ordered[i].Group);
                }
            }

            foreach (var group in groups.Where(g => g.Count == 1 && !_groupNames.ContainsKey(g) && PinOf(g) is null)) _singleNames[group[0].Name] = Claim(group[0].Name, taken);
            foreach (var decl in live.Where(t => owner._pageMatch.ContainsKey(t.Name) is false && owner._keys[t.Name][0] == '#')) _singleNames[decl.Name] = Claim(owner._pins.TryGetValue(decl.Origin, out var pin) ? pin : decl.Name, taken);

            unnamed.AddRange(groups.Where(g => !_groupNames.ContainsKey(g) && !unnamed.Contains(g) && !(g.Count == 1 && PinOf(g) is null)));
            // Each group walks down its candidates while its name is taken or wanted by another group, so who gets a
            // name depends on the set of groups, not on their order; the last candidate (its first site's hoisted name)
            // is unique already.
            var candidates = unnamed.ToDictionary(g => g, Candidates);
            var level = unnamed.ToDictionary(g => g, _ => 0);
            var lastResort = new HashSet<string>(unnamed.Select(g => g[0].Name), StringComparer.Ordinal);
            for (var changed = true; changed;)
            {
                changed = false;
                var wanted = unnamed.GroupBy(g => candidates[g][level[g]], StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.Count(), StringComparer.Ordinal);
                foreach (var group in unnamed)
                {
                    var name = candidates[group][level[group]];
                    var contested = taken.Contains(name) || wanted[name] > 1 || (lastResort.Contains(name) && name != group[0].Name);
                    if (contested && level[group] + 1 < candidates[group].Count)
                    {
                        level[group]++;
                        changed = true;
                    }
                }
            }

            foreach (var group in unnamed.OrderBy(g => g[0].Origin, StringComparer.Ordinal)) _groupNames[group] = Claim(candidates[group][level[group]], taken);
        }

        public string Of(List<TypeDecl> group) => _groupNames.TryGetValue(group, out var name) ? name : _singleNames[group[0].Name];

        public string OfSingle(TypeDecl decl) => _singleNames.TryGetValue(decl.Name, out var name) ? name : decl.Name;

        private string? PinOf(List<TypeDecl> group)
        {
            var key = _owner._keys[group[0].Name];
            var at = key.LastIndexOf("^pin:", StringComparison.Ordinal);
            return at < 0 ? null : key.Substring(at + "^pin:".Length);
        }

        /// <summary>The name, or (when something already has it: rare, a pin taking a hoisted type's name) the name numbered.</summary>
        private static string Claim(string name, HashSet<string> taken)
        {
            var unique = name;
            for (var n = 2; !taken.Add(unique); n++) unique = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return unique;
        }

        /// <summary>
        /// A group's names, most wanted first: the longest common word suffix of its sites' JSON paths when it has two
        /// words at least (<c>NoiseReduction</c>; one word, <c>Audio</c>, <c>Status</c>, says too little in one
        /// namespace of hundreds of types); that suffix after the longest word run all the sites' owners share
        /// (<c>ConversationItem</c> + <c>Status</c>); its first site's hoisted name.
        /// </summary>
        private static List<string> Candidates(List<TypeDecl> group)
        {
            var names = new List<string>();
            if (group.Count > 1)
            {
                var suffix = CommonSuffix(group.Select(t => SiteNames.Words(t.Origin)).ToList());
                var context = LongestSharedRun(group.Select(t => SiteNames.OwnerWords(t.Origin)).ToList());
                if (suffix.Count >= 2) names.Add(string.Concat(suffix));
                if (suffix.Count >= 1 && context.Count >= 1) names.Add(string.Concat(Join(context, suffix)));
            }

            names.RemoveAll(n => n.Length == 0 || !char.IsLetter(n[0]));
            names.Add(group[0].Name);
            return names.Distinct(StringComparer.Ordinal).ToList();
        }

        /// <summary>The words all lists share at their end.</summary>
        private static List<string> CommonSuffix(List<List<string>> lists)
        {
            var common = lists[0];
            foreach (var words in lists.Skip(1))
            {
                var n = 0;
                while (n < common.Count && n < words.Count && common[common.Count - 1 - n] == words[words.Count - 1 - n]) n++;
                common = common.GetRange(common.Count - n, n);
            }

            return common;
        }

        /// <summary>The longest run of words every list contains (the first such run of the first list on a tie): the owners' shared concept, <c>ConversationItem</c>.</summary>
        private static List<string> LongestSharedRun(List<List<string>> lists)
        {
            var first = lists[0];
            for (var length = first.Count; length > 0; length--)
            {
                for (var start = 0; start + length <= first.Count; start++)
                {
                    var run = first.GetRange(start, length);
                    if (lists.Skip(1).All(words => Contains(words, run))) return run;
                }
            }

            return new List<string>();
        }

        private static bool Contains(List<string> words, List<string> run)
        {
            for (var start = 0; start + run.Count <= words.Count; start++)
            {
                if (run.Select((w, i) => words[start + i] == w).All(x => x)) return true;
            }

            return false;
        }

        /// <summary>The context then the suffix, once where they overlap (<c>ResponseContentPart</c> + <c>Part</c>).</summary>
        private static IEnumerable<string> Join(List<string> context, List<string> suffix)
        {
            var overlap = Math.Min(context.Count, suffix.Count);
            while (overlap > 0 && !context.Skip(context.Count - overlap).SequenceEqual(suffix.Take(overlap))) overlap--;
            return context.Concat(suffix.Skip(overlap));
        }
    }
}

/// <summary>What a site path (<c>Owner.json_name.Variant</c>) says about the property it stands for.</summary>
internal static class SiteNames
{
    /// <summary>
    /// The property a site stands for: from its last JSON name (lower-case on the page) to the end, so a variant or
    /// literal set keeps its union's property (<c>voice.Enum</c>); the whole path when there is no JSON name in it.
    /// </summary>
    public static string Identity(string site)
    {
        var segments = site.Split('.');
        var last = LastJsonName(segments);
        return last < 1 ? site : string.Join(".", segments, last, segments.Length - last);
    }

    /// <summary>The site's last JSON name, if it has one.</summary>
    public static string? PropertyName(string site)
    {
        var segments = site.Split('.');
        var last = LastJsonName(segments);
        return last < 1 ? null : segments[last];
    }

    /// <summary>The PascalCase words of the site's path after its owner (<c>X.audio.input.noise_reduction</c> → Audio Input Noise Reduction).</summary>
    public static List<string> Words(string site)
    {
        var words = new List<string>();
        var segments = site.Split('.');
        for (var i = 1; i < segments.Length; i++) AddWords(Building.Naming.Pascal(segments[i]), words);
        return words;
    }

    /// <summary>The PascalCase words of the site's owner (<c>RealtimeTranslationSession.audio</c> → Realtime Translation Session).</summary>
    public static List<string> OwnerWords(string site)
    {
        var words = new List<string>();
        AddWords(Building.Naming.Pascal(site.Split('.')[0]), words);
        return words;
    }

    private static void AddWords(string pascal, List<string> words)
    {
        var start = 0;
        for (var c = 1; c <= pascal.Length; c++)
        {
            if (c == pascal.Length || char.IsUpper(pascal[c]))
            {
                words.Add(pascal.Substring(start, c - start));
                start = c;
            }
        }
    }

    /// <summary>The last PascalCase word of a name or JSON name (<c>input_audio_transcription</c> → <c>Transcription</c>).</summary>
    public static string LastWord(string name)
    {
        var pascal = Building.Naming.Pascal(name);
        var start = pascal.Length - 1;
        while (start > 0 && !char.IsUpper(pascal[start])) start--;
        return pascal.Substring(start);
    }

    /// <summary>
    /// <paramref name="longer"/> is <paramref name="shorter"/> qualified: the same tail after the JSON name, and a JSON
    /// name that ends with the other's at a word boundary (<c>input_audio_noise_reduction</c>, <c>noise_reduction</c>).
    /// </summary>
    public static bool Qualifies(string longer, string shorter)
    {
        var dot = longer.IndexOf('.');
        var otherDot = shorter.IndexOf('.');
        var tail = dot < 0 ? "" : longer.Substring(dot);
        var otherTail = otherDot < 0 ? "" : shorter.Substring(otherDot);
        var name = dot < 0 ? longer : longer.Substring(0, dot);
        var otherName = otherDot < 0 ? shorter : shorter.Substring(0, otherDot);
        return tail == otherTail && name.Length > otherName.Length + 1 && name.EndsWith("_" + otherName, StringComparison.Ordinal)
            && char.IsLower(otherName.Length > 0 ? otherName[0] : 'A');
    }

    private static int LastJsonName(string[] segments)
    {
        for (var i = segments.Length - 1; i >= 1; i--)
        {
            if (segments[i].Length > 0 && !char.IsUpper(segments[i][0])) return i;
        }

        return -1;
    }
}
