using System.Text;
using Realtime.Schema.Reading;
using Realtime.Schema.Syntax;

namespace Realtime.Schema.Building;

/// <summary>
/// Syntactic structure keys: two declarations with the same key describe the same JSON shape (field names,
/// optionality, field types, literal sets, variants), whatever their names, descriptions or lines. Named types
/// appear in a key by name, so keys need no resolution and can be computed for any subtree up front; the builder
/// uses them to map an inline object or union back to the named type it repeats (equal inline shapes at different
/// sites are not merged: each site's hoisted type is named after that site).
/// </summary>
internal static class StructuralKeys
{
    public static DeclSyntax SyntaxOf(DeclItem item) => item.Syntax ??= TypeExprParser.ParseDeclaration(item.Code);

    /// <summary>The key of a declaration's type (a property's or variant's), memoised on the item.</summary>
    public static string OfItemType(DeclItem item)
    {
        if (item.Key is not null) return item.Key;
        var syntax = SyntaxOf(item);
        var key = syntax.Form switch
        {
            DeclForm.NamedObject or DeclForm.Alias => "@" + syntax.Name,
            DeclForm.Invalid => "!" + item.Code,
            _ => Of(syntax.Type, item.Children),
        };
        item.Key = key;
        return key;
    }

    /// <summary>The key of a type expression whose children (the truth) are <paramref name="children"/>.</summary>
    public static string Of(TypeExpr expr, IReadOnlyList<DeclItem> children)
    {
        expr = Shapes.Regroup(expr, children);
        switch (expr)
        {
            case PrimitiveExpr p: return p.ToString();
            case LiteralExpr l: return l.Json;
            case NamedExpr n: return "@" + n.Name;
            case ArrayExpr a: return "[" + Of(a.Element, children) + "]";
            case MapExpr m: return "map[" + Of(m.Value, children) + "]";
            case ObjectExpr o: return OfObject(o, children);
            case UnionExpr u: return OfUnion(u, children);
            default: return "?";
        }
    }

    public static string OfObject(ObjectExpr o, IReadOnlyList<DeclItem> children)
    {
        var sb = new StringBuilder("{");
        var any = false;
        foreach (var child in children)
        {
            var syntax = SyntaxOf(child);
            if (syntax.Form != DeclForm.Property) continue;
            if (any) sb.Append(',');
            sb.Append(syntax.Name).Append(syntax.IsOptional ? "?:" : ":").Append(OfItemType(child));
            any = true;
        }

        if (!any)
        {
            // Not expanded here: the summary's names are all there is.
            sb.Append(string.Join(",", o.Fields));
            if (o.MoreCount > 0) sb.Append(",+").Append(o.MoreCount);
        }

        return sb.Append('}').ToString();
    }

    public static string OfUnion(UnionExpr u, IReadOnlyList<DeclItem> children)
    {
        var shape = Shapes.Classify(u, children);
        if (shape.Kind != UnionShapeKind.General)
        {
            return (shape.Kind == UnionShapeKind.OpenEnum ? "oenum:" : "enum:") + shape.ValueKind + ":" + string.Join("\u0001", shape.Members.Select(m => m.Value));
        }

        var sb = new StringBuilder("(");
        if (children.Count > 0)
        {
            for (var i = 0; i < children.Count; i++)
            {
                if (i > 0) sb.Append('|');
                sb.Append(OfItemType(children[i]));
            }
        }
        else
        {
            for (var i = 0; i < u.Terms.Count; i++)
            {
                if (i > 0) sb.Append('|');
                sb.Append(Of(u.Terms[i], Array.Empty<DeclItem>()));
            }
        }

        return sb.Append(')').ToString();
    }
}
