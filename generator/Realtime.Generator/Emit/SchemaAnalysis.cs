using Realtime.Schema.Model;

namespace Realtime.Generator.Emit;

/// <summary>
/// Reads an <see cref="ApiSchema"/> once and derives the equatable per-unit emit models: shapes, resolved aliases,
/// which unions hold each variant record, discriminators. The emitters only ever see these models.
/// </summary>
/// <remarks>
/// Union mechanism: a union whose variants are all objects becomes an interface, and every variant record implements
/// the interface of every union that holds it. Interfaces are additive where a base class is not: a union added,
/// removed or reordered elsewhere on the page adds or removes an interface of a record, and never changes its base
/// type or members. Other unions become value unions (a class with Is/TryGet/Match).
/// </remarks>
public sealed class SchemaAnalysis
{
    private const int MaxAliasDepth = 32;

    private readonly Dictionary<string, TypeDecl> _decls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeShape> _shapes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _unionsOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _unionDiscriminator = new(StringComparer.Ordinal);
    private readonly List<TypeDecl> _order = new();

    private SchemaAnalysis(ApiSchema schema)
    {
        foreach (var decl in schema.Types)
        {
            // The first declaration of a name wins; the parser reports duplicates.
            if (decl.Name.Length > 0 && Naming.IsIdentifier(decl.Name) && !_decls.ContainsKey(decl.Name))
            {
                _decls.Add(decl.Name, decl);
                _order.Add(decl);
            }
        }

        foreach (var decl in _order)
        {
            _shapes[decl.Name] = ClassifyShape(decl);
        }

        foreach (var decl in _order)
        {
            if (_shapes[decl.Name] != TypeShape.ObjectUnion)
            {
                continue;
            }

            var variants = ObjectVariantNames(decl);
            _unionDiscriminator[decl.Name] = FindDiscriminator(decl, variants);
            foreach (var variant in variants)
            {
                if (!_unionsOf.TryGetValue(variant, out var unions))
                {
                    _unionsOf[variant] = unions = new SortedSet<string>(StringComparer.Ordinal);
                }

                unions.Add(decl.Name);
            }
        }
    }

    public static SchemaAnalysis Create(ApiSchema schema) => new(schema);

    /// <summary>The named types that become C# types (aliases excluded), in page order.</summary>
    public IEnumerable<TypeDecl> EmittedTypes => _order.Where(d => _shapes[d.Name] != TypeShape.Alias);

    public TypeShape ShapeOf(string name) => _shapes[name];

    public IReadOnlyList<TypeEmitModel> BuildTypeModels() => EmittedTypes.Select(BuildTypeModel).ToList();

    public TypeEmitModel BuildTypeModel(TypeDecl decl)
    {
        var shape = _shapes[decl.Name];
        var resolved = decl with
        {
            Properties = decl.Properties.Select(p => p with { Type = Resolve(p.Type) }).ToEquatableArray(),
            Variants = decl.Variants.Select(v => v with { Type = Resolve(v.Type) }).ToEquatableArray(),
            // A named list keeps its array (element resolved); other shapes have none.
            AliasOf = shape == TypeShape.List ? Resolve(decl.AliasOf!, 0, keepNamedList: false) : null,
        };

        var referenced = new SortedDictionary<string, TypeFacts>(StringComparer.Ordinal);
        foreach (var property in resolved.Properties)
        {
            CollectFacts(property.Type, referenced);
        }

        foreach (var variant in resolved.Variants)
        {
            CollectFacts(variant.Type, referenced);
        }

        if (resolved.AliasOf is { } list)
        {
            CollectFacts(list, referenced);
        }

        var model = new TypeEmitModel { Decl = resolved, Shape = shape, Referenced = referenced.Values.ToEquatableArray() };
        if (shape == TypeShape.Object && _unionsOf.TryGetValue(decl.Name, out var unions))
        {
            model = model with { Unions = unions.Select(u => new UnionMembership(u, _unionDiscriminator[u])).ToEquatableArray() };
        }

        if (shape == TypeShape.ObjectUnion)
        {
            model = model with
            {
                UnionVariants = VariantModels(decl),
                UnionDiscriminator = _unionDiscriminator[decl.Name],
            };
        }

        return model;
    }

