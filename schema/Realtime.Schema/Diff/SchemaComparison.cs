using Realtime.Schema.Model;

namespace Realtime.Schema.Diff;

/// <summary>One run of <see cref="SchemaDiff.Compare"/>: collects pending changes, folds inline types into the changes that introduce them, sorts.</summary>
internal sealed class SchemaComparison
{
    private const int MaxShapeDetails = 12;

    private readonly SchemaIndex _before;
    private readonly SchemaIndex _after;
    private readonly List<PendingChange> _changes = new();

    public SchemaComparison(SchemaIndex before, SchemaIndex after)
    {
        _before = before;
        _after = after;
    }

    public SchemaDiffResult Run()
    {
        CompareTypes();
        CompareEndpoints();
        FoldInlineTypes(added: true);
        FoldInlineTypes(added: false);
        var changes = _changes.Select(p => p.ToChange()).ToList();
        changes.Sort(SchemaDiff.Order);
        return new SchemaDiffResult { Changes = changes.ToEquatableArray() };
    }

    // ---- types ---------------------------------------------------------------------------------------------

    private void CompareTypes()
    {
        var removed = _before.Schema.Types.Where(t => !_after.Types.ContainsKey(t.Name)).Distinct().ToList();
        var added = _after.Schema.Types.Where(t => !_before.Types.ContainsKey(t.Name)).Distinct().ToList();

        foreach (var (oldType, newType) in PairRenamedInlineTypes(removed, added))
        {
            removed.Remove(oldType);
            added.Remove(newType);
            var verdict = ChangeRules.TypeRenamed();
            Add(new PendingChange(_after.OwnerOf(newType), ChangeTarget.Type, ChangeKind.Changed, newType.Name, verdict)
            {
                Site = SchemaIndex.SiteOf(newType),
                Aspect = "name",
                Before = oldType.Name,
                After = newType.Name,
                BeforeLine = oldType.Line,
                AfterLine = newType.Line,
            });
            CompareType(oldType, newType);
        }

        foreach (var type in _after.Schema.Types)
        {
            if (_before.Types.TryGetValue(type.Name, out var old) && ReferenceEquals(_after.Types[type.Name], type))
            {
                CompareType(old, type);
            }
        }

        foreach (var type in removed)
        {
            var owner = _before.OwnerOf(type);
            if (ImpliedByOwner(type, owner, _after)) continue;
            Add(new PendingChange(owner, ChangeTarget.Type, ChangeKind.Removed, type.Name, ChangeRules.TypeRemoved(type))
            {
                Site = SchemaIndex.SiteOf(type),
                Before = SchemaText.KindWord(type),
                BeforeLine = type.Line,
                Declared = type,
                Details = ShapeLines(type),
                BeforeRefs = ReferencedNames(type),
            });
        }

        foreach (var type in added)
        {
            var owner = _after.OwnerOf(type);
            if (ImpliedByOwner(type, owner, _before)) continue;
            Add(new PendingChange(owner, ChangeTarget.Type, ChangeKind.Added, type.Name, ChangeRules.TypeAdded(type))
            {
                Site = SchemaIndex.SiteOf(type),
                After = SchemaText.KindWord(type),
                AfterLine = type.Line,
                Declared = type,
                Details = ShapeLines(type),
                AfterRefs = ReferencedNames(type),
            });
        }
    }

    /// <summary>
    /// A hoisted type whose owner (page type or endpoint) is itself new or gone comes and goes with it: reporting it
    /// separately would only repeat the owner's entry.
    /// </summary>
    private static bool ImpliedByOwner(TypeDecl type, string owner, SchemaIndex otherSide) =>
        !type.IsNamedOnPage && owner != type.Name && !otherSide.Types.ContainsKey(owner) && !otherSide.Endpoints.ContainsKey(owner);

