using Realtime.Schema.Model;

namespace Realtime.Schema.Diff;

/// <summary>What a change touches.</summary>
public enum ChangeTarget
{
    Type,
    Property,
    EnumMember,
    UnionVariant,
    /// <summary>A variant of a client/server event union, keyed by its <c>type</c> string.</summary>
    Event,
    Endpoint,
    /// <summary>A path or query parameter of an endpoint.</summary>
    Parameter,
}

public enum ChangeKind
{
    Added,
    Removed,
    /// <summary>A structural change of one <see cref="SchemaChange.Aspect"/> (type, required, nullability …).</summary>
    Changed,
    /// <summary>Only the description (or deprecation note, default, bounds) changed: nothing a compiler sees.</summary>
    DescriptionChanged,
}

/// <summary>What a change means to code written against the generated C#.</summary>
public enum ChangeClassification
{
    /// <summary>Existing consumer code may stop compiling (or silently mean something else).</summary>
    Breaking,
    /// <summary>Existing consumer code keeps compiling and behaving.</summary>
    Additive,
    /// <summary>Nothing in the generated API surface changes (descriptions, documented defaults, bounds).</summary>
    Informational,
}

/// <summary>One difference between two schemas, with the markdown line on each side (0 when the side has none).</summary>
public sealed record SchemaChange
{
    /// <summary>What the report groups the change under: the page-named type that owns it, or the endpoint (<c>POST /realtime/client_secrets</c>).</summary>
    public string Group { get; init; } = "";

    public ChangeTarget Target { get; init; }

    public ChangeKind Kind { get; init; }

    /// <summary>Where the change is: <c>AudioTranscription.delay</c>, <c>AudioTranscriptionModel."gpt-realtime-whisper"</c>, <c>POST /realtime/calls/{call_id}/accept</c>.</summary>
    public string Path { get; init; } = "";

    /// <summary>For a member of a hoisted inline type: the page path that declares that type (<c>AudioTranscription.model</c>); null otherwise.</summary>
    public string? Site { get; init; }

    /// <summary>For <see cref="ChangeKind.Changed"/>/<see cref="ChangeKind.DescriptionChanged"/>: which facet changed (<c>type</c>, <c>required</c>, <c>nullable</c>, <c>discriminator</c>, <c>description</c> …); empty for additions and removals.</summary>
    public string Aspect { get; init; } = "";

    /// <summary>The facet (or declaration summary) before; null when added.</summary>
    public string? Before { get; init; }

    /// <summary>The facet (or declaration summary) after; null when removed.</summary>
    public string? After { get; init; }

    public int BeforeLine { get; init; }

    public int AfterLine { get; init; }

    public ChangeClassification Classification { get; init; }

    /// <summary>One line: why the change has its classification.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Extra facts that make the change actionable (the shape of an inline type that came with a new property, structural differences behind a type change …).</summary>
    public EquatableArray<string> Details { get; init; } = EquatableArray<string>.Empty;
}