    public IReadOnlyList<DispatcherModel> BuildDispatcherModels()
    {
        var unions = _order.Where(d => d.EventDirection != EventDirection.None && _shapes[d.Name] == TypeShape.ObjectUnion).ToList();
        var servers = unions.Where(d => d.EventDirection == EventDirection.Server).Select(d => d.Name).ToList();
        // Two unions whose stems collide keep them apart with a suffix (MakeUnique), in page order.
        var stems = Naming.MakeUnique(servers.Select(ReceiveStem), Array.Empty<string>());
        return unions
            .Select(d => new DispatcherModel
            {
                UnionName = d.Name,
                Direction = d.EventDirection,
                ReceiveStem = d.EventDirection == EventDirection.Server ? stems[servers.IndexOf(d.Name)] : "",
                Variants = VariantModels(d),
            })
            .ToList();
    }

    /// <summary>The part of a server-event union's name its receive methods carry (see <see cref="DispatcherModel.ReceiveStem"/>).</summary>
    private static string ReceiveStem(string union)
    {
        var stem = union.EndsWith("ServerEvent", StringComparison.Ordinal) ? union.Substring(0, union.Length - "ServerEvent".Length) : union;
        return stem.StartsWith("Realtime", StringComparison.Ordinal) ? stem.Substring("Realtime".Length) : stem;
    }

    public JsonEntryModel BuildJsonEntryModel() => new()
    {
        TypeNames = EmittedTypes
            .SelectMany(d => _shapes[d.Name] == TypeShape.ObjectUnion ? new[] { d.Name, "Unknown" + d.Name } : new[] { d.Name })
            .ToEquatableArray(),
        EventUnions = _order
            .Where(d => d.EventDirection != EventDirection.None && _shapes[d.Name] is TypeShape.ObjectUnion or TypeShape.ValueUnion)
            .Select(d => d.Name)
            .ToEquatableArray(),
    };

    /// <summary>
    /// Replaces aliases by their targets and names the page never declares by <c>unknown</c> (any JSON). A name the
    /// page gives an array directly is a type of its own (<see cref="TypeShape.List"/>) and stays a reference.
    /// </summary>
    public TypeRef Resolve(TypeRef type) => Resolve(type, 0, keepNamedList: true);

    /// <summary>A page alias whose target is an array: emitted as a list class of its name.</summary>
    private static bool IsNamedList(TypeDecl decl) => decl.Kind == TypeDeclKind.Alias && decl.AliasOf is { Kind: TypeRefKind.Array };

    private TypeRef Resolve(TypeRef type, int depth, bool keepNamedList)
    {
        if (depth > MaxAliasDepth)
        {
            return TypeRef.Unknown;
        }

        switch (type.Kind)
        {
            case TypeRefKind.Named:
                if (type.Name is null || !_decls.TryGetValue(type.Name, out var decl))
                {
                    return TypeRef.Unknown;
                }

                return decl.Kind == TypeDeclKind.Alias && !(keepNamedList && IsNamedList(decl)) ? Resolve(decl.AliasOf ?? TypeRef.Unknown, depth + 1, keepNamedList: true) : type;
            case TypeRefKind.Array:
            case TypeRefKind.Map:
                return type with { Element = Resolve(type.Element ?? TypeRef.Unknown, depth + 1, keepNamedList: true) };
            default:
                return type;
        }
    }

    private TypeShape ClassifyShape(TypeDecl decl) => decl.Kind switch
    {
        TypeDeclKind.Object => TypeShape.Object,
        TypeDeclKind.Enum => TypeShape.Enum,
        TypeDeclKind.Alias => IsNamedList(decl) ? TypeShape.List : TypeShape.Alias,
        _ => decl.Variants.Count > 0 && decl.Variants.All(v => Resolve(v.Type) is { Kind: TypeRefKind.Named } r && _decls[r.Name!].Kind == TypeDeclKind.Object)
            ? TypeShape.ObjectUnion
            : TypeShape.ValueUnion,
    };