    /// <summary>
    /// Hoisted names are derived from paths, so the same inline type can change its name when the builder's naming
    /// input moves. Pair a vanished and a new inline type when they are declared at the same path (or, failing that,
    /// have the same shape under the same owner), and report a rename plus their member differences.
    /// </summary>
    private IEnumerable<(TypeDecl Old, TypeDecl New)> PairRenamedInlineTypes(List<TypeDecl> removed, List<TypeDecl> added)
    {
        var pairs = new List<(TypeDecl, TypeDecl)>();
        var taken = new HashSet<TypeDecl>();
        foreach (var old in removed.Where(t => !t.IsNamedOnPage && t.Origin.Length > 0))
        {
            var candidates = added.Where(n => !n.IsNamedOnPage && !taken.Contains(n) && n.Kind == old.Kind && n.Origin == old.Origin).ToList();
            if (candidates.Count == 1)
            {
                pairs.Add((old, candidates[0]));
                taken.Add(candidates[0]);
            }
        }

        foreach (var old in removed.Where(t => !t.IsNamedOnPage && !pairs.Any(p => p.Item1 == t)))
        {
            var shape = SchemaText.Shape(old);
            var owner = _before.OwnerOf(old);
            var candidates = added.Where(n => !n.IsNamedOnPage && !taken.Contains(n) && SchemaText.Shape(n) == shape && _after.OwnerOf(n) == owner).ToList();
            if (candidates.Count == 1)
            {
                pairs.Add((old, candidates[0]));
                taken.Add(candidates[0]);
            }
        }

        return pairs;
    }

    private void CompareType(TypeDecl old, TypeDecl now)
    {
        var group = _after.OwnerOf(now);
        var site = SchemaIndex.SiteOf(now);
        var path = now.Name;
        if (old.Kind != now.Kind)
        {
            Add(new PendingChange(group, ChangeTarget.Type, ChangeKind.Changed, path, ChangeRules.KindChanged(old, now))
            {
                Site = site,
                Aspect = "kind",
                Before = SchemaText.Shape(old),
                After = SchemaText.Shape(now),
                BeforeLine = old.Line,
                AfterLine = now.Line,
                BeforeRefs = ReferencedNames(old),
                AfterRefs = ReferencedNames(now),
            });
            return;
        }

        // A hoisted type's description is its declaring property's (or variant's), which is compared there.
        if (now.IsNamedOnPage)
        {
            CompareProse(group, ChangeTarget.Type, path, site, old.Description, now.Description, old.Deprecated, now.Deprecated, old.Line, now.Line);
        }

        switch (now.Kind)
        {
            case TypeDeclKind.Object:
                CompareProperties(group, path + ".", site, old.Properties, now.Properties, parameterKind: null);
                break;
            case TypeDeclKind.Enum:
                CompareEnum(group, site, old, now);
                break;
            case TypeDeclKind.Union:
                CompareUnion(group, site, old, now);
                break;
            case TypeDeclKind.Alias:
                if (!Equals(old.AliasOf, now.AliasOf))
                {
                    Add(new PendingChange(group, ChangeTarget.Type, ChangeKind.Changed, path, ChangeRules.AliasTargetChanged())
                    {
                        Site = site,
                        Aspect = "type",
                        Before = old.AliasOf?.ToString(),
                        After = now.AliasOf?.ToString(),
                        BeforeLine = old.Line,
                        AfterLine = now.Line,
                        BeforeRefs = SchemaText.NamesIn(old.AliasOf).ToList(),
                        AfterRefs = SchemaText.NamesIn(now.AliasOf).ToList(),
                        Details = StructuralDetails(old.AliasOf, now.AliasOf, out _),
                    });
                }

                break;
        }
    }

    private void CompareEnum(string group, string? site, TypeDecl old, TypeDecl now)
    {
        if (old.IsOpenEnum != now.IsOpenEnum)
        {
            Add(Facet(group, ChangeTarget.Type, now.Name, site, "open", old.IsOpenEnum ? "open" : "closed", now.IsOpenEnum ? "open" : "closed", old.Line, now.Line, ChangeRules.EnumOpened(now.IsOpenEnum)));
        }

        if (old.EnumValueKind != now.EnumValueKind)
        {
            Add(Facet(group, ChangeTarget.Type, now.Name, site, "value kind", Lower(old.EnumValueKind), Lower(now.EnumValueKind), old.Line, now.Line, ChangeRules.EnumValueKindChanged()));
        }

        var oldMembers = FirstByKey(old.Members, m => m.Value);
        var newMembers = FirstByKey(now.Members, m => m.Value);
        foreach (var member in newMembers.Values)
        {
            var memberPath = now.Name + "[" + SchemaText.EnumValue(now, member) + "]";
            if (!oldMembers.TryGetValue(member.Value, out var previous))
            {
                Add(new PendingChange(group, ChangeTarget.EnumMember, ChangeKind.Added, memberPath, ChangeRules.EnumMemberAdded(now))
                {
                    Site = site,
                    After = SchemaText.EnumValue(now, member),
                    AfterLine = member.Line,
                });
            }
            else
            {
                CompareProse(group, ChangeTarget.EnumMember, memberPath, site, previous.Description, member.Description, null, null, previous.Line, member.Line);
            }
        }

        foreach (var member in oldMembers.Values.Where(m => !newMembers.ContainsKey(m.Value)))
        {
            Add(new PendingChange(group, ChangeTarget.EnumMember, ChangeKind.Removed, now.Name + "[" + SchemaText.EnumValue(old, member) + "]", ChangeRules.EnumMemberRemoved(old))
            {
                Site = site,
                Before = SchemaText.EnumValue(old, member),
                BeforeLine = member.Line,
            });
        }
    }

