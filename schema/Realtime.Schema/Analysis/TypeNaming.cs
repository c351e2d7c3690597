using System.Globalization;
using Realtime.Schema.Model;

namespace Realtime.Schema.Analysis;

/// <summary>
/// The last step of shaping: every type gets its C# name by <see cref="CSharpNames.TypeName"/>, unique among the
/// generated types ignoring case (the generator's file names and case-insensitive file systems need that), and apart
/// from the runtime's types and the names the emitters derive from unions. A name a pin (the lock) gives is kept as
/// pinned. Who keeps a contested name is decided without page order: a pinned name, then a page type, then a name
/// already in the form the rule gives, then the ordinally first; the others get their kind's word (<c>Enum</c>,
/// <c>Object</c>, <c>Union</c>) or a number, and a finding.
/// </summary>
internal static class TypeNaming
{
    public static ShapedApi Apply(ShapedApi shaped, ShapingOptions options)
    {
        var schema = shaped.Schema;
        var words = PageWords.Of(schema);
        var pins = new HashSet<(string Site, string Name)>(options.Pins.Select(p => (p.Site, p.Name)));
        var byName = new Dictionary<string, TypeDecl>(StringComparer.Ordinal);
        foreach (var decl in schema.Types)
        {
            if (!byName.ContainsKey(decl.Name)) byName.Add(decl.Name, decl);
        }

        bool IsPinned(TypeDecl decl) => SitesOf(decl).Any(site => pins.Contains((site, decl.Name)));
        var candidates = byName.Values
            .Select(decl => (Decl: decl, Pinned: IsPinned(decl), Wanted: IsPinned(decl) ? decl.Name : CSharpNames.TypeName(decl.Name, words)))
            .OrderBy(c => c.Pinned ? 0 : 1)
            .ThenBy(c => c.Decl.IsNamedOnPage ? 0 : 1)
            .ThenBy(c => string.Equals(c.Wanted, c.Decl.Name, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(c => c.Decl.Name, StringComparer.Ordinal)
            .ToList();

        var reserved = new HashSet<string>(CSharpNames.RuntimeTypeNames, StringComparer.OrdinalIgnoreCase);
        foreach (var name in CSharpNames.GeneratedTypeNames(schema.Title, byName.Values.Where(d => d.Kind == TypeDeclKind.Union).Select(d => d.Name)))
        {
            reserved.Add(name);
        }

        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var finalName = new Dictionary<string, string>(StringComparer.Ordinal);
        var findings = new List<SchemaDiagnostic>();
        foreach (var (decl, _, wanted) in candidates)
        {
            var name = wanted;
            if (taken.Contains(name) || reserved.Contains(name))
            {
                var stem = name;
                name = stem + KindWord(decl.Kind);
                for (var i = 2; taken.Contains(name) || reserved.Contains(name); i++) name = stem + i.ToString(CultureInfo.InvariantCulture);
                var isReserved = reserved.Contains(wanted);
                var caseOnly = !isReserved && !taken.Contains(wanted, StringComparer.Ordinal);
                // An inline type the builder already qualified (RealtimeResponse_Status, because RealtimeResponseStatus
                // is a page type) is expected to need its kind's word: the listing shows it, no finding.
                if (isReserved || caseOnly || decl.IsNamedOnPage || decl.Name.IndexOf('_') < 0)
                {
                    findings.Add(Renamed(
                        decl,
                        wanted,
                        name,
                        isReserved ? "the name of a type the generated code already uses" : caseOnly ? "another type's name but for case" : "another type's name"));
                }
            }

            taken.Add(name);
            finalName[decl.Name] = name;
        }

        if (finalName.All(p => string.Equals(p.Key, p.Value, StringComparison.Ordinal))) return shaped with { Diagnostics = shaped.Diagnostics.Concat(findings).ToEquatableArray() };

        TypeRef Rewrite(TypeRef type) => type.Kind switch
        {
            TypeRefKind.Named when type.Name is not null && finalName.TryGetValue(type.Name, out var name) => type with { Name = name },
            TypeRefKind.Array or TypeRefKind.Map when type.Element is not null => type with { Element = Rewrite(type.Element) },
            _ => type,
        };

        EquatableArray<PropertyDecl> Properties(EquatableArray<PropertyDecl> properties) => properties.Select(p => p with { Type = Rewrite(p.Type) }).ToEquatableArray();

        var types = schema.Types.Select(decl => decl with
        {
            Name = finalName[decl.Name],
            // A page type's own site is its page name: keep it, so the lock and the diff still find it on the page.
            Sites = SitesOf(decl).ToEquatableArray(),
            Properties = Properties(decl.Properties),
            Variants = decl.Variants.Select(v => v with { Type = Rewrite(v.Type) }).ToEquatableArray(),
            AliasOf = decl.AliasOf is null ? null : Rewrite(decl.AliasOf),
        }).ToEquatableArray();
        var endpoints = schema.Endpoints.Select(e => e with
        {
            PathParameters = Properties(e.PathParameters),
            QueryParameters = Properties(e.QueryParameters),
            RequestBody = e.RequestBody is null ? null : Rewrite(e.RequestBody),
            Response = e.Response is null ? null : Rewrite(e.Response),
        }).ToEquatableArray();
        return shaped with
        {
            Schema = schema with { Types = types, Endpoints = endpoints },
            Unifications = shaped.Unifications.Select(u => u with { To = finalName.TryGetValue(u.To, out var to) ? to : u.To }).ToEquatableArray(),
            Diagnostics = shaped.Diagnostics.Concat(findings).ToEquatableArray(),
        };
    }

    /// <summary>The sites a type stands for: its <see cref="TypeDecl.Sites"/>, or (as the builder made it) its origin or page name.</summary>
    private static IEnumerable<string> SitesOf(TypeDecl decl) =>
        !decl.Sites.IsEmpty ? decl.Sites : new[] { decl.IsNamedOnPage || decl.Origin.Length == 0 ? decl.Name : decl.Origin };

    private static string KindWord(TypeDeclKind kind) => kind switch
    {
        TypeDeclKind.Enum => "Enum",
        TypeDeclKind.Union => "Union",
        TypeDeclKind.Alias => "Alias",
        _ => "Object",
    };

    private static SchemaDiagnostic Renamed(TypeDecl decl, string wanted, string name, string why) => new()
    {
        Id = DiagnosticIds.TypeRenamed,
        Severity = DiagnosticSeverity.Warning,
        Line = decl.Line,
        Message = $"the type `{decl.Name}` is generated as `{name}`: `{wanted}` is {why} (the lock or the maintainer overlay can name it)",
    };
}
