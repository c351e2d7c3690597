using Realtime.Schema.Model;
using Realtime.Schema.Reading;
using Realtime.Schema.Syntax;

namespace Realtime.Schema.Building;

/// <summary>
/// Builds the <see cref="ApiSchema"/> from the reader's entries:
/// 1. collect the page's named types (<c>###</c> declarations first, then names declared inside unions, then
///    names only ever expanded under a reference) and their structure keys;
/// 2. build every named type, resolving references and hoisting inline objects/enums/unions (an inline shape
///    equal to a named type becomes that type; equal inline shapes share one hoisted type);
/// 3. build the endpoints of every resource section;
/// 4. find discriminators and event unions; check every summary against its children.
///
/// Hoisted names: the owner's name + the PascalCase JSON name (<c>RealtimeAudioConfigInput.noise_reduction</c> →
/// <c>RealtimeAudioConfigInputNoiseReduction</c>), nested owners being hoisted types themselves; array elements and map
/// values take the property's name; an unnamed object variant takes the union's name + its tag
/// (<c>type: "server_vad"</c> → <c>…ServerVad</c>) or <c>Variant{n}</c>; a literal set among variants <c>…Enum</c>;
/// endpoint bodies and results <c>{Operation}Request</c>/<c>{Operation}Response</c>. A name already taken gets the
/// smallest free number suffix (<c>RealtimeResponseStatus2</c>), in page order, so names are stable for a given page.
/// </summary>
internal sealed partial class SchemaBuilder
{
    private const string DomainTypesHeading = "Domain Types";

    private readonly IReadOnlyList<DocEntry> _entries;
    private readonly List<SchemaDiagnostic> _diagnostics;
    private readonly Dictionary<string, NamedDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly List<NamedDefinition> _definitionOrder = new();
    private readonly Dictionary<string, string> _namedByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _hoistedByKey = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeDecl> _types = new(StringComparer.Ordinal);
    private readonly List<string> _typeOrder = new();
    private readonly HashSet<string> _reportedConflicts = new(StringComparer.Ordinal);

    private SchemaBuilder(IReadOnlyList<DocEntry> entries, List<SchemaDiagnostic> diagnostics)
    {
        _entries = entries;
        _diagnostics = diagnostics;
    }

    public static ApiSchema Build(IReadOnlyList<DocEntry> entries, List<SchemaDiagnostic> diagnostics)
    {
        var builder = new SchemaBuilder(entries, diagnostics);
        return builder.Build();
    }