    private void CompareUnion(string group, string? site, TypeDecl old, TypeDecl now)
    {
        if (SchemaText.DiscriminatorText(old) != SchemaText.DiscriminatorText(now))
        {
            Add(Facet(group, ChangeTarget.Type, now.Name, site, "discriminator", SchemaText.DiscriminatorText(old) ?? "(none)", SchemaText.DiscriminatorText(now) ?? "(none)", old.Line, now.Line, ChangeRules.DiscriminatorChanged()));
        }

        if (old.EventDirection != now.EventDirection)
        {
            Add(Facet(group, ChangeTarget.Type, now.Name, site, "event direction", Lower(old.EventDirection), Lower(now.EventDirection), old.Line, now.Line, ChangeRules.EventDirectionChanged()));
        }

        var isEvents = now.EventDirection != EventDirection.None;
        var target = isEvents ? ChangeTarget.Event : ChangeTarget.UnionVariant;
        var oldVariants = FirstByKey(old.Variants, v => SchemaText.VariantKey(old, v));
        var newVariants = FirstByKey(now.Variants, v => SchemaText.VariantKey(now, v));
        var addedKeys = newVariants.Keys.Where(k => !oldVariants.ContainsKey(k)).ToList();
        var removedKeys = oldVariants.Keys.Where(k => !newVariants.ContainsKey(k)).ToList();

        // Same variant type under a new tag: one change of the tag, not a removal and an addition.
        foreach (var removedKey in removedKeys.ToList())
        {
            var oldVariant = oldVariants[removedKey];
            var sameType = addedKeys.Where(k => Equals(newVariants[k].Type, oldVariant.Type)).ToList();
            if (sameType.Count != 1) continue;
            var newVariant = newVariants[sameType[0]];
            Add(new PendingChange(group, target, ChangeKind.Changed, now.Name + "[" + oldVariant.Type + "]", ChangeRules.VariantTagChanged())
            {
                Site = site,
                Aspect = "discriminator value",
                Before = removedKey,
                After = sameType[0],
                BeforeLine = oldVariant.Line,
                AfterLine = newVariant.Line,
            });
            removedKeys.Remove(removedKey);
            addedKeys.Remove(sameType[0]);
        }

        foreach (var key in addedKeys)
        {
            var variant = newVariants[key];
            Add(new PendingChange(group, target, ChangeKind.Added, now.Name + "[" + key + "]", isEvents ? ChangeRules.EventAdded(now.EventDirection) : ChangeRules.VariantAdded(IsRecordUnion(now, _after)))
            {
                Site = site,
                After = SchemaText.VariantLine(now, variant),
                AfterLine = variant.Line,
                AfterRefs = SchemaText.NamesIn(variant.Type).ToList(),
            });
        }

        foreach (var key in removedKeys)
        {
            var variant = oldVariants[key];
            Add(new PendingChange(group, target, ChangeKind.Removed, now.Name + "[" + key + "]", isEvents ? ChangeRules.EventRemoved(old.EventDirection) : ChangeRules.VariantRemoved())
            {
                Site = site,
                Before = SchemaText.VariantLine(old, variant),
                BeforeLine = variant.Line,
                BeforeRefs = SchemaText.NamesIn(variant.Type).ToList(),
            });
        }

        foreach (var pair in newVariants)
        {
            if (!oldVariants.TryGetValue(pair.Key, out var previous)) continue;
            var variant = pair.Value;
            var variantPath = now.Name + "[" + pair.Key + "]";
            if (!Equals(previous.Type, variant.Type))
            {
                Add(new PendingChange(group, target, ChangeKind.Changed, variantPath, ChangeRules.VariantTypeChanged())
                {
                    Site = site,
                    Aspect = "type",
                    Before = previous.Type.ToString(),
                    After = variant.Type.ToString(),
                    BeforeLine = previous.Line,
                    AfterLine = variant.Line,
                    BeforeRefs = SchemaText.NamesIn(previous.Type).ToList(),
                    AfterRefs = SchemaText.NamesIn(variant.Type).ToList(),
                    Details = StructuralDetails(previous.Type, variant.Type, out _),
                });
            }

            CompareProse(group, target, variantPath, site, previous.Description, variant.Description, null, null, previous.Line, variant.Line);
        }
    }

