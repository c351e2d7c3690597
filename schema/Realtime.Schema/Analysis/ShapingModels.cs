using Realtime.Schema.Model;

namespace Realtime.Schema.Analysis;

// The analysis stage between the page's schema and the emitters: it turns the page's *rendering* (a type expanded
// inline here, referenced there; the same inline shape copied at many places) into the API's *shape*, one type per
// concept, under the maintainer's lock. Order: unification (honouring the lock's pins) → lock check.
//
// A "site" is one place on the page where a type is spelled out or referenced: the dotted path of JSON names from a
// page type or endpoint (`RealtimeSessionCreateRequest.audio.input.noise_reduction`), exactly the Origin the builder
// gives a hoisted type. A page type's own site is its name.

/// <summary>What the analysis stage is told besides the schema (from the lock file, later the overlay).</summary>
public sealed record ShapingOptions
{
    public static readonly ShapingOptions Default = new();

    /// <summary>Sites whose type name is fixed (from the lock): the site keeps that name whatever the page renders there.</summary>
    public EquatableArray<SitePin> Pins { get; init; } = EquatableArray<SitePin>.Empty;

    /// <summary>Sites that must not be unified with anything: each keeps its own hoisted type (a maintainer's switch).</summary>
    public EquatableArray<string> NoUnify { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The maintainer overlay, applied to the schema before shaping (its pins win over the lock's).</summary>
    public Overlay.ApiOverlay? Overlay { get; init; }
}

/// <summary>A site whose C# type name is fixed (by the lock).</summary>
public sealed record SitePin(string Site, string Name);

public enum UnificationKind
{
    /// <summary>An inline copy structurally equal to a page type: the site uses the page type.</summary>
    EqualToNamed,
    /// <summary>An inline copy that is a compatible subset of exactly one page type: the site uses that type.</summary>
    SubsetOfNamed,
    /// <summary>Inline copies equal to each other standing for the same property: one type for all of them.</summary>
    MergedCopies,
}

/// <summary>One unification the stage made, for the maintainer's review (<c>schema</c>, <c>stats --json</c>, an info diagnostic).</summary>
public sealed record Unification
{
    /// <summary>The site whose own type was replaced.</summary>
    public string Site { get; init; } = "";

    /// <summary>The name the site's type would have had on its own.</summary>
    public string From { get; init; } = "";

    /// <summary>The type the site uses now.</summary>
    public string To { get; init; } = "";

    public UnificationKind Kind { get; init; }

    /// <summary>1-based markdown line of the site.</summary>
    public int Line { get; init; }
}

/// <summary>The API's shape: the schema after unification and the lock, and what the stage did and found.</summary>
public sealed record ShapedApi
{
    public ApiSchema Schema { get; init; } = new();

    public EquatableArray<Unification> Unifications { get; init; } = EquatableArray<Unification>.Empty;

    /// <summary>The stage's own findings (info: unification counts; warning/error: lock names that cannot be kept), at their page lines.</summary>
    public EquatableArray<SchemaDiagnostic> Diagnostics { get; init; } = EquatableArray<SchemaDiagnostic>.Empty;

    /// <summary>The overlay's stale or inapplicable actions (warnings), at their lines in the overlay file.</summary>
    public EquatableArray<SchemaDiagnostic> OverlayFindings { get; init; } = EquatableArray<SchemaDiagnostic>.Empty;
}
