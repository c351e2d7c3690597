using Realtime.Schema.Model;
using Realtime.Schema.Reading;
using Realtime.Schema.Syntax;

namespace Realtime.Schema.Building;

internal enum UnionShapeKind
{
    /// <summary><c>"a" or "b"</c>: a closed literal set.</summary>
    ClosedEnum,
    /// <summary><c>string or "a" or "b"</c>: any string, some known.</summary>
    OpenEnum,
    /// <summary>Anything else: a union of variants.</summary>
    General,
}

internal sealed class UnionShape
{
    public UnionShapeKind Kind { get; set; }

    public LiteralKind ValueKind { get; set; }

    /// <summary>Enum members (value, line, description) in page order.</summary>
    public List<EnumMember> Members { get; } = new();

    /// <summary>The JSON kind of each member, parallel to <see cref="Members"/>.</summary>
    public List<LiteralKind> MemberKinds { get; } = new();

    public void Add(LiteralExpr literal, int line, string? description)
    {
        Members.Add(new EnumMember { Value = literal.Value, Line = line, Description = description });
        MemberKinds.Add(literal.Kind);
    }
}

/// <summary>Shape decisions shared by the key computation and the builder, made from the children when there are any (they are the truth) and from the summary otherwise.</summary>
internal static class Shapes
{
    /// <summary>
    /// <c>array of A or B</c> is ambiguous in a summary: the children decide. When the first child is itself an array
    /// (<c>McpAllowedTools = array of string</c>) the union is <c>(array of A) or B</c>; otherwise it is <c>array of (A or B)</c>.
    /// </summary>
    public static TypeExpr Regroup(TypeExpr expr, IReadOnlyList<DeclItem> children)
    {
        if (expr is not UnionExpr union || union.Terms.Count == 0 || union.Terms[0] is not ArrayExpr first) return expr;
        if (children.Count > 0 && IsArrayVariant(children[0])) return expr;
        if (ReferenceEquals(union.MemoChildren, children) && union.RegroupMemo is not null) return union.RegroupMemo;
        var terms = new List<TypeExpr>(union.Terms.Count) { first.Element };
        for (var i = 1; i < union.Terms.Count; i++) terms.Add(union.Terms[i]);
        var regrouped = new ArrayExpr(new UnionExpr(terms, union.MoreCount));
        if (!ReferenceEquals(union.MemoChildren, children))
        {
            union.MemoChildren = children;
            union.ShapeMemo = null;
        }

        union.RegroupMemo = regrouped;
        return regrouped;
    }

    private static bool IsArrayVariant(DeclItem child)
    {
        var syntax = StructuralKeys.SyntaxOf(child);
        return syntax.Form is DeclForm.Bare or DeclForm.Alias && syntax.Type is ArrayExpr;
    }

    public static UnionShape Classify(UnionExpr union, IReadOnlyList<DeclItem> children)
    {
        if (ReferenceEquals(union.MemoChildren, children) && union.ShapeMemo is UnionShape known) return known;
        var shape = ClassifyUncached(union, children);
        if (!ReferenceEquals(union.MemoChildren, children))
        {
            union.MemoChildren = children;
            union.RegroupMemo = null;
        }

        union.ShapeMemo = shape;
        return shape;
    }

    private static UnionShape ClassifyUncached(UnionExpr union, IReadOnlyList<DeclItem> children)
    {
        var shape = new UnionShape { Kind = UnionShapeKind.General };
        if (children.Count > 0)
        {
            var sawString = false;
            foreach (var child in children)
            {
                var syntax = StructuralKeys.SyntaxOf(child);
                if (syntax.Form != DeclForm.Bare) return shape;
                if (syntax.Type is PrimitiveExpr { Kind: PrimitiveKind.String } && !sawString)
                {
                    sawString = true;
                    continue;
                }

                if (!CollectLiterals(syntax.Type, child, shape)) return Reset(shape);
            }

            return Finish(shape, sawString);
        }

        var sawStringTerm = false;
        foreach (var term in union.Terms)
        {
            if (term is PrimitiveExpr { Kind: PrimitiveKind.String } && !sawStringTerm)
            {
                sawStringTerm = true;
                continue;
            }

            if (term is not LiteralExpr literal || literal.Kind == LiteralKind.Boolean) return Reset(shape);
            shape.Add(literal, 0, null);
        }

        return Finish(shape, sawStringTerm);
    }

    private static UnionShape Reset(UnionShape shape)
    {
        shape.Members.Clear();
        shape.MemberKinds.Clear();
        shape.Kind = UnionShapeKind.General;
        return shape;
    }

    private static UnionShape Finish(UnionShape shape, bool sawString)
    {
        if (shape.Members.Count == 0) return Reset(shape);
        var kind = CommonKind(shape.MemberKinds);
        if (kind is null || (sawString && kind != LiteralKind.String)) return Reset(shape);
        shape.ValueKind = kind.Value;
        shape.Kind = sawString ? UnionShapeKind.OpenEnum : UnionShapeKind.ClosedEnum;
        return shape;
    }

    private static LiteralKind? CommonKind(List<LiteralKind> kinds)
    {
        LiteralKind? kind = null;
        foreach (var memberKind in kinds)
        {
            if (kind is null) kind = memberKind;
            else if (kind != memberKind) return null;
        }

        return kind;
    }

    /// <summary>Adds the literal members of a child: a lone literal (<c>"a"</c>) or a nested literal set (<c>"a" or "b" or 3 more</c> with its own children).</summary>
    private static bool CollectLiterals(TypeExpr type, DeclItem item, UnionShape shape)
    {
        switch (type)
        {
            case LiteralExpr literal when literal.Kind != LiteralKind.Boolean:
                shape.Add(literal, item.Line, item.Description);
                return true;
            case UnionExpr nested:
                if (item.Children.Count == 0)
                {
                    foreach (var term in nested.Terms)
                    {
                        if (term is not LiteralExpr lit || lit.Kind == LiteralKind.Boolean) return false;
                        shape.Add(lit, item.Line, null);
                    }

                    return true;
                }

                foreach (var child in item.Children)
                {
                    var syntax = StructuralKeys.SyntaxOf(child);
                    if (syntax.Form != DeclForm.Bare || syntax.Type is not LiteralExpr lit || lit.Kind == LiteralKind.Boolean) return false;
                    shape.Add(lit, child.Line, child.Description);
                }

                return true;
            default:
                return false;
        }
    }
}