    /// <summary>
    /// True when every variant is an object type (through aliases): the generator emits an interface that its sealed
    /// variant records implement; any other union becomes a value union with <c>Match</c> (one function per variant).
    /// </summary>
    private static bool IsRecordUnion(TypeDecl union, SchemaIndex index) =>
        union.Variants.All(v => ResolvesToObject(v.Type, index, 0));

    private static bool ResolvesToObject(TypeRef type, SchemaIndex index, int depth)
    {
        if (type.Kind != TypeRefKind.Named || type.Name is null || !index.Types.TryGetValue(type.Name, out var decl)) return false;
        if (decl.Kind == TypeDeclKind.Object) return true;
        return decl.Kind == TypeDeclKind.Alias && decl.AliasOf is not null && depth < 8 && ResolvesToObject(decl.AliasOf, index, depth + 1);
    }

    // ---- properties and parameters ------------------------------------------------------------------------

    /// <param name="parameterKind">null for object properties; <c>path</c> or <c>query</c> for endpoint parameters.</param>
    private void CompareProperties(string group, string pathPrefix, string? site, EquatableArray<PropertyDecl> oldProperties, EquatableArray<PropertyDecl> newProperties, string? parameterKind)
    {
        var target = parameterKind is null ? ChangeTarget.Property : ChangeTarget.Parameter;
        var oldByName = FirstByKey(oldProperties, p => p.JsonName);
        var newByName = FirstByKey(newProperties, p => p.JsonName);

        foreach (var property in newByName.Values)
        {
            var path = pathPrefix + property.JsonName;
            if (!oldByName.TryGetValue(property.JsonName, out var old))
            {
                var verdict = parameterKind is null ? ChangeRules.PropertyAdded(property) : ChangeRules.ParameterAdded(property, parameterKind == "path");
                Add(new PendingChange(group, target, ChangeKind.Added, path, verdict)
                {
                    Site = site,
                    After = SchemaText.Property(property),
                    AfterLine = property.Line,
                    AfterRefs = SchemaText.NamesIn(property.Type).ToList(),
                });
                continue;
            }

            if (!Equals(old.Type, property.Type))
            {
                var details = StructuralDetails(old.Type, property.Type, out var sameMembers);
                Add(new PendingChange(group, target, ChangeKind.Changed, path, sameMembers ? ChangeRules.PropertyTypeRenamed() : ChangeRules.PropertyTypeChanged())
                {
                    Site = site,
                    Aspect = sameMembers ? "type name" : "type",
                    Before = old.Type.ToString(),
                    After = property.Type.ToString(),
                    BeforeLine = old.Line,
                    AfterLine = property.Line,
                    BeforeRefs = SchemaText.NamesIn(old.Type).ToList(),
                    AfterRefs = SchemaText.NamesIn(property.Type).ToList(),
                    Details = details,
                });
            }

            if (old.IsRequired != property.IsRequired)
            {
                Add(Facet(group, target, path, site, "required", old.IsRequired ? "required" : "optional", property.IsRequired ? "required" : "optional", old.Line, property.Line, ChangeRules.RequiredChanged(property.IsRequired)));
            }

            if (old.IsNullable != property.IsNullable)
            {
                Add(Facet(group, target, path, site, "nullable", old.IsNullable ? "nullable" : "not nullable", property.IsNullable ? "nullable" : "not nullable", old.Line, property.Line, ChangeRules.NullableChanged(property.IsNullable)));
            }

            CompareProse(group, target, path, site, old.Description, property.Description, old.Deprecated, property.Deprecated, old.Line, property.Line);
            if (old.Default != property.Default)
            {
                Add(Facet(group, target, path, site, "default", old.Default ?? "(none)", property.Default ?? "(none)", old.Line, property.Line, ChangeRules.DescriptionOnly("default"), ChangeKind.DescriptionChanged));
            }

            var oldBounds = Bounds(old);
            var newBounds = Bounds(property);
            if (oldBounds != newBounds)
            {
                Add(Facet(group, target, path, site, "bounds", oldBounds, newBounds, old.Line, property.Line, ChangeRules.DescriptionOnly("bounds"), ChangeKind.DescriptionChanged));
            }
        }

        foreach (var old in oldByName.Values.Where(p => !newByName.ContainsKey(p.JsonName)))
        {
            Add(new PendingChange(group, target, ChangeKind.Removed, pathPrefix + old.JsonName, parameterKind is null ? ChangeRules.PropertyRemoved() : ChangeRules.ParameterRemoved())
            {
                Site = site,
                Before = SchemaText.Property(old),
                BeforeLine = old.Line,
                BeforeRefs = SchemaText.NamesIn(old.Type).ToList(),
            });
        }
    }

