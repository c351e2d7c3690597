using Realtime.Schema.Model;

namespace Realtime.Schema.Lock;

/// <summary>
/// The sites of a schema (see <c>Analysis/ShapingModels.cs</c>): which type stands at each dotted JSON path of the
/// page, and the page line of each. Built the way the builder names sites: a page type's site is its name, an
/// endpoint's is <c>Resource/Title</c> (its body <c>… body</c>, its response <c>… returns</c>), a property's is its
/// owner's site + <c>.</c> + its JSON name, a hoisted type's is its <see cref="TypeDecl.Origin"/>.
/// </summary>
public sealed class ApiSites
{
    private const int MaxAliasDepth = 32;

    private readonly Dictionary<string, TypeDecl> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (TypeRef Type, int Line)> _sites = new(StringComparer.Ordinal);

    private ApiSites(ApiSchema schema)
    {
        foreach (var type in schema.Types)
        {
            // The first declaration of a name wins, as in the emitters; the parser reports duplicates.
            if (!_types.ContainsKey(type.Name)) _types.Add(type.Name, type);
        }

        // A type's own sites first: an alias is no type of its own (its site is its hoisted target's).
        foreach (var type in _types.Values.Where(t => t.Kind != TypeDeclKind.Alias))
        {
            foreach (var site in Of(type)) Add(site, TypeRef.Named(type.Name), type.Line, replaceLine: false);
        }

        // Then each property at its owner's sites: its line is where the page spells it out.
        foreach (var type in _types.Values.Where(t => t.Kind == TypeDeclKind.Object))
        {
            foreach (var site in Of(type))
            {
                foreach (var property in type.Properties) Add(site + "." + property.JsonName, property.Type, property.Line, replaceLine: true);
            }
        }

        foreach (var endpoint in schema.Endpoints)
        {
            var root = EndpointSite(endpoint);
            Add(root, TypeRef.Unknown, endpoint.Line, replaceLine: false);
            foreach (var parameter in endpoint.PathParameters.Concat(endpoint.QueryParameters)) Add(root + "." + parameter.JsonName, parameter.Type, parameter.Line, replaceLine: true);
            if (endpoint.RequestBody is { } body) Add(root + " body", body, endpoint.Line, replaceLine: false);
            if (endpoint.Response is { } response) Add(root + " returns", response, endpoint.Line, replaceLine: false);
        }
    }

    public static ApiSites Index(ApiSchema schema) => new(schema);

    /// <summary>An endpoint's own site, the root of its parameters' (<c>.name</c>), body's (<c> body</c>) and response's (<c> returns</c>).</summary>
    public static string EndpointSite(Endpoint endpoint) => endpoint.Resource + "/" + endpoint.Title;

    /// <summary>
    /// The sites a type stands for: its own (its name for a page type, its <see cref="TypeDecl.Origin"/> for a hoisted
    /// one) and, after unification, every inline copy's site in <see cref="TypeDecl.Sites"/>; sorted.
    /// </summary>
    public static IReadOnlyList<string> Of(TypeDecl type)
    {
        var own = type.IsNamedOnPage ? type.Name : type.Origin;
        return type.Sites.Concat(own.Length > 0 ? new[] { own } : Array.Empty<string>())
            .Distinct(StringComparer.Ordinal)
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
    }

    public bool Contains(string site) => _sites.ContainsKey(site);

    /// <summary>The C# type name at a site (aliases resolved, arrays and maps unwrapped), or null when the site has none (a primitive, any JSON) or is not on the page.</summary>
    public string? NamedTypeAt(string site) => _sites.TryGetValue(site, out var entry) ? NamedType(entry.Type) : null;

    /// <summary>The type text at a site in the page's notation (aliases resolved), or null when the site is not on the page.</summary>
    public string? TypeTextAt(string site) => _sites.TryGetValue(site, out var entry) ? Resolve(entry.Type).ToString() : null;

    /// <summary>The page line of the site, or of its nearest owner still on the page (<c>A.b.c</c> → <c>A.b</c> → <c>A</c>); 1 when none is.</summary>
    public int LineOf(string site)
    {
        for (var current = site; current.Length > 0; current = Owner(current))
        {
            if (_sites.TryGetValue(current, out var entry)) return entry.Line;
        }

        return 1;
    }

    /// <summary>The type declared with this name (the first one), or null.</summary>
    public TypeDecl? Type(string name) => _types.TryGetValue(name, out var type) ? type : null;

    /// <summary>A type reference with aliases replaced by their targets (a name the page never declares stays as it is).</summary>
    public TypeRef Resolve(TypeRef type) => Resolve(type, 0);

    /// <summary>The named type a reference stands for (aliases resolved, arrays and maps unwrapped), or null.</summary>
    public string? NamedType(TypeRef type)
    {
        var resolved = Resolve(type);
        while (resolved.Kind is TypeRefKind.Array or TypeRefKind.Map && resolved.Element is not null) resolved = resolved.Element;
        return resolved.Kind == TypeRefKind.Named ? resolved.Name : null;
    }

    private TypeRef Resolve(TypeRef type, int depth)
    {
        if (depth > MaxAliasDepth) return TypeRef.Unknown;
        switch (type.Kind)
        {
            case TypeRefKind.Named when type.Name is not null && _types.TryGetValue(type.Name, out var decl) && decl.Kind == TypeDeclKind.Alias:
                return Resolve(decl.AliasOf ?? TypeRef.Unknown, depth + 1);
            case TypeRefKind.Array or TypeRefKind.Map when type.Element is not null:
                return type with { Element = Resolve(type.Element, depth + 1) };
            default:
                return type;
        }
    }

    /// <summary><c>A.b.c</c> → <c>A.b</c>; <c>R/Title body</c> → <c>R/Title</c>; a root → empty.</summary>
    internal static string Owner(string site)
    {
        var dot = site.LastIndexOf('.');
        if (dot > 0) return site.Substring(0, dot);
        var space = site.LastIndexOf(' ');
        return space > 0 && site.IndexOf('/') >= 0 ? site.Substring(0, space) : "";
    }

    private void Add(string site, TypeRef type, int line, bool replaceLine)
    {
        if (!_sites.TryGetValue(site, out var existing)) _sites[site] = (type, line);
        else if (replaceLine && line > 0) _sites[site] = (existing.Type, line);
    }
}
