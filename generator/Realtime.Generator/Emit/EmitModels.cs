using Realtime.Schema.Model;

namespace Realtime.Generator.Emit;

/// <summary>How a named type is represented in C#.</summary>
public enum TypeShape
{
    /// <summary>A sealed record.</summary>
    Object,
    /// <summary>A union of objects: an interface every variant record implements, plus <c>Unknown…</c> (and <c>Malformed…</c> for server events).</summary>
    ObjectUnion,
    /// <summary>Any other union (strings, literals, arrays, objects mixed): a class with <c>Is…</c>/<c>TryGet…</c>/<c>Match</c>.</summary>
    ValueUnion,
    /// <summary>An extensible enum: a readonly struct over the value.</summary>
    Enum,
    /// <summary>A name for another type expression; references are replaced by the target (no C# type).</summary>
    Alias,
    /// <summary>A name the page gives an array (<c>RealtimeToolsConfig = array of …</c>): a list class of that name, compared by content.</summary>
    List,
}

/// <summary>What other types' code needs to know about a named type (equatable, so per-type outputs cache).</summary>
public sealed record TypeFacts
{
    public string Name { get; init; } = "";

    public TypeShape Shape { get; init; }

    /// <summary>Alias: the target with aliases resolved (may still name non-alias types).</summary>
    public TypeRef? AliasTarget { get; init; }

    /// <summary>Enum: the JSON kind of the values.</summary>
    public LiteralKind EnumValueKind { get; init; }

    /// <summary>Enum: the member values (a value union matches strings against closed enums first).</summary>
    public EquatableArray<string> EnumValues { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Enum: the page lists the values but also accepts any string.</summary>
    public bool IsOpenEnum { get; init; }

    /// <summary>Object: the string-literal properties (<c>type</c>, <c>role</c>) that identify it inside a union.</summary>
    public EquatableArray<LiteralConstraint> Literals { get; init; } = EquatableArray<LiteralConstraint>.Empty;

    /// <summary>Object: required JSON property names (to tell apart union variants that share their literals).</summary>
    public EquatableArray<string> RequiredNames { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Object: every member is a scalar, so the record has the flat fast path (<c>TryReadFlatMembers</c>).</summary>
    public bool IsFlat { get; init; }
}

/// <summary>A JSON property with a fixed string value; an optional one may be absent but not different.</summary>
public sealed record LiteralConstraint(string JsonName, string Value, bool Required);

/// <summary>One variant of an object union as the union sees it.</summary>
public sealed record UnionVariantModel
{
    /// <summary>The variant object type.</summary>
    public string TypeName { get; init; } = "";

    public string? Description { get; init; }
}

/// <summary>An object union that holds a record: the record implements the union's interface.</summary>
/// <param name="Name">The union.</param>
/// <param name="Discriminator">The JSON name of the union's discriminator, when it has one (the record's value of it implements the union's member).</param>
public sealed record UnionMembership(string Name, string? Discriminator);

/// <summary>Everything needed to emit one named type, and nothing more: cached per type by the generator.</summary>
public sealed record TypeEmitModel
{
    public TypeDecl Decl { get; init; } = new();

    public TypeShape Shape { get; init; }

    /// <summary>Facts about every named type the declaration refers to (directly or through aliases), by name order.</summary>
    public EquatableArray<TypeFacts> Referenced { get; init; } = EquatableArray<TypeFacts>.Empty;

    /// <summary>
    /// Object: every object union that holds this record, by name (not page order), so that adding, removing or
    /// reordering unions elsewhere on the page only adds or removes an interface of the record.
    /// </summary>
    public EquatableArray<UnionMembership> Unions { get; init; } = EquatableArray<UnionMembership>.Empty;

    /// <summary>Object union: its variants in page order.</summary>
    public EquatableArray<UnionVariantModel> UnionVariants { get; init; } = EquatableArray<UnionVariantModel>.Empty;

    /// <summary>Object union: the single property whose value tells the variants apart, when there is one.</summary>
    public string? UnionDiscriminator { get; init; }
}

/// <summary>The glue of one event union: its dispatcher and its typed send or receive on the connection.</summary>
public sealed record DispatcherModel
{
    public string UnionName { get; init; } = "";

    public EventDirection Direction { get; init; }

    /// <summary>
    /// Server events: what the union's receive methods are named after (<c>Receive{Stem}EventsAsync</c>): the union's
    /// name without <c>Realtime</c>/<c>ServerEvent</c>, so <c>RealtimeServerEvent</c> → "" and
    /// <c>RealtimeTranslationServerEvent</c> → "Translation"; unique among the page's server-event unions.
    /// </summary>
    public string ReceiveStem { get; init; } = "";

    public EquatableArray<UnionVariantModel> Variants { get; init; } = EquatableArray<UnionVariantModel>.Empty;
}

/// <summary>The shared entry point: every emitted type and the event unions.</summary>
public sealed record JsonEntryModel
{
    public EquatableArray<string> TypeNames { get; init; } = EquatableArray<string>.Empty;

    public EquatableArray<string> EventUnions { get; init; } = EquatableArray<string>.Empty;
}
