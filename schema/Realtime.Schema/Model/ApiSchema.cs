namespace Realtime.Schema.Model;

// The intermediate model: what the docs page says, resolved and named, with no Markdig or Roslyn
// types inside. Every record is immutable and value-equatable (records + EquatableArray), so the
// incremental generator can cache on it and two parses of the same text compare equal.

/// <summary>The whole reference page.</summary>
public sealed record ApiSchema
{
    /// <summary>The page's first <c># </c> heading, e.g. <c>Realtime</c>.</summary>
    public string Title { get; init; } = "";

    /// <summary>Every named type: the page's own (exact names) and the hoisted inline ones (derived names), in page order.</summary>
    public EquatableArray<TypeDecl> Types { get; init; } = EquatableArray<TypeDecl>.Empty;

    /// <summary>The REST endpoints of every <c>#</c> resource section, in page order.</summary>
    public EquatableArray<Endpoint> Endpoints { get; init; } = EquatableArray<Endpoint>.Empty;

    /// <summary>Everything the parser and builder noticed, each at its markdown line.</summary>
    public EquatableArray<SchemaDiagnostic> Diagnostics { get; init; } = EquatableArray<SchemaDiagnostic>.Empty;

    /// <summary>
    /// The members the page prints as <c>number</c> that the builder reads as integers, with the evidence for each
    /// (<c>Building/IntegerInference.cs</c>), for the maintainer's review. Their types in <see cref="Types"/> are already integers.
    /// </summary>
    public EquatableArray<IntegerInference> IntegerInferences { get; init; } = EquatableArray<IntegerInference>.Empty;
}

/// <summary>One <c>number</c> the page's own evidence shows to be an integer.</summary>
public sealed record IntegerInference
{
    /// <summary>The member's site: its type's origin and JSON name (<c>ResponseAudioDeltaEvent.output_index</c>), or a union's own site for its number variant.</summary>
    public string Site { get; init; } = "";

    public IntegerWidth Width { get; init; }

    /// <summary>What showed it, one short phrase each (<c>description: "index"</c>, <c>example: 24000</c>, <c>name: ms</c>).</summary>
    public EquatableArray<string> Evidence { get; init; } = EquatableArray<string>.Empty;

    /// <summary>1-based markdown line of the member.</summary>
    public int Line { get; init; }
}

public enum TypeDeclKind
{
    /// <summary>An object with properties.</summary>
    Object,
    /// <summary>A union of variants (discriminated when <see cref="TypeDecl.Discriminator"/> is set).</summary>
    Union,
    /// <summary>A set of literal values; open when <see cref="TypeDecl.IsOpenEnum"/> (<c>string or "a" or "b"</c>).</summary>
    Enum,
    /// <summary>A name for another type expression (<c>McpAllowedTools = array of string</c>).</summary>
    Alias,
}

/// <summary>Which side of the realtime socket sends the variants of an event union.</summary>
public enum EventDirection
{
    None,
    Client,
    Server,
}

/// <summary>A named type.</summary>
public sealed record TypeDecl
{
    /// <summary>The C# name: the page's name exactly, or a stable name derived from the path for a hoisted inline type.</summary>
    public string Name { get; init; } = "";

    public TypeDeclKind Kind { get; init; }

    /// <summary>True when the page names this type; false for a hoisted inline object/enum/union.</summary>
    public bool IsNamedOnPage { get; init; }

    /// <summary>Where the type was found: the declaring path (<c>RealtimeSessionCreateRequest.audio.input</c>) for hoisted types, the <c>###</c> heading for page types.</summary>
    public string Origin { get; init; } = "";

    /// <summary>
    /// Every site on the page this type stands for (see <c>Analysis/ShapingModels.cs</c>): empty as the builder makes it
    /// (the type stands for its <see cref="Origin"/> path, or its own name for a page type); after unification, each
    /// inline copy's path that now uses this type, sorted.
    /// </summary>
    public EquatableArray<string> Sites { get; init; } = EquatableArray<string>.Empty;

    /// <summary>1-based markdown line of the declaration.</summary>
    public int Line { get; init; }

    public string? Description { get; init; }

    /// <summary>The deprecation note, when the page marks the type deprecated.</summary>
    public string? Deprecated { get; init; }

    /// <summary>Object: its properties, in page order.</summary>
    public EquatableArray<PropertyDecl> Properties { get; init; } = EquatableArray<PropertyDecl>.Empty;

    /// <summary>Union: its variants, in page order.</summary>
    public EquatableArray<UnionVariant> Variants { get; init; } = EquatableArray<UnionVariant>.Empty;

    /// <summary>
    /// Union: the JSON property whose single-literal value tells the variants apart (<c>type</c>), when every variant
    /// has one. Values are distinct unless <see cref="SubDiscriminator"/> is set (then the pair of values is).
    /// </summary>
    public string? Discriminator { get; init; }

