using Realtime.Schema.Model;

namespace Realtime.Schema.Analysis;

/// <summary>The analysis stage's entry point: the page's schema → the API's shape (see <see cref="ShapedApi"/>).</summary>
public static class ApiShaping
{
    /// <summary>Shapes <paramref name="schema"/>. Never throws for page content: problems are diagnostics.</summary>
    public static ShapedApi Shape(ApiSchema schema, ShapingOptions? options = null)
    {
        options ??= ShapingOptions.Default;
        return Unifier.Unify(schema, options);
    }
}
