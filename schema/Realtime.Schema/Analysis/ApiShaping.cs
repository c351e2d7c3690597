using Realtime.Schema.Lock;
using Realtime.Schema.Model;
using Realtime.Schema.Overlay;

namespace Realtime.Schema.Analysis;

/// <summary>The analysis stage's entry point: the page's schema → the API's shape (see <see cref="ShapedApi"/>).</summary>
public static class ApiShaping
{
    /// <summary>
    /// Shapes <paramref name="schema"/> (with the options' overlay applied first). Never throws for page content:
    /// problems are diagnostics.
    /// </summary>
    public static ShapedApi Shape(ApiSchema schema, ShapingOptions? options = null)
    {
        options ??= ShapingOptions.Default;
        if (options.Overlay is null) return Shape(schema, options, EquatableArray<SchemaDiagnostic>.Empty);
        var applied = ApiOverlays.Apply(options.Overlay, schema);
        var overlaid = options with
        {
            Pins = applied.Pins.Concat(options.Pins).ToEquatableArray(),
            NoUnify = options.NoUnify.Concat(applied.NoUnify).Distinct(StringComparer.Ordinal).ToEquatableArray(),
        };
        return Shape(applied.Schema, overlaid, applied.Findings);
    }

    /// <summary>Unification, then the rules that read across copies (named lists, nullability) and the page's examples, then the C# names.</summary>
    private static ShapedApi Shape(ApiSchema schema, ShapingOptions options, EquatableArray<SchemaDiagnostic> findings)
    {
        var unified = NullabilityRule.Unify(schema, options);
        var ruled = unified with { Schema = NullabilityRule.Apply(NamedListRule.Apply(unified.Schema)) };
        var named = TypeNaming.Apply(ExampleEvidenceRule.Apply(ruled), options);
        return named with { OverlayFindings = findings };
    }

    /// <summary>
    /// Shapes <paramref name="schema"/> under <paramref name="apiLock"/> (none: as <see cref="Shape(ApiSchema, ShapingOptions?)"/>):
    /// the lock's union variant sites follow their shapes on this page (<see cref="ApiLockAnchoring"/>), every locked
    /// number keeps its locked kind (<see cref="ApiLockNumbers"/>), every locked
    /// site is pinned to its locked name (the options' own pins win on the same site), and each locked name the result
    /// does not keep is an error diagnostic at its page line (<see cref="ApiLockCheck"/>).
    /// </summary>
    public static ShapedApi Shape(ApiSchema schema, ApiLock? apiLock, ShapingOptions? options = null)
    {
        options ??= ShapingOptions.Default;
        if (apiLock is null) return Shape(schema, options);
        var anchored = ApiLockAnchoring.Anchor(apiLock, schema);
        schema = ApiLockNumbers.Keep(anchored, schema);
        var shaped = Shape(schema, options with { Pins = PinsFor(anchored, options) });
        return shaped with { Diagnostics = shaped.Diagnostics.Concat(ApiLockCheck.Check(anchored, shaped)).ToEquatableArray() };
    }

    /// <summary>The pins the stage works under: the options' own, then the lock's for every site they leave free.</summary>
    public static EquatableArray<SitePin> PinsFor(ApiLock apiLock, ShapingOptions options)
    {
        var pinned = new HashSet<string>(options.Pins.Select(p => p.Site), StringComparer.Ordinal);
        return options.Pins.Concat(ApiLockPins.For(apiLock).Where(p => !pinned.Contains(p.Site))).ToEquatableArray();
    }
}
