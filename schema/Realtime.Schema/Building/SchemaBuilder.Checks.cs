using Realtime.Schema.Model;
using Realtime.Schema.Reading;
using Realtime.Schema.Syntax;

namespace Realtime.Schema.Building;

internal sealed partial class SchemaBuilder
{
    /// <summary>Every item of the page, wherever it sits: summary syntax, summary against children, nesting.</summary>
    private void CheckItem(DeclItem item)
    {
        var syntax = StructuralKeys.SyntaxOf(item);
        if (syntax.Form == DeclForm.Invalid)
        {
            Report(DiagnosticIds.InvalidTypeExpression, DiagnosticSeverity.Error, item.Line, $"unrecognised type expression `{item.Code}`: {syntax.Error}", item.Column + 1 + syntax.ErrorOffset);
        }
        else if (item.Children.Count > 0)
        {
            var type = Unwrap(Shapes.Regroup(syntax.Type, item.Children));
            if (type is ObjectExpr obj) CheckObject(item, obj);
            else if (type is UnionExpr union) CheckUnion(item, union);
            else if (type is NamedExpr && item.Children.Any(c => StructuralKeys.SyntaxOf(c).Form == DeclForm.Property)) CheckOnlyProperties(item);
        }

        foreach (var child in item.Children) CheckItem(child);
    }

    private static TypeExpr Unwrap(TypeExpr type) => type switch
    {
        ArrayExpr a => Unwrap(a.Element),
        MapExpr m => Unwrap(m.Value),
        _ => type,
    };

    private void CheckObject(DeclItem item, ObjectExpr obj)
    {
        CheckOnlyProperties(item);
        if (!obj.HasFieldList) return;
        var fields = item.Children.Select(StructuralKeys.SyntaxOf).Where(s => s.Form == DeclForm.Property).Select(s => s.Name!).ToList();
        var expected = obj.Fields.Count + obj.MoreCount;
        var missing = obj.Fields.Where(f => !fields.Contains(f)).ToList();
        if (fields.Count != expected || missing.Count > 0)
        {
            var detail = missing.Count > 0 ? $"; not among them: {string.Join(", ", missing)}" : "";
            Report(DiagnosticIds.SummaryMismatch, DiagnosticSeverity.Warning, item.Line, $"summary `{obj}` counts {expected} fields but {fields.Count} are listed{detail}", item.Column + 1);
        }
    }

    private void CheckOnlyProperties(DeclItem item)
    {
        foreach (var child in item.Children)
        {
            var form = StructuralKeys.SyntaxOf(child).Form;
            if (form is DeclForm.Property or DeclForm.Invalid) continue;
            Report(DiagnosticIds.BrokenNesting, DiagnosticSeverity.Error, child.Line, $"`{child.Code}` is listed among the fields of `{item.Code}` (line {item.Line}) but is not a field: the list nesting is broken");
        }
    }

    private void CheckUnion(DeclItem item, UnionExpr union)
    {
        foreach (var child in item.Children)
        {
            if (StructuralKeys.SyntaxOf(child).Form != DeclForm.Property) continue;
            Report(DiagnosticIds.BrokenNesting, DiagnosticSeverity.Error, child.Line, $"field `{child.Code}` is listed among the members of `{item.Code}` (line {item.Line}): the list nesting is broken");
        }

        if (union.Terms.Count == 0) return;
        var shape = Shapes.Classify(union, item.Children);
        var allLiterals = union.Terms.All(t => t is LiteralExpr);
        if (shape.Kind == UnionShapeKind.ClosedEnum && allLiterals)
        {
            var expected = union.Terms.Count + union.MoreCount;
            var values = shape.Members.Select(m => m.Value).ToList();
            var missing = union.Terms.Cast<LiteralExpr>().Where(t => !values.Contains(t.Value)).Select(t => t.Json).ToList();
            if (values.Count != expected || missing.Count > 0)
            {
                var detail = missing.Count > 0 ? $"; not among them: {string.Join(", ", missing)}" : "";
                Report(DiagnosticIds.SummaryMismatch, DiagnosticSeverity.Warning, item.Line, $"summary `{union}` counts {expected} values but {values.Count} are listed{detail}", item.Column + 1);
            }
        }
        else if (shape.Kind == UnionShapeKind.General && union.Terms.All(t => t is NamedExpr or ObjectExpr))
        {
            var expected = union.Terms.Count + union.MoreCount;
            if (item.Children.Count != expected)
            {
                Report(DiagnosticIds.SummaryMismatch, DiagnosticSeverity.Warning, item.Line, $"summary `{union}` counts {expected} variants but {item.Children.Count} are listed", item.Column + 1);
            }
        }
    }
}