    private static string Bounds(PropertyDecl property)
    {
        if (property.Minimum is null && property.Maximum is null) return "(none)";
        var low = property.Minimum is { } min ? (property.MinimumExclusive ? "(" : "[") + SchemaText.Number(min) : "(-inf";
        var high = property.Maximum is { } max ? SchemaText.Number(max) + (property.MaximumExclusive ? ")" : "]") : "inf)";
        return low + ", " + high;
    }

    // ---- endpoints -----------------------------------------------------------------------------------------

    private void CompareEndpoints()
    {
        var removed = _before.Endpoints.Where(e => !_after.Endpoints.ContainsKey(e.Key)).Select(e => e.Value).ToList();
        var added = _after.Endpoints.Where(e => !_before.Endpoints.ContainsKey(e.Key)).Select(e => e.Value).ToList();

        // An endpoint whose route changed but whose operation stayed: one "moved" change, then its contents.
        foreach (var old in removed.ToList())
        {
            var candidates = added.Where(e => e.OperationName.Length > 0 && e.OperationName == old.OperationName).ToList();
            if (candidates.Count != 1) continue;
            var now = candidates[0];
            Add(Facet(SchemaIndex.Label(now), ChangeTarget.Endpoint, SchemaIndex.Label(now), null, "route", SchemaIndex.Label(old), SchemaIndex.Label(now), old.Line, now.Line, ChangeRules.EndpointMoved()));
            CompareEndpoint(old, now);
            removed.Remove(old);
            added.Remove(now);
        }

        foreach (var pair in _after.Endpoints)
        {
            if (_before.Endpoints.TryGetValue(pair.Key, out var old)) CompareEndpoint(old, pair.Value);
        }

        foreach (var endpoint in removed)
        {
            var label = SchemaIndex.Label(endpoint);
            Add(new PendingChange(label, ChangeTarget.Endpoint, ChangeKind.Removed, label, ChangeRules.EndpointRemoved())
            {
                Before = EndpointSummary(endpoint),
                BeforeLine = endpoint.Line,
                Details = EndpointDetails(endpoint),
                BeforeRefs = EndpointRefs(endpoint),
            });
        }

        foreach (var endpoint in added)
        {
            var label = SchemaIndex.Label(endpoint);
            Add(new PendingChange(label, ChangeTarget.Endpoint, ChangeKind.Added, label, ChangeRules.EndpointAdded())
            {
                After = EndpointSummary(endpoint),
                AfterLine = endpoint.Line,
                Details = EndpointDetails(endpoint),
                AfterRefs = EndpointRefs(endpoint),
            });
        }
    }

