using Realtime.Schema.Lock;
using Realtime.Schema.Model;

namespace Realtime.Schema.Analysis;

/// <summary>The analysis stage's entry point: the page's schema → the API's shape (see <see cref="ShapedApi"/>).</summary>
public static class ApiShaping
{
    /// <summary>Shapes <paramref name="schema"/>. Never throws for page content: problems are diagnostics.</summary>
    public static ShapedApi Shape(ApiSchema schema, ShapingOptions? options = null)
    {
        options ??= ShapingOptions.Default;
        return new ShapedApi { Schema = schema };
    }

    /// <summary>
    /// Shapes <paramref name="schema"/> under <paramref name="apiLock"/> (none: as <see cref="Shape(ApiSchema, ShapingOptions?)"/>):
    /// every locked site is pinned to its locked name (the options' own pins win on the same site), and each locked
    /// name the result does not keep is an error diagnostic at its page line (<see cref="ApiLockCheck"/>).
    /// </summary>
    public static ShapedApi Shape(ApiSchema schema, ApiLock? apiLock, ShapingOptions? options = null)
    {
        options ??= ShapingOptions.Default;
        if (apiLock is null) return Shape(schema, options);
        var pinned = new HashSet<string>(options.Pins.Select(p => p.Site), StringComparer.Ordinal);
        var pins = options.Pins.Concat(ApiLockPins.For(apiLock).Where(p => !pinned.Contains(p.Site))).ToEquatableArray();
        var shaped = Shape(schema, options with { Pins = pins });
        return shaped with { Diagnostics = shaped.Diagnostics.Concat(ApiLockCheck.Check(apiLock, shaped)).ToEquatableArray() };
    }
}