    private ApiSchema Build()
    {
        var title = _entries.OfType<HeadingEntry>().FirstOrDefault(h => h.Level == 1)?.Text ?? "";
        if (!_entries.OfType<DeclEntry>().Any())
        {
            Report(DiagnosticIds.NotAReferencePage, DiagnosticSeverity.Error, FirstLine(), "not an API reference page: no declaration items (list items starting with a code span) were found");
        }

        CollectDefinitions();
        foreach (var definition in _definitionOrder) BuildNamed(definition);
        var endpoints = BuildEndpoints(title);
        foreach (var entry in _entries.OfType<DeclEntry>()) CheckItem(entry.Item);
        foreach (var code in _entries.OfType<CodeEntry>().Where(c => !c.IsClosed))
        {
            Report(DiagnosticIds.UnclosedCodeFence, DiagnosticSeverity.Warning, code.Line, "code fence is never closed (truncated file?)");
        }

        var types = _typeOrder.Select(name => FinishType(_types[name])).ToList();
        types.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : string.CompareOrdinal(a.Name, b.Name));
        return new ApiSchema
        {
            Title = title,
            Types = types.ToEquatableArray(),
            Endpoints = endpoints.ToEquatableArray(),
        };
    }

    private int FirstLine() => _entries.Count > 0 ? _entries[0].Line : 1;

    // ---------------------------------------------------------------- phase 1: named definitions

    private sealed class NamedDefinition
    {
        public NamedDefinition(string name, DeclItem item, TypeExpr type, string origin)
        {
            Name = name;
            Item = item;
            Type = type;
            Origin = origin;
        }

        public string Name { get; }

        public DeclItem Item { get; }

        /// <summary>The declared shape: an object, union, or aliased type expression.</summary>
        public TypeExpr Type { get; }

        public string Origin { get; }

        /// <summary>The structure key of the declaration, computed once.</summary>
        public string Key => _key ??= StructuralKeys.Of(Type, Item.Children);

        private string? _key;
    }

    private void CollectDefinitions()
    {
        var expansions = new List<(string Name, DeclItem Item, string Origin)>();
        var inDomainTypes = false;
        string? heading = null;
        var nested = new List<(DeclItem Item, string Origin)>();
        foreach (var entry in _entries)
        {
            switch (entry)
            {
                case HeadingEntry h when h.Level <= 2:
                    inDomainTypes = h.Level == 2 && h.Text == DomainTypesHeading;
                    heading = null;
                    break;
                case HeadingEntry h when h.Level == 3:
                    heading = h.Text;
                    break;
                case DeclEntry d:
                    var syntax = StructuralKeys.SyntaxOf(d.Item);
                    var origin = heading ?? "";
                    if (inDomainTypes && heading is not null)
                    {
                        if (syntax.Form is DeclForm.NamedObject or DeclForm.Alias) AddDefinition(syntax, d.Item, origin);
                        else if (syntax.Form != DeclForm.Invalid)
                        {
                            Report(DiagnosticIds.BrokenNesting, DiagnosticSeverity.Error, d.Item.Line, $"'{d.Item.Code}' sits at the top of a type section, where a type declaration (`Name object {{ … }}` or `Name = …`) belongs: the list nesting is broken");
                        }
                    }

                    nested.Add((d.Item, origin));
                    break;
            }
        }

        foreach (var (item, origin) in nested) CollectNested(item, origin, expansions);
        foreach (var (name, item, origin) in expansions)
        {
            if (_definitions.ContainsKey(name)) continue;
            var inferred = item.Children.All(c => StructuralKeys.SyntaxOf(c).Form == DeclForm.Property)
                ? new ObjectExpr(Array.Empty<string>(), 0, hasFieldList: false)
                : (TypeExpr)new UnionExpr(Array.Empty<TypeExpr>(), 0);
            AddDefinition(name, item, inferred, origin);
        }

        foreach (var definition in _definitionOrder)
        {
            if (definition.Type is ObjectExpr or UnionExpr)
            {
                if (!_namedByKey.ContainsKey(definition.Key)) _namedByKey.Add(definition.Key, definition.Name);
            }
        }
    }

    private void CollectNested(DeclItem item, string origin, List<(string, DeclItem, string)> expansions)
    {
        var syntax = StructuralKeys.SyntaxOf(item);
        if (syntax.Form is DeclForm.NamedObject or DeclForm.Alias) AddDefinition(syntax, item, origin);
        else if (item.Children.Count > 0 && syntax.Form is DeclForm.Property or DeclForm.Bare && UnwrapNamed(syntax.Type) is { } referenced)
        {
            expansions.Add((referenced, item, origin));
        }

        foreach (var child in item.Children) CollectNested(child, origin, expansions);
    }

    /// <summary>The name a reference-with-children expands (<c>x: optional Name</c>, <c>array of Name</c>), if the type is one.</summary>
    private static string? UnwrapNamed(TypeExpr type) => type switch
    {
        NamedExpr n => n.Name,
        ArrayExpr a => UnwrapNamed(a.Element),
        MapExpr m => UnwrapNamed(m.Value),
        _ => null,
    };

    private void AddDefinition(DeclSyntax syntax, DeclItem item, string origin)
    {
        if (_definitions.TryGetValue(syntax.Name!, out var existing))
        {
            // Shallow on purpose (the children's summaries, not their subtrees): repeated expansions are many and deep,
            // and a difference below the first level shows up in the children's own summaries or checks.
            if (!ReferenceEquals(existing.Item, item) && item.Children.Count > 0 && existing.Item.Children.Count > 0
                && existing.Type is ObjectExpr or UnionExpr && syntax.Type is ObjectExpr or UnionExpr
                && !SameChildSummaries(existing.Item, item) && _reportedConflicts.Add(syntax.Name!))
            {
                Report(DiagnosticIds.ConflictingDeclaration, DiagnosticSeverity.Info, item.Line, $"'{syntax.Name}' is declared here with a different structure than at line {existing.Item.Line}, whose declaration is used");
            }

            return;
        }

        AddDefinition(syntax.Name!, item, syntax.Type, origin);
    }

    private static bool SameChildSummaries(DeclItem a, DeclItem b)
    {
        if (a.Children.Count != b.Children.Count) return false;
        for (var i = 0; i < a.Children.Count; i++)
        {
            if (!string.Equals(a.Children[i].Code, b.Children[i].Code, StringComparison.Ordinal)) return false;
        }

        return true;
    }

    private void AddDefinition(string name, DeclItem item, TypeExpr type, string origin)
    {
        var definition = new NamedDefinition(name, item, type, origin);
        _definitions.Add(name, definition);
        _definitionOrder.Add(definition);
        _usedNames.Add(name);
    }

    // ---------------------------------------------------------------- phase 2: types

    /// <summary>Where a type expression sits: the dotted path for <see cref="TypeDecl.Origin"/> and the name a hoisted type there gets.</summary>
    private readonly struct Site
    {
        public Site(string path, string name, int line, string? description)
        {
            Path = path;
            Name = name;
            Line = line;
            Description = description;
        }

        public string Path { get; }

        public string Name { get; }

        public int Line { get; }

        public string? Description { get; }

        public Site Child(string jsonName, int line, string? description) => new(Path + "." + jsonName, Name + Naming.Pascal(jsonName), line, description);

        public Site Renamed(string suffix, int line, string? description) => new(Path + "." + suffix, Name + suffix, line, description);
    }

    private void BuildNamed(NamedDefinition definition)
    {
        var item = definition.Item;
        var site = new Site(definition.Name, definition.Name, item.Line, item.Description);
        var type = Shapes.Regroup(definition.Type, item.Children);
        switch (type)
        {
            case ObjectExpr obj:
                ResolveObject(obj, item.Children, site, declaredName: definition.Name, definition.Origin);
                break;
            case UnionExpr union:
                ResolveUnion(union, item.Children, site, declaredName: definition.Name, definition.Origin);
                break;
            default:
                var aliased = Resolve(type, item.Children, site);
                AddType(new TypeDecl
                {
                    Name = definition.Name,
                    Kind = TypeDeclKind.Alias,
                    IsNamedOnPage = true,
                    Origin = definition.Origin,
                    Line = item.Line,
                    Description = item.Description,
                    Deprecated = DescriptionFacts.Analyze(item.Description, numeric: false).Deprecated,
                    AliasOf = aliased,
                });
                break;
        }
    }

    private TypeRef Resolve(TypeExpr expr, IReadOnlyList<DeclItem> children, Site site)
    {
        expr = Shapes.Regroup(expr, children);
        switch (expr)
        {
            case PrimitiveExpr p:
                return p.Kind switch
                {
                    PrimitiveKind.String => TypeRef.String,
                    PrimitiveKind.Number => TypeRef.Number,
                    PrimitiveKind.Integer => TypeRef.Integer,
                    PrimitiveKind.Boolean => TypeRef.Boolean,
                    _ => TypeRef.Unknown,
                };
            case LiteralExpr l:
                return new TypeRef { Kind = TypeRefKind.Literal, LiteralKind = l.Kind, LiteralJson = l.Json };
            case NamedExpr n:
                return Reference(n.Name, site.Line);
            case ArrayExpr a:
                return TypeRef.ArrayOf(Resolve(a.Element, children, site));
            case MapExpr m:
                return TypeRef.MapOf(Resolve(m.Value, children, site));
            case ObjectExpr o:
                return ResolveObject(o, children, site, declaredName: null, site.Path);
            case UnionExpr u:
                return ResolveUnion(u, children, site, declaredName: null, site.Path);
            default:
                return TypeRef.Unknown;
        }
    }

    private TypeRef Reference(string name, int line)
    {
        if (_definitions.ContainsKey(name) || _types.ContainsKey(name)) return TypeRef.Named(name);

        // Referenced but never expanded anywhere on the page: any JSON, under the page's name.
        Report(DiagnosticIds.UndefinedType, DiagnosticSeverity.Info, line, $"type '{name}' is referenced but never expanded on the page; it is modelled as any JSON value");
        _usedNames.Add(name);
        AddType(new TypeDecl
        {
            Name = name,
            Kind = TypeDeclKind.Alias,
            IsNamedOnPage = true,
            Origin = "referenced only",
            Line = line,
            AliasOf = TypeRef.Unknown,
        });
        return TypeRef.Named(name);
    }

    private TypeRef ResolveObject(ObjectExpr obj, IReadOnlyList<DeclItem> children, Site site, string? declaredName, string origin, bool shareHoisted = true)
    {
        var hasProperties = children.Any(c => StructuralKeys.SyntaxOf(c).Form == DeclForm.Property);
        if (!hasProperties && declaredName is null && obj.Fields.Count > 0)
        {
            // `object { a, b }` not expanded here: it can only be a known object with exactly those fields.
            var match = FindObjectByFieldNames(obj);
            if (match is not null) return TypeRef.Named(match);
            Report(DiagnosticIds.UnexpandedObject, DiagnosticSeverity.Warning, site.Line, $"'{obj}' lists no fields as children and matches no known type; modelled as any JSON value");
            return TypeRef.Unknown;
        }

        var key = StructuralKeys.OfObject(obj, children);
        if (declaredName is null && TryReuse(key, out var reused, shareHoisted)) return reused;
        var name = declaredName ?? Hoist(key, site.Name);
        var typeSite = new Site(declaredName ?? site.Path, name, site.Line, site.Description);
        var properties = new List<PropertyDecl>();
        foreach (var child in children)
        {
            if (StructuralKeys.SyntaxOf(child).Form != DeclForm.Property) continue;
            properties.Add(BuildProperty(child, typeSite));
        }

        var facts = DescriptionFacts.Analyze(site.Description, numeric: false);
        AddType(new TypeDecl
        {
            Name = name,
            Kind = TypeDeclKind.Object,
            IsNamedOnPage = declaredName is not null,
            Origin = origin,
            Line = site.Line,
            Description = site.Description,
            Deprecated = declaredName is not null ? facts.Deprecated : null,
            Properties = properties.ToEquatableArray(),
        });
        return TypeRef.Named(name);
    }

    private string? FindObjectByFieldNames(ObjectExpr obj)
    {
        foreach (var definition in _definitionOrder)
        {
            if (definition.Type is not ObjectExpr) continue;
            var fields = definition.Item.Children.Select(StructuralKeys.SyntaxOf).Where(s => s.Form == DeclForm.Property).Select(s => s.Name!).ToList();
            if (fields.Count != obj.Fields.Count + obj.MoreCount) continue;
            if (obj.Fields.All(fields.Contains)) return definition.Name;
        }

        return null;
    }

    private PropertyDecl BuildProperty(DeclItem item, Site owner)
    {
        var syntax = StructuralKeys.SyntaxOf(item);
        var site = owner.Child(syntax.Name!, item.Line, item.Description);
        var type = Resolve(syntax.Type, item.Children, site);
        var facts = DescriptionFacts.Analyze(item.Description, IsNumeric(type));
        return new PropertyDecl
        {
            JsonName = syntax.Name!,
            Type = type,
            IsRequired = !syntax.IsOptional,
            IsNullable = facts.IsNullable,
            Line = item.Line,
            Description = item.Description,
            Deprecated = facts.Deprecated,
            Default = facts.Default,
            Minimum = facts.Minimum,
            Maximum = facts.Maximum,
        };
    }

    private bool IsNumeric(TypeRef type)
    {
        if (type.Kind is TypeRefKind.Number or TypeRefKind.Integer) return true;
        if (type.Kind != TypeRefKind.Named || !_types.TryGetValue(type.Name!, out var decl)) return false;
        return decl.Kind == TypeDeclKind.Union && decl.Variants.Any(v => v.Type.Kind is TypeRefKind.Number or TypeRefKind.Integer);
    }

    private TypeRef ResolveUnion(UnionExpr union, IReadOnlyList<DeclItem> children, Site site, string? declaredName, string origin)
    {
        var shape = Shapes.Classify(union, children);
        if (shape.Kind != UnionShapeKind.General) return ResolveEnum(shape, site, declaredName, origin);

        var key = StructuralKeys.OfUnion(union, children);
        if (declaredName is null && TryReuse(key, out var reused)) return reused;
        var name = declaredName ?? Hoist(key, site.Name);
        var unionSite = new Site(declaredName ?? site.Path, name, site.Line, site.Description);
        var variants = new List<UnionVariant>();
        if (children.Count > 0) AddVariantsFromChildren(children, unionSite, variants);
        else
        {
            for (var i = 0; i < union.Terms.Count; i++)
            {
                var type = Resolve(union.Terms[i], Array.Empty<DeclItem>(), unionSite.Renamed("Variant" + (i + 1), site.Line, null));
                variants.Add(new UnionVariant { Type = type, Line = site.Line });
            }
        }

        AddType(new TypeDecl
        {
            Name = name,
            Kind = TypeDeclKind.Union,
            IsNamedOnPage = declaredName is not null,
            Origin = origin,
            Line = site.Line,
            Description = site.Description,
            Deprecated = declaredName is not null ? DescriptionFacts.Analyze(site.Description, numeric: false).Deprecated : null,
            Variants = variants.ToEquatableArray(),
        });
        return TypeRef.Named(name);
    }

    private void AddVariantsFromChildren(IReadOnlyList<DeclItem> children, Site unionSite, List<UnionVariant> variants)
    {
        // `string` beside literal sets (`string or "alloy" or … or object { id }`) is one open-enum variant.
        var stringChild = children.FirstOrDefault(c => StructuralKeys.SyntaxOf(c) is { Form: DeclForm.Bare, Type: PrimitiveExpr { Kind: PrimitiveKind.String } });
        var literalChildren = stringChild is null ? new List<DeclItem>() : children.Where(IsStringLiteralSet).ToList();
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            if (literalChildren.Count > 0 && literalChildren.Contains(child)) continue;
            if (literalChildren.Count > 0 && ReferenceEquals(child, stringChild))
            {
                var grouped = new List<DeclItem> { stringChild };
                grouped.AddRange(literalChildren);
                var shape = Shapes.Classify(new UnionExpr(Array.Empty<TypeExpr>(), 0), grouped);
                var enumType = ResolveEnum(shape, unionSite.Renamed("Enum", child.Line, literalChildren[0].Description), declaredName: null, unionSite.Path + ".Enum");
                variants.Add(new UnionVariant { Type = enumType, Line = child.Line, Description = literalChildren[0].Description });
                continue;
            }

            var syntax = StructuralKeys.SyntaxOf(child);
            TypeRef type;
            switch (syntax.Form)
            {
                case DeclForm.NamedObject:
                case DeclForm.Alias:
                    type = TypeRef.Named(syntax.Name!);
                    break;
                case DeclForm.Bare:
                    var suffix = syntax.Type switch
                    {
                        ObjectExpr => VariantSuffix(child, i),
                        UnionExpr u when Shapes.Classify(u, child.Children).Kind != UnionShapeKind.General => "Enum",
                        _ => "Variant" + (i + 1),
                    };
                    type = Resolve(syntax.Type, child.Children, unionSite.Renamed(suffix, child.Line, child.Description));
                    break;
                default:
                    continue; // properties among variants and invalid summaries are reported by CheckItem
            }

            variants.Add(new UnionVariant { Type = type, Line = child.Line, Description = child.Description });
        }
    }

    private static bool IsStringLiteralSet(DeclItem item)
    {
        var syntax = StructuralKeys.SyntaxOf(item);
        if (syntax.Form != DeclForm.Bare) return false;
        return syntax.Type switch
        {
            LiteralExpr l => l.Kind == LiteralKind.String,
            UnionExpr u => Shapes.Classify(u, item.Children) is { Kind: UnionShapeKind.ClosedEnum, ValueKind: LiteralKind.String },
            _ => false,
        };
    }

    /// <summary>An unnamed object variant is named after its tag (<c>type: "server_vad"</c> → <c>ServerVad</c>), else by position.</summary>
    private static string VariantSuffix(DeclItem variant, int index)
    {
        foreach (var child in variant.Children)
        {
            var syntax = StructuralKeys.SyntaxOf(child);
            if (syntax is { Form: DeclForm.Property, IsOptional: false, Type: LiteralExpr { Kind: LiteralKind.String } tag }) return Naming.Pascal(tag.Value);
        }

        return "Variant" + (index + 1);
    }

    private TypeRef ResolveEnum(UnionShape shape, Site site, string? declaredName, string origin)
    {
        var open = shape.Kind == UnionShapeKind.OpenEnum;

        // Enums are not shared by structure: two literal sets with the same values at different places (a reasoning
        // effort and a transcription delay) are different things that merely agree today.
        var name = declaredName ?? Hoist(key: null, site.Name);
        AddType(new TypeDecl
        {
            Name = name,
            Kind = TypeDeclKind.Enum,
            IsNamedOnPage = declaredName is not null,
            Origin = origin,
            Line = site.Line,
            Description = site.Description,
            Deprecated = declaredName is not null ? DescriptionFacts.Analyze(site.Description, numeric: false).Deprecated : null,
            Members = shape.Members.ToEquatableArray(),
            IsOpenEnum = open,
            EnumValueKind = shape.ValueKind,
        });
        return TypeRef.Named(name);
    }

    /// <summary>An inline shape equal to a named type is that type; one equal to an earlier inline shape shares its hoisted type.</summary>
    private bool TryReuse(string key, out TypeRef type, bool shareHoisted = true)
    {
        if (_namedByKey.TryGetValue(key, out var named) || (shareHoisted && _hoistedByKey.TryGetValue(key, out named)))
        {
            type = TypeRef.Named(named);
            return true;
        }

        type = TypeRef.Unknown;
        return false;
    }

    /// <summary>A hoisted type's name: the path-derived name, or that name with the smallest free number (2, 3 …) when taken.</summary>
    private string Hoist(string? key, string baseName)
    {
        var name = baseName;
        for (var n = 2; _usedNames.Contains(name); n++) name = baseName + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _usedNames.Add(name);
        if (key is not null) _hoistedByKey[key] = name;
        return name;
    }

    private void AddType(TypeDecl decl)
    {
        if (_types.ContainsKey(decl.Name)) return;
        _types.Add(decl.Name, decl);
        _typeOrder.Add(decl.Name);
    }

    private void Report(string id, DiagnosticSeverity severity, int line, string message, int column = 1) =>
        _diagnostics.Add(new SchemaDiagnostic { Id = id, Severity = severity, Line = Math.Max(line, 1), Column = Math.Max(column, 1), Message = message });
}
