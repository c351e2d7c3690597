using Realtime.Schema.Model;

namespace Realtime.Schema.Diff;

/// <summary>
/// Compares two schemas of the reference page: types by name, properties and parameters by JSON name, enum members
/// by value, union variants by discriminator value (or type when the union has none), events by their <c>type</c>
/// string, endpoints by method and path. Every change is classified by <see cref="ChangeRules"/>.
/// </summary>
public static class SchemaDiff
{
    public static SchemaDiffResult Compare(ApiSchema before, ApiSchema after) =>
        new SchemaComparison(new SchemaIndex(before), new SchemaIndex(after)).Run();

    /// <summary>The report order: group, path, target, aspect, kind, then the texts (total, so output is deterministic).</summary>
    public static int Order(SchemaChange x, SchemaChange y)
    {
        var c = string.CompareOrdinal(x.Group, y.Group);
        if (c == 0) c = string.CompareOrdinal(x.Path, y.Path);
        if (c == 0) c = x.Target.CompareTo(y.Target);
        if (c == 0) c = string.CompareOrdinal(x.Aspect, y.Aspect);
        if (c == 0) c = x.Kind.CompareTo(y.Kind);
        if (c == 0) c = string.CompareOrdinal(x.Before, y.Before);
        if (c == 0) c = string.CompareOrdinal(x.After, y.After);
        if (c == 0) c = x.BeforeLine.CompareTo(y.BeforeLine);
        if (c == 0) c = x.AfterLine.CompareTo(y.AfterLine);
        return c;
    }
}