    private List<string> ObjectVariantNames(TypeDecl union) => union.Variants
        .Select(v => Resolve(v.Type).Name!)
        .Distinct(StringComparer.Ordinal)
        .ToList();

    private EquatableArray<UnionVariantModel> VariantModels(TypeDecl union)
    {
        var descriptions = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var variant in union.Variants)
        {
            var name = Resolve(variant.Type).Name;
            if (name is not null && !descriptions.ContainsKey(name))
            {
                descriptions[name] = variant.Description ?? _decls[name].Description;
            }
        }

        return ObjectVariantNames(union)
            .Select(name => new UnionVariantModel { TypeName = name, Description = descriptions[name] })
            .ToEquatableArray();
    }

    /// <summary>The property whose string literal differs in every variant: the page's choice if it holds, else the first that does.</summary>
    private string? FindDiscriminator(TypeDecl union, List<string> variants)
    {
        var literalSets = variants.Select(v => LiteralsOf(_decls[v])).ToList();
        bool Works(string name)
        {
            var values = new HashSet<string>(StringComparer.Ordinal);
            return literalSets.All(set => set.FirstOrDefault(c => c.JsonName == name) is { } c && values.Add(c.Value));
        }

        if (union.Discriminator is { } declared && Works(declared))
        {
            return declared;
        }

        return literalSets.Count == 0 ? null : literalSets[0].Select(c => c.JsonName).FirstOrDefault(Works);
    }

    private void CollectFacts(TypeRef type, SortedDictionary<string, TypeFacts> into)
    {
        switch (type.Kind)
        {
            case TypeRefKind.Named when type.Name is not null && !into.ContainsKey(type.Name):
                into[type.Name] = FactsOf(_decls[type.Name]);
                break;
            case TypeRefKind.Array:
            case TypeRefKind.Map:
                CollectFacts(type.Element ?? TypeRef.Unknown, into);
                break;
        }
    }

    private TypeFacts FactsOf(TypeDecl decl) => new()
    {
        Name = decl.Name,
        Shape = _shapes[decl.Name],
        EnumValueKind = decl.EnumValueKind,
        EnumValues = decl.Kind == TypeDeclKind.Enum ? decl.Members.Select(m => m.Value).ToEquatableArray() : EquatableArray<string>.Empty,
        IsOpenEnum = decl.IsOpenEnum,
        Literals = decl.Kind == TypeDeclKind.Object ? LiteralsOf(decl) : EquatableArray<LiteralConstraint>.Empty,
        RequiredNames = decl.Kind == TypeDeclKind.Object
            ? decl.Properties.Where(p => p.IsRequired).Select(p => p.JsonName).ToEquatableArray()
            : EquatableArray<string>.Empty,
        IsFlat = decl.Kind == TypeDeclKind.Object && decl.Properties.All(p => TypeMapping.IsFlatMember(p with { Type = Resolve(p.Type) })),
    };

    /// <summary>The string-literal properties of an object (<c>type: "message"</c>, <c>role: "system"</c>).</summary>
    public static EquatableArray<LiteralConstraint> LiteralsOf(TypeDecl decl) => decl.Properties
        .Where(p => p.Type.Kind == TypeRefKind.Literal && p.Type.LiteralKind == LiteralKind.String && p.Type.LiteralJson is not null)
        .Select(p => new LiteralConstraint(p.JsonName, UnquoteJson(p.Type.LiteralJson!), p.IsRequired))
        .ToEquatableArray();

    /// <summary>The CLR string of a JSON string literal (<c>"a\"b"</c> → <c>a"b</c>).</summary>
    public static string UnquoteJson(string json)
    {
        if (json.Length < 2 || json[0] != '"')
        {
            return json;
        }

        var sb = new System.Text.StringBuilder(json.Length);
        for (var i = 1; i < json.Length - 1; i++)
        {
            var c = json[i];
            if (c != '\\' || i + 1 >= json.Length - 1)
            {
                sb.Append(c);
                continue;
            }

            var e = json[++i];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'u' when i + 4 < json.Length:
                    sb.Append((char)Convert.ToInt32(json.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                default: sb.Append(e); break;
            }
        }

        return sb.ToString();
    }
}
