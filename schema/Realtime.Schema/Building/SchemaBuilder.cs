using Realtime.Schema.Model;
using Realtime.Schema.Reading;
using Realtime.Schema.Syntax;

namespace Realtime.Schema.Building;

/// <summary>
/// Builds the <see cref="ApiSchema"/> from the reader's entries:
/// 1. collect the page's named types (<c>###</c> declarations first, then names declared inside unions, then
///    names only ever expanded under a reference);
/// 2. build every named type, resolving references and hoisting inline objects/enums/unions: every inline shape is
///    its own hoisted type, even when it equals a page type or another site's shape. Mapping those onto one type is
///    the analysis stage's unification (<c>Analysis/Unifier.cs</c>), not the builder's, so that every such mapping
///    is made by one rule set and listed for the maintainer, and can be switched off or pinned per site;
/// 3. build the endpoints of every resource section;
/// 4. find discriminators and event unions; check every summary against its children.
///
/// Hoisted names depend only on the type's own site (owner + path), never on page order or on other sites, so an
/// edit elsewhere on the page cannot rename a type: the owner's name + the PascalCase JSON name
/// (<c>RealtimeAudioConfigInput.noise_reduction</c> → <c>RealtimeAudioConfigInputNoiseReduction</c>), nested owners
/// being hoisted types themselves; array elements and map values take the property's name; an unnamed object variant
/// takes the union's name + its tag (<c>type: "server_vad"</c> → <c>…ServerVad</c>) or <c>Variant{n}</c>; a literal
/// set among variants <c>…Enum</c>; endpoint bodies and results <c>{Operation}Request</c>/<c>{Operation}Response</c>
/// (an operation title that several resources use is prefixed by each one's resource, so none keeps the bare title).
/// A derived name that a page type has, or that several sites derive (<c>Foo.bar_baz</c> and <c>FooBar.baz</c>),
/// belongs to none of those sites: each gets the owner's name and its segment joined by <c>_</c>
/// (<c>RealtimeResponse.status</c> → <c>RealtimeResponse_Status</c>, as the page has a <c>RealtimeResponseStatus</c>).
/// </summary>
internal sealed partial class SchemaBuilder
{
    private const string DomainTypesHeading = "Domain Types";

    private readonly IReadOnlyList<DocEntry> _entries;
    private readonly List<SchemaDiagnostic> _diagnostics;
    private readonly Dictionary<string, NamedDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly List<NamedDefinition> _definitionOrder = new();
    private readonly IReadOnlyCollection<string> _contested;
    private readonly Dictionary<string, HashSet<string>> _sitesByDerivedName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _referencedOnly = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TypeDecl> _types = new(StringComparer.Ordinal);
    private readonly List<string> _typeOrder = new();
    private readonly HashSet<string> _reportedConflicts = new(StringComparer.Ordinal);

    private SchemaBuilder(IReadOnlyList<DocEntry> entries, List<SchemaDiagnostic> diagnostics, IReadOnlyCollection<string> contested)
    {
        _entries = entries;
        _diagnostics = diagnostics;
        _contested = contested;
    }

