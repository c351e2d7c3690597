using Realtime.Schema.Model;

namespace Realtime.Schema.Diff;

/// <summary>Lookups over one schema: types by name, endpoints by route, and the owner each hoisted type is reported under.</summary>
internal sealed class SchemaIndex
{
    private const int MaxOwnerDepth = 32;

    private readonly Dictionary<string, string> _endpointOwnedTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _endpointByOperation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ownerCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeDecl> _typeByOrigin = new(StringComparer.Ordinal);

    public SchemaIndex(ApiSchema schema)
    {
        Schema = schema;
        foreach (var type in schema.Types)
        {
            // A duplicate name is the parser's diagnostic to report; the first declaration wins here.
            if (!Types.ContainsKey(type.Name)) Types[type.Name] = type;
            if (!type.IsNamedOnPage && type.Origin.Length > 0 && !_typeByOrigin.ContainsKey(type.Origin)) _typeByOrigin[type.Origin] = type;
        }

        foreach (var endpoint in schema.Endpoints)
        {
            var label = Label(endpoint);
            if (!Endpoints.ContainsKey(label)) Endpoints[label] = endpoint;
            if (endpoint.OperationName.Length > 0 && !_endpointByOperation.ContainsKey(endpoint.OperationName))
            {
                _endpointByOperation[endpoint.OperationName] = label;
            }

            foreach (var name in SchemaText.NamesIn(endpoint.RequestBody).Concat(SchemaText.NamesIn(endpoint.Response)))
            {
                if (Types.TryGetValue(name, out var owned) && !owned.IsNamedOnPage && !_endpointOwnedTypes.ContainsKey(name))
                {
                    _endpointOwnedTypes[name] = label;
                }
            }
        }
    }

    public ApiSchema Schema { get; }

    public Dictionary<string, TypeDecl> Types { get; } = new(StringComparer.Ordinal);

    /// <summary>Endpoints by <see cref="Label"/> (<c>POST /realtime/client_secrets</c>); the first one wins on a duplicate route.</summary>
    public Dictionary<string, Endpoint> Endpoints { get; } = new(StringComparer.Ordinal);

    public static string Label(Endpoint endpoint) => endpoint.Method.ToString().ToUpperInvariant() + " " + endpoint.Path;

    /// <summary>True for a group that is an endpoint's <see cref="Label"/> (type names never contain a space).</summary>
    public static bool IsEndpointLabel(string group)
    {
        var space = group.IndexOf(' ');
        return space > 0 && space + 1 < group.Length && group[space + 1] == '/'
            && Enum.GetNames(typeof(HttpMethodKind)).Any(m => string.Equals(m, group.Substring(0, space), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The report group of a type: a page type is its own group; a hoisted type is reported under the page type
    /// (or endpoint) its declaring path starts from, so an inline enum shows up next to the property that declares it.
    /// </summary>
    public string OwnerOf(TypeDecl type)
    {
        if (_ownerCache.TryGetValue(type.Name, out var cached)) return cached;
        var owner = FindOwner(type, 0);
        _ownerCache[type.Name] = owner;
        return owner;
    }

    /// <summary>Where a hoisted type is declared (<c>AudioTranscription.model</c>), or null for a page type.</summary>
    public static string? SiteOf(TypeDecl type) => type.IsNamedOnPage || type.Origin.Length == 0 ? null : type.Origin;

    private string FindOwner(TypeDecl type, int depth)
    {
        if (type.IsNamedOnPage) return type.Name;
        if (_endpointOwnedTypes.TryGetValue(type.Name, out var endpointLabel)) return endpointLabel;
        var root = FirstSegment(type.Origin);
        if (root.Length > 0 && root != type.Name && depth < MaxOwnerDepth)
        {
            if (Types.TryGetValue(root, out var rootType)) return FindOwner(rootType, depth + 1);

            // Roots that are not type names are the declaring site of another hoisted type (an endpoint body's
            // "Resource/Title body"): its owner is this one's.
            if (_typeByOrigin.TryGetValue(root, out var siteType) && siteType.Name != type.Name) return FindOwner(siteType, depth + 1);
            if (_endpointByOperation.TryGetValue(root, out var label)) return label;
        }

        return type.Name;
    }

    private static string FirstSegment(string path)
    {
        var dot = path.IndexOf('.');
        return (dot < 0 ? path : path.Substring(0, dot)).Trim();
    }
}