    private void CompareEndpoint(Endpoint old, Endpoint now)
    {
        var label = SchemaIndex.Label(now);
        if (old.OperationName != now.OperationName)
        {
            Add(Facet(label, ChangeTarget.Endpoint, label, null, "operation", old.OperationName, now.OperationName, old.Line, now.Line, ChangeRules.OperationRenamed()));
        }

        if (old.Resource != now.Resource)
        {
            Add(Facet(label, ChangeTarget.Endpoint, label, null, "resource", old.Resource, now.Resource, old.Line, now.Line, ChangeRules.ResourceChanged()));
        }

        if (old.Title != now.Title && old.OperationName == now.OperationName)
        {
            Add(Facet(label, ChangeTarget.Endpoint, label, null, "title", old.Title, now.Title, old.Line, now.Line, ChangeRules.DescriptionOnly("title"), ChangeKind.DescriptionChanged));
        }

        if (!Equals(old.RequestBody, now.RequestBody))
        {
            Add(Facet(label, ChangeTarget.Endpoint, label, null, "request body", old.RequestBody?.ToString() ?? "(none)", now.RequestBody?.ToString() ?? "(none)", old.Line, now.Line, ChangeRules.RequestBodyChanged(old.RequestBody, now.RequestBody))
                .WithRefs(SchemaText.NamesIn(old.RequestBody), SchemaText.NamesIn(now.RequestBody))
                .WithDetails(StructuralDetails(old.RequestBody, now.RequestBody, out _)));
        }

        if (!Equals(old.Response, now.Response))
        {
            Add(Facet(label, ChangeTarget.Endpoint, label, null, "response", old.Response?.ToString() ?? "(none)", now.Response?.ToString() ?? "(none)", old.Line, now.Line, ChangeRules.ResponseChanged())
                .WithRefs(SchemaText.NamesIn(old.Response), SchemaText.NamesIn(now.Response))
                .WithDetails(StructuralDetails(old.Response, now.Response, out _)));
        }

        CompareProse(label, ChangeTarget.Endpoint, label, null, old.Description, now.Description, null, null, old.Line, now.Line);
        CompareProperties(label, label + " path.", null, old.PathParameters, now.PathParameters, "path");
        CompareProperties(label, label + " query.", null, old.QueryParameters, now.QueryParameters, "query");
    }

    private static string EndpointSummary(Endpoint endpoint) => endpoint.OperationName + " (" + endpoint.Resource + ")";

    private static EquatableArray<string> EndpointDetails(Endpoint endpoint)
    {
        var lines = new List<string>();
        lines.AddRange(endpoint.PathParameters.Select(p => "path " + SchemaText.Member(p)));
        lines.AddRange(endpoint.QueryParameters.Select(p => "query " + SchemaText.Member(p)));
        if (endpoint.RequestBody is not null) lines.Add("body: " + endpoint.RequestBody);
        if (endpoint.Response is not null) lines.Add("returns: " + endpoint.Response);
        return lines.ToEquatableArray();
    }

    private static List<string> EndpointRefs(Endpoint endpoint) =>
        SchemaText.NamesIn(endpoint.RequestBody).Concat(SchemaText.NamesIn(endpoint.Response))
            .Concat(endpoint.PathParameters.Concat(endpoint.QueryParameters).SelectMany(p => SchemaText.NamesIn(p.Type)))
            .ToList();

    // ---- shared pieces -------------------------------------------------------------------------------------

    private void CompareProse(string group, ChangeTarget target, string path, string? site, string? oldDescription, string? newDescription, string? oldDeprecated, string? newDeprecated, int oldLine, int newLine)
    {
        if (!SchemaText.SameProse(oldDescription, newDescription))
        {
            Add(Facet(group, target, path, site, "description", Presence(oldDescription), Presence(newDescription), oldLine, newLine, ChangeRules.DescriptionOnly("description"), ChangeKind.DescriptionChanged)
                .WithDetails(EquatableArray.Create(SchemaText.WordDelta(oldDescription, newDescription))));
        }

        if (!SchemaText.SameProse(oldDeprecated, newDeprecated))
        {
            // Not description-only: the generated [Obsolete] is something the compiler sees (a warning at each use).
            var oldState = oldDeprecated is null ? "not deprecated" : "deprecated";
            var newState = newDeprecated is null ? "not deprecated" : "deprecated";
            Add(Facet(group, target, path, site, "deprecated", oldState, newState, oldLine, newLine, ChangeRules.DeprecationChanged(oldDeprecated is not null, newDeprecated is not null)));
        }
    }

    // The report never repeats the page's prose: only whether there is some (and, as a detail, how much changed).
    private static string Presence(string? text) => string.IsNullOrWhiteSpace(text) ? "(none)" : "(text)";

