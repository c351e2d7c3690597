namespace Realtime.Schema.Syntax;

// The type-expression grammar of declaration summaries, as written in the code spans:
//   decl    := name ':' ['optional'] union          property
//            | Name '=' union                       alias (also nested inside unions)
//            | Name 'object' '{' fields '}'         named object (a union variant the page names)
//            | union                                bare: a variant, a literal member, a type
//   union   := term ('or' (term | N 'more'))*
//   term    := 'array of' term | 'map[' union ']' | 'object' ['{' fields '}']
//            | "string literal" | number | primitive | Name
//   fields  := name (',' name)* [',' N 'more']
// `array of A or B` binds as (array of A) or B here; the builder regroups it when the children say otherwise.

internal enum PrimitiveKind
{
    String,
    Number,
    Integer,
    Boolean,
    Unknown,
    Null,
}

internal abstract class TypeExpr
{
}

internal sealed class PrimitiveExpr : TypeExpr
{
    public static readonly PrimitiveExpr String = new(PrimitiveKind.String);
    public static readonly PrimitiveExpr Number = new(PrimitiveKind.Number);
    public static readonly PrimitiveExpr Integer = new(PrimitiveKind.Integer);
    public static readonly PrimitiveExpr Boolean = new(PrimitiveKind.Boolean);
    public static readonly PrimitiveExpr Unknown = new(PrimitiveKind.Unknown);
    public static readonly PrimitiveExpr Null = new(PrimitiveKind.Null);

    private PrimitiveExpr(PrimitiveKind kind) => Kind = kind;

    public PrimitiveKind Kind { get; }

    public override string ToString() => Kind.ToString().ToLowerInvariant();
}

internal sealed class LiteralExpr : TypeExpr
{
    public LiteralExpr(string value, Model.LiteralKind kind)
    {
        Value = value;
        Kind = kind;
    }

    /// <summary>The CLR value: the string without quotes, or the number/boolean text.</summary>
    public string Value { get; }

    public Model.LiteralKind Kind { get; }

    public string Json => _json ??= Kind == Model.LiteralKind.String ? Model.JsonText.Quote(Value) : Value;

    private string? _json;

    public override string ToString() => Json;
}

internal sealed class NamedExpr : TypeExpr
{
    public NamedExpr(string name) => Name = name;

    public string Name { get; }

    public override string ToString() => Name;
}

internal sealed class ArrayExpr : TypeExpr
{
    public ArrayExpr(TypeExpr element) => Element = element;

    public TypeExpr Element { get; }

    public override string ToString() => "array of " + Element;
}

internal sealed class MapExpr : TypeExpr
{
    public MapExpr(TypeExpr value) => Value = value;

    public TypeExpr Value { get; }

    public override string ToString() => $"map[{Value}]";
}

internal sealed class ObjectExpr : TypeExpr
{
    public ObjectExpr(IReadOnlyList<string> fields, int moreCount, bool hasFieldList)
    {
        Fields = fields;
        MoreCount = moreCount;
        HasFieldList = hasFieldList;
    }

    /// <summary>The field names the summary lists.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The <c>N more</c> the summary counts but does not name.</summary>
    public int MoreCount { get; }

    /// <summary>False for a bare <c>object</c> (no braces).</summary>
    public bool HasFieldList { get; }

    public override string ToString() => HasFieldList ? "object { " + string.Join(", ", Fields) + (MoreCount > 0 ? $", {MoreCount} more" : "") + " }" : "object";
}

internal sealed class UnionExpr : TypeExpr
{
    public UnionExpr(IReadOnlyList<TypeExpr> terms, int moreCount)
    {
        Terms = terms;
        MoreCount = moreCount;
    }

    /// <summary>The members the summary names.</summary>
    public IReadOnlyList<TypeExpr> Terms { get; }

    /// <summary>The sum of the <c>N more</c> counts: members listed only as children.</summary>
    public int MoreCount { get; }

    // Shape decisions depend only on this expression and the children they are made with; the builder asks several
    // times per item, so the last answer is kept (see Shapes).
    internal IReadOnlyList<Reading.DeclItem>? MemoChildren { get; set; }

    internal object? ShapeMemo { get; set; }

    internal TypeExpr? RegroupMemo { get; set; }

    public override string ToString() => string.Join(" or ", Terms) + (MoreCount > 0 ? $" or {MoreCount} more" : "");
}

internal enum DeclForm
{
    /// <summary><c>name: [optional] Type</c></summary>
    Property,
    /// <summary><c>Name = Type</c></summary>
    Alias,
    /// <summary><c>Name object { … }</c></summary>
    NamedObject,
    /// <summary>A bare type: a union variant, a literal member.</summary>
    Bare,
    /// <summary>The summary did not parse; <see cref="DeclSyntax.Error"/> says why.</summary>
    Invalid,
}

internal sealed class DeclSyntax
{
    public DeclForm Form { get; set; }

    /// <summary>The property's JSON name or the declared type name.</summary>
    public string? Name { get; set; }

    public bool IsOptional { get; set; }

    public TypeExpr Type { get; set; } = PrimitiveExpr.Unknown;

    public string? Error { get; set; }

    /// <summary>0-based offset of the error inside the code span.</summary>
    public int ErrorOffset { get; set; }
}