    public static ApiSchema Build(IReadOnlyList<DocEntry> entries, List<SchemaDiagnostic> diagnostics)
    {
        var firstDiagnostic = diagnostics.Count;
        var builder = new SchemaBuilder(entries, diagnostics, Array.Empty<string>());
        var schema = builder.Build();
        var contested = builder.NewlyContestedNames();
        if (contested.Count == 0) return schema;

        // Rare (no page seen so far needs it): build again, qualifying every site that wants a contested name.
        diagnostics.RemoveRange(firstDiagnostic, diagnostics.Count - firstDiagnostic);
        return new SchemaBuilder(entries, diagnostics, contested).Build();
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
        var integers = IntegerEvidence.Apply(types, endpoints);
        if (integers.Inferences.Count > 0)
        {
            var wide = integers.Inferences.Count(i => i.Width == IntegerWidth.Int64);
            Report(DiagnosticIds.IntegersInferred, DiagnosticSeverity.Info, 1,
                $"{integers.Inferences.Count} members the page prints as `number` are integers by the page's own evidence: "
                + $"{integers.Inferences.Count - wide} int, {wide} long (listed with their evidence by `realtime-codegen stats`; the overlay sets a member's type)");
        }

        return new ApiSchema
        {
            Title = title,
            Types = integers.Types.ToEquatableArray(),
            Endpoints = integers.Endpoints.ToEquatableArray(),
            IntegerInferences = integers.Inferences.ToEquatableArray(),
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

    /// <summary>
    /// Where a type expression sits: the dotted path for <see cref="TypeDecl.Origin"/>, the name a hoisted type there
    /// gets, and the qualified name it gets instead when that name is contested.
    /// </summary>
    private readonly struct Site
    {
        private Site(string path, string name, string qualifiedName, int line, string? description)
        {
            Path = path;
            Name = name;
            QualifiedName = qualifiedName;
            Line = line;
            Description = description;
        }

        public string Path { get; }

        /// <summary>The derived name: the owner's name + this site's segment (<c>RealtimeResponse</c> + <c>Status</c>).</summary>
        public string Name { get; }

        /// <summary>The owner's name and the segment joined by <c>_</c> (<c>RealtimeResponse_Status</c>): distinct for sites that concatenate alike.</summary>
        public string QualifiedName { get; }

        public int Line { get; }

        public string? Description { get; }

        /// <summary>The site of a page type or endpoint itself; a type hoisted right here (an alias's inline target) gets <c>{name}_Value</c> when contested.</summary>
        public static Site Root(string path, string name, int line, string? description) => new(path, name, name + "_Value", line, description);

        /// <summary>A site under an owner whose (final) name is <paramref name="ownerName"/>.</summary>
        public static Site Under(string path, string ownerName, string segment, int line, string? description) =>
            new(path, ownerName + segment, ownerName + "_" + segment, line, description);

        public Site Child(string jsonName, int line, string? description) => Under(Path + "." + jsonName, Name, Naming.Pascal(jsonName), line, description);

        public Site Renamed(string suffix, int line, string? description) => Under(Path + "." + suffix, Name, suffix, line, description);
    }

    private void BuildNamed(NamedDefinition definition)
    {
        var item = definition.Item;
        var site = Site.Root(definition.Name, definition.Name, item.Line, item.Description);
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
            case ArrayExpr { Element: LiteralExpr { Kind: LiteralKind.String } literal }:
                // `array of "x"`: the elements are a one-value enum hoisted at the array's site, as `array of "x" or "y"`
                // gets a two-value one, so the list is typed by what it may hold rather than any string.
                var single = Shapes.Classify(new UnionExpr(new TypeExpr[] { literal }, 0), children);
                return TypeRef.ArrayOf(single is { Kind: UnionShapeKind.ClosedEnum, ValueKind: LiteralKind.String, Members.Count: 1 }
                    ? ResolveEnum(single, site, declaredName: null, site.Path)
                    : Resolve(literal, children, site));
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
        if (_definitions.ContainsKey(name) || _referencedOnly.Contains(name)) return TypeRef.Named(name);

        // Referenced but never expanded anywhere on the page: any JSON, under the page's name.
        Report(DiagnosticIds.UndefinedType, DiagnosticSeverity.Info, line, $"type '{name}' is referenced but never expanded on the page; it is modelled as any JSON value");
        _usedNames.Add(name);
        _referencedOnly.Add(name);
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

    private TypeRef ResolveObject(ObjectExpr obj, IReadOnlyList<DeclItem> children, Site site, string? declaredName, string origin)
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

        var name = declaredName ?? Hoist(site);
        var typeSite = Site.Root(declaredName ?? site.Path, name, site.Line, site.Description);
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

        var name = declaredName ?? Hoist(site);
        var unionSite = Site.Root(declaredName ?? site.Path, name, site.Line, site.Description);
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

        // An inline literal set is never a named type by structure: two sets with the same values at different places
        // (a reasoning effort and a transcription delay) are different things that merely agree today.
        var name = declaredName ?? Hoist(site);
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

    /// <summary>
    /// A hoisted type's name, from its own site alone: the derived name, or the qualified one when the derived name
    /// is contested (a page type has it, or this build was told that several sites or a referenced-only type want it).
    /// </summary>
    private string Hoist(Site site)
    {
        if (!_sitesByDerivedName.TryGetValue(site.Name, out var paths)) _sitesByDerivedName.Add(site.Name, paths = new HashSet<string>(StringComparer.Ordinal));
        paths.Add(site.Path);
        var name = _definitions.ContainsKey(site.Name) || _contested.Contains(site.Name) ? site.QualifiedName : site.Name;

        // Last resort, when even the qualified name is taken (paths that differ only in punctuation, object variants of
        // one union sharing a tag): a number, in page order.
        var unique = name;
        for (var n = 2; _usedNames.Contains(unique); n++) unique = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _usedNames.Add(unique);
        return unique;
    }

    /// <summary>
    /// Derived names this build handed out although another site also derives them or a referenced-only type has
    /// them: who got the plain name depended on page order, so a second build qualifies them all.
    /// </summary>
    private HashSet<string> NewlyContestedNames()
    {
        var contested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in _sitesByDerivedName)
        {
            if (_definitions.ContainsKey(pair.Key) || _contested.Contains(pair.Key)) continue;
            if (pair.Value.Count > 1 || _referencedOnly.Contains(pair.Key)) contested.Add(pair.Key);
        }

        return contested;
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