    /// <summary>
    /// Union: when <see cref="Discriminator"/> values repeat (several <c>"message"</c> items), the second JSON property
    /// whose single-literal value tells the variants sharing a discriminator value apart (<c>role</c>). Null otherwise.
    /// </summary>
    public string? SubDiscriminator { get; init; }

    /// <summary>Union: client or server event union (the page's <c>RealtimeClientEvent</c>, <c>RealtimeServerEvent</c>, transcription/translation ones).</summary>
    public EventDirection EventDirection { get; init; }

    /// <summary>Enum: the members, in page order.</summary>
    public EquatableArray<EnumMember> Members { get; init; } = EquatableArray<EnumMember>.Empty;

    /// <summary>Enum: true for <c>string or "a" or "b"</c> (any string accepted), false for a closed literal set.</summary>
    public bool IsOpenEnum { get; init; }

    /// <summary>Enum: the JSON kind of the member values.</summary>
    public LiteralKind EnumValueKind { get; init; }

    /// <summary>Alias: the aliased type.</summary>
    public TypeRef? AliasOf { get; init; }
}

/// <summary>A property of an object type or an endpoint parameter.</summary>
public sealed record PropertyDecl
{
    /// <summary>The JSON name exactly as on the page (<c>turn_detection</c>).</summary>
    public string JsonName { get; init; } = "";

    public TypeRef Type { get; init; } = TypeRef.Unknown;

    /// <summary>Not marked <c>optional</c> on the page.</summary>
    public bool IsRequired { get; init; }

    /// <summary>The page says the value can be (set to) <c>null</c>.</summary>
    public bool IsNullable { get; init; }

    public int Line { get; init; }

    public string? Description { get; init; }

    public string? Deprecated { get; init; }

    /// <summary>The C# name the maintainer overlay gives the member (null: the name derived from <see cref="JsonName"/>).</summary>
    public string? CSharpName { get; init; }

    /// <summary>The default value as stated (JSON text when it is a literal, e.g. <c>0.5</c>, <c>"auto"</c>).</summary>
    public string? Default { get; init; }

    /// <summary>Numeric lower bound when stated (inclusive unless <see cref="MinimumExclusive"/>).</summary>
    public double? Minimum { get; init; }

    public bool MinimumExclusive { get; init; }

    /// <summary>Numeric upper bound when stated.</summary>
    public double? Maximum { get; init; }

    public bool MaximumExclusive { get; init; }
}

public enum TypeRefKind
{
    String,
    Number,
    Integer,
    Boolean,
    /// <summary>Any JSON value (<c>unknown</c> on the page).</summary>
    Unknown,
    /// <summary>A single literal (<c>"realtime"</c>, <c>24000</c>): a constant, a discriminator when it is a variant's tag.</summary>
    Literal,
    /// <summary>A reference to a <see cref="TypeDecl"/> by name.</summary>
    Named,
    Array,
    /// <summary><c>map[X]</c>: a JSON object with string keys and values of <see cref="TypeRef.Element"/>.</summary>
    Map,
}

/// <summary>
/// The C# width of an <see cref="TypeRefKind.Integer"/>: 64 bits unless the meaning says 32 (an index, a count, a
/// millisecond offset, a token count, a sample rate). The page's own <c>integer</c> is 64 bits.
/// </summary>
public enum IntegerWidth
{
    Int64,
    Int32,
}

public enum LiteralKind
{
    String,
    Number,
    Boolean,
}

/// <summary>A resolved type expression. Inline objects, enums and unions are hoisted into named <see cref="TypeDecl"/>s, so a TypeRef is never structural beyond arrays and maps.</summary>
public sealed record TypeRef
{
    public static readonly TypeRef String = new() { Kind = TypeRefKind.String };
    public static readonly TypeRef Number = new() { Kind = TypeRefKind.Number };
    public static readonly TypeRef Integer = new() { Kind = TypeRefKind.Integer };
    public static readonly TypeRef Int32 = new() { Kind = TypeRefKind.Integer, Width = IntegerWidth.Int32 };
    public static readonly TypeRef Boolean = new() { Kind = TypeRefKind.Boolean };
    public static readonly TypeRef Unknown = new() { Kind = TypeRefKind.Unknown };

    public TypeRefKind Kind { get; init; }

    /// <summary>Named: the <see cref="TypeDecl.Name"/>.</summary>
    public string? Name { get; init; }

    /// <summary>Literal: the value as it is written in JSON (<c>"realtime"</c> with quotes, <c>24000</c>).</summary>
    public string? LiteralJson { get; init; }

    public LiteralKind LiteralKind { get; init; }

    /// <summary>Integer: 32 or 64 bits.</summary>
    public IntegerWidth Width { get; init; }

    /// <summary>Array: the element type. Map: the value type.</summary>
    public TypeRef? Element { get; init; }