    private static PendingChange Facet(string group, ChangeTarget target, string path, string? site, string aspect, string before, string after, int beforeLine, int afterLine, Verdict verdict, ChangeKind kind = ChangeKind.Changed) =>
        new(group, target, kind, path, verdict)
        {
            Site = site,
            Aspect = aspect,
            Before = before,
            After = after,
            BeforeLine = beforeLine,
            AfterLine = afterLine,
        };

    /// <summary>
    /// Behind a change of a property's (or variant's, body's) type from one named type to another, the member-level
    /// differences of the two: that is what tells a maintainer whether the new type is a rename or a real change.
    /// </summary>
    /// <param name="sameMembers">True when both are named types of one kind with the same members: a rename.</param>
    private EquatableArray<string> StructuralDetails(TypeRef? oldRef, TypeRef? newRef, out bool sameMembers)
    {
        sameMembers = false;
        while (oldRef?.Element is not null && newRef?.Element is not null && oldRef.Kind == newRef.Kind)
        {
            oldRef = oldRef.Element;
            newRef = newRef.Element;
        }

        if (oldRef?.Kind != TypeRefKind.Named || newRef?.Kind != TypeRefKind.Named) return EquatableArray<string>.Empty;
        if (!_before.Types.TryGetValue(oldRef.Name!, out var oldType) || !_after.Types.TryGetValue(newRef.Name!, out var newType))
        {
            return EquatableArray<string>.Empty;
        }

        var lines = new List<string>();
        if (oldType.Kind != newType.Kind)
        {
            lines.Add($"{SchemaText.KindWord(oldType)} → {SchemaText.KindWord(newType)}");
        }
        else
        {
            switch (newType.Kind)
            {
                case TypeDeclKind.Object:
                    MemberDelta(lines, oldType.Properties, newType.Properties, p => p.JsonName, SchemaText.Member);
                    break;
                case TypeDeclKind.Enum:
                    MemberDelta(lines, oldType.Members, newType.Members, m => m.Value, m => SchemaText.EnumValue(newType, m));
                    break;
                case TypeDeclKind.Union:
                    MemberDelta(lines, oldType.Variants, newType.Variants, v => SchemaText.VariantKey(newType, v), v => SchemaText.VariantLine(newType, v));
                    break;
                case TypeDeclKind.Alias:
                    if (!Equals(oldType.AliasOf, newType.AliasOf)) lines.Add($"~ {oldType.AliasOf} → {newType.AliasOf}");
                    break;
            }
        }

        if (lines.Count == 0)
        {
            sameMembers = true;
            lines.Add($"{oldType.Name} and {newType.Name} have the same members");
        }

        if (lines.Count > MaxShapeDetails)
        {
            var more = lines.Count - MaxShapeDetails;
            lines.RemoveRange(MaxShapeDetails, more);
            lines.Add($"… {more} more");
        }

        return lines.ToEquatableArray();
    }

    private static void MemberDelta<T>(List<string> lines, EquatableArray<T> oldItems, EquatableArray<T> newItems, Func<T, string> key, Func<T, string> text)
        where T : IEquatable<T>
    {
        var oldByKey = FirstByKey(oldItems, key);
        var newByKey = FirstByKey(newItems, key);
        foreach (var item in newItems)
        {
            var k = key(item);
            if (!oldByKey.TryGetValue(k, out var old)) lines.Add("+ " + text(item));
            else if (text(old) != text(item)) lines.Add($"~ {text(old)} → {text(item)}");
        }

        lines.AddRange(oldItems.Where(item => !newByKey.ContainsKey(key(item))).Select(item => "- " + text(item)));
    }

    private static Dictionary<string, T> FirstByKey<T>(EquatableArray<T> items, Func<T, string> key)
        where T : IEquatable<T>
    {
        // Insertion order is kept by Dictionary as long as nothing is removed: page order for the report's walk.
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var k = key(item);
            if (!map.ContainsKey(k)) map[k] = item;
        }

