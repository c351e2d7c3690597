using Realtime.Schema.Model;

namespace Realtime.Schema.Diff;

/// <summary>The changes between two schemas, in a stable order (group, path, target, aspect, kind).</summary>
public sealed record SchemaDiffResult
{
    public EquatableArray<SchemaChange> Changes { get; init; } = EquatableArray<SchemaChange>.Empty;

    public bool IsEmpty => Changes.IsEmpty;

    public bool HasBreaking => Changes.Any(c => c.Classification == ChangeClassification.Breaking);

    /// <summary>Changes a compiler sees (everything except <see cref="ChangeKind.DescriptionChanged"/>).</summary>
    public IEnumerable<SchemaChange> StructuralChanges => Changes.Where(c => c.Kind != ChangeKind.DescriptionChanged);

    /// <summary>Description, deprecation note, documented default and bound changes, kept apart.</summary>
    public IEnumerable<SchemaChange> DescriptionChanges => Changes.Where(c => c.Kind == ChangeKind.DescriptionChanged);

    public int Count(ChangeClassification classification) => Changes.Count(c => c.Classification == classification);
}