    public static TypeRef Named(string name) => new() { Kind = TypeRefKind.Named, Name = name };

    public static TypeRef ArrayOf(TypeRef element) => new() { Kind = TypeRefKind.Array, Element = element };

    public static TypeRef MapOf(TypeRef value) => new() { Kind = TypeRefKind.Map, Element = value };

    public static TypeRef StringLiteral(string value) => new() { Kind = TypeRefKind.Literal, LiteralKind = LiteralKind.String, LiteralJson = JsonText.Quote(value) };

    public static TypeRef NumberLiteral(string json) => new() { Kind = TypeRefKind.Literal, LiteralKind = LiteralKind.Number, LiteralJson = json };

    public override string ToString() => Kind switch
    {
        TypeRefKind.Named => Name!,
        TypeRefKind.Literal => LiteralJson!,
        TypeRefKind.Array => $"array of {Element}",
        TypeRefKind.Map => $"map[{Element}]",
        TypeRefKind.Integer when Width == IntegerWidth.Int32 => "int32",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>One variant of a union.</summary>
public sealed record UnionVariant
{
    /// <summary>The variant's type: usually a named object; may be a primitive, array, literal or map for a non-discriminated union.</summary>
    public TypeRef Type { get; init; } = TypeRef.Unknown;

    /// <summary>The discriminator's value for this variant (<c>session.update</c>), when the union is discriminated.</summary>
    public string? DiscriminatorValue { get; init; }

    /// <summary>The <see cref="TypeDecl.SubDiscriminator"/> value for a variant whose discriminator value is shared (<c>system</c>), else null.</summary>
    public string? SubDiscriminatorValue { get; init; }

    public int Line { get; init; }

    public string? Description { get; init; }
}

/// <summary>One member of an enum.</summary>
public sealed record EnumMember
{
    /// <summary>The value as a CLR string (without JSON quotes): <c>whisper-1</c>, <c>24000</c>.</summary>
    public string Value { get; init; } = "";

    public int Line { get; init; }

    public string? Description { get; init; }
}

public enum HttpMethodKind
{
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// <summary>A REST endpoint: one <c>##</c> section under a <c>#</c> resource.</summary>
public sealed record Endpoint
{
    /// <summary>
    /// The resource path of <c>#</c> headings under the page title, e.g. <c>Realtime/Client Secrets</c>; a <c>#</c>
    /// heading directly followed by another groups it: <c>Realtime/Translations/Client Secrets</c>.
    /// </summary>
    public string Resource { get; init; } = "";

    /// <summary>The <c>##</c> heading, e.g. <c>Create client secret</c>.</summary>
    public string Title { get; init; } = "";

    /// <summary>A stable C# method name derived from the title (<c>CreateClientSecret</c>), unique within the schema.</summary>
    public string OperationName { get; init; } = "";

    public HttpMethodKind Method { get; init; }

    /// <summary>The path as written, with <c>{param}</c> placeholders: <c>/realtime/calls/{call_id}/accept</c>.</summary>
    public string Path { get; init; } = "";

    public int Line { get; init; }

    public string? Description { get; init; }

    public EquatableArray<PropertyDecl> PathParameters { get; init; } = EquatableArray<PropertyDecl>.Empty;

    public EquatableArray<PropertyDecl> QueryParameters { get; init; } = EquatableArray<PropertyDecl>.Empty;

    /// <summary>The request body type (a hoisted object named after the operation; after unification, the page type it is), when there are body parameters.</summary>
    public TypeRef? RequestBody { get; init; }

    /// <summary>The response type, when the page lists what it returns.</summary>
    public TypeRef? Response { get; init; }

    public EquatableArray<EndpointExample> Examples { get; init; } = EquatableArray<EndpointExample>.Empty;
}

/// <summary>One <c>### Example</c>: the request as shown (curl) and the JSON bodies attached to it.</summary>
public sealed record EndpointExample
{
    public int Line { get; init; }

    /// <summary>The ```http block text.</summary>
    public string? Request { get; init; }

    /// <summary>The JSON request body extracted from the request, when there is one.</summary>
    public string? RequestJson { get; init; }

    /// <summary>The ```json block under <c>#### Response</c>.</summary>
    public string? ResponseJson { get; init; }

    public int ResponseLine { get; init; }
}

public enum DiagnosticSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>A problem found in the markdown, at its 1-based line. Ids are <c>RTCG0xx</c>; the generator reports them as Roslyn diagnostics.</summary>
public sealed record SchemaDiagnostic
{
    public string Id { get; init; } = "";

    public DiagnosticSeverity Severity { get; init; }

    public int Line { get; init; }

    /// <summary>1-based column where known, else 1.</summary>
    public int Column { get; init; } = 1;

    public string Message { get; init; } = "";

    public override string ToString() => $"{Line}:{Column}: {Severity.ToString().ToLowerInvariant()} {Id}: {Message}";
}