        return map;
    }

    private static EquatableArray<string> ShapeLines(TypeDecl type)
    {
        var lines = type.Kind switch
        {
            TypeDeclKind.Object => type.Properties.Select(SchemaText.Member),
            TypeDeclKind.Enum => type.Members.Select(m => SchemaText.EnumValue(type, m)),
            TypeDeclKind.Union => type.Variants.Select(v => SchemaText.VariantLine(type, v)),
            _ => new[] { "= " + type.AliasOf },
        };
        return lines.ToEquatableArray();
    }

    private static List<string> ReferencedNames(TypeDecl type) =>
        type.Properties.SelectMany(p => SchemaText.NamesIn(p.Type))
            .Concat(type.Variants.SelectMany(v => SchemaText.NamesIn(v.Type)))
            .Concat(SchemaText.NamesIn(type.AliasOf))
            .ToList();

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private void Add(PendingChange change) => _changes.Add(change);

    /// <summary>
    /// An inline (hoisted) type that appears or disappears together with the property, variant or endpoint that
    /// declares it is reported inside that change (as a detail line with its shape), not as a separate type.
    /// Nested inline types follow their parent into the same change.
    /// </summary>
    private void FoldInlineTypes(bool added)
    {
        var kind = added ? ChangeKind.Added : ChangeKind.Removed;
        var index = added ? _after : _before;
        var inlineEntries = new Dictionary<string, PendingChange>(StringComparer.Ordinal);
        foreach (var entry in _changes.Where(c => c.Target == ChangeTarget.Type && c.Kind == kind && c.Declared is { IsNamedOnPage: false }))
        {
            if (!inlineEntries.ContainsKey(entry.Declared!.Name)) inlineEntries[entry.Declared.Name] = entry;
        }

        if (inlineEntries.Count == 0) return;

        var folded = new HashSet<string>(StringComparer.Ordinal);
        var hosts = _changes.Where(c => !inlineEntries.ContainsValue(c)).ToList();
        hosts.Sort((x, y) => SchemaDiff.Order(x.ToChange(), y.ToChange()));
        foreach (var host in hosts)
        {
            var pending = new Queue<string>(added ? host.AfterRefs : host.BeforeRefs);
            var extra = new List<string>();
            while (pending.Count > 0)
            {
                var name = pending.Dequeue();
                if (!inlineEntries.TryGetValue(name, out var entry) || !folded.Add(name)) continue;
                var type = index.Types[name];
                extra.Add((added ? "new type " : "removed type ") + name + ": " + SchemaText.Shape(type));
                foreach (var nested in added ? entry.AfterRefs : entry.BeforeRefs) pending.Enqueue(nested);
            }

            if (extra.Count > 0) host.Details = host.Details.Concat(extra).ToEquatableArray();
        }

        _changes.RemoveAll(c => c.Declared is not null && c.Target == ChangeTarget.Type && c.Kind == kind && folded.Contains(c.Declared.Name) && inlineEntries.ContainsValue(c));
    }

    /// <summary>A change while the comparison runs: the public fields plus the type names each side mentions (for folding).</summary>
    private sealed class PendingChange
    {
        public PendingChange(string group, ChangeTarget target, ChangeKind kind, string path, Verdict verdict)
        {
            Group = group;
            Target = target;
            Kind = kind;
            Path = path;
            Verdict = verdict;
        }

        public string Group { get; }
        public ChangeTarget Target { get; }
        public ChangeKind Kind { get; }
        public string Path { get; }
        public Verdict Verdict { get; }
        public string? Site { get; init; }
        public string Aspect { get; init; } = "";
        public string? Before { get; init; }
        public string? After { get; init; }
        public int BeforeLine { get; init; }
        public int AfterLine { get; init; }
        public EquatableArray<string> Details { get; set; } = EquatableArray<string>.Empty;
        public List<string> BeforeRefs { get; set; } = new();
        public List<string> AfterRefs { get; set; } = new();

        /// <summary>For type additions/removals: the declaration itself.</summary>
        public TypeDecl? Declared { get; init; }

        public PendingChange WithRefs(IEnumerable<string> before, IEnumerable<string> after)
        {
            BeforeRefs = before.ToList();
            AfterRefs = after.ToList();
            return this;
        }

        public PendingChange WithDetails(EquatableArray<string> details)
        {
            Details = details;
            return this;
        }

        public SchemaChange ToChange() => new()
        {
            Group = Group,
            Target = Target,
            Kind = Kind,
            Path = Path,
            Site = Site,
            Aspect = Aspect,
            Before = Before,
            After = After,
            BeforeLine = BeforeLine,
            AfterLine = AfterLine,
            Classification = Verdict.Classification,
            Reason = Verdict.Reason,
            Details = Details,
        };
    }
}
