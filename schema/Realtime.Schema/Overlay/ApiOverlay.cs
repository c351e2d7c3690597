using Realtime.Schema.Model;

namespace Realtime.Schema.Overlay;

// The maintainer overlay: what the page cannot tell, settled by the maintainer in a YAML file modelled on the OpenAPI
// Overlay 1.0 specification (`overlay: 1.0.0`, `info`, `actions` each with a `target` and an `update` or `remove`).
// Targets are sites as the lock spells them: a page type's name (`RealtimeResponse`), a hoisted type's path
// (`RealtimeSessionCreateRequest.audio.input.noise_reduction`), a member's owner site + `.` + its JSON name.
// ApiOverlayYaml reads it (each problem at its line); ApiOverlays applies it to the page's schema before shaping.

/// <summary>A parsed overlay file.</summary>
public sealed record ApiOverlay
{
    /// <summary>The <c>info.title</c>, for the reviewer.</summary>
    public string Title { get; init; } = "";

    public EquatableArray<OverlayAction> Actions { get; init; } = EquatableArray<OverlayAction>.Empty;
}

/// <summary>One action: a target site and what to do there. Unset updates leave the target as the page has it.</summary>
public sealed record OverlayAction
{
    public string Target { get; init; } = "";

    /// <summary>1-based line of the action in the overlay file (for stale and error reports).</summary>
    public int Line { get; init; }

    /// <summary>A member's number kind: <see cref="TypeRef.Int32"/>, <see cref="TypeRef.Integer"/> (int64) or <see cref="TypeRef.Number"/>.</summary>
    public TypeRef? Type { get; init; }

    /// <summary>The C# name of the target type or member.</summary>
    public string? Name { get; init; }

    public bool? Nullable { get; init; }

    public bool? Required { get; init; }

    /// <summary>False: the target type site keeps its own type (no unification with a page type or its copies).</summary>
    public bool? Unify { get; init; }

    /// <summary>OpenAPI Overlay's <c>remove: true</c>: the target member is not generated.</summary>
    public bool Remove { get; init; }
}

/// <summary>What reading an overlay gives: the overlay, or (when the file is unusable) the problems and no overlay.</summary>
public sealed record OverlayReadResult(ApiOverlay? Overlay, EquatableArray<SchemaDiagnostic> Problems);
