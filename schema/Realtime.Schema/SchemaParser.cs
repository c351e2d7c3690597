using Realtime.Schema.Building;
using Realtime.Schema.Model;
using Realtime.Schema.Reading;

namespace Realtime.Schema;

/// <summary>The entry point: reference-page markdown → <see cref="ApiSchema"/>.</summary>
public static class SchemaParser
{
    /// <summary>
    /// Parses a reference page. Never throws: anything wrong with the input becomes a <see cref="SchemaDiagnostic"/>
    /// (<c>RTCG0xx</c>) at its line in <see cref="ApiSchema.Diagnostics"/>, sorted by line.
    /// </summary>
    /// <param name="markdown">The page text.</param>
    /// <param name="sourcePath">The file the text came from, for messages only (not part of the model).</param>
    public static ApiSchema Parse(string markdown, string? sourcePath = null)
    {
        var diagnostics = new List<SchemaDiagnostic>();
        ApiSchema schema;
        try
        {
            var entries = DocReader.Read(markdown ?? "", diagnostics);
            schema = SchemaBuilder.Build(entries, diagnostics);
        }
        catch (Exception exception)
        {
            // A parser bug must not take the generator or the CLI down: report it where the user sees diagnostics.
            schema = new ApiSchema();
            diagnostics.Add(new SchemaDiagnostic
            {
                Id = DiagnosticIds.InternalError,
                Severity = DiagnosticSeverity.Error,
                Line = 1,
                Message = $"internal parser error in {sourcePath ?? "the page"}: {exception.GetType().Name}: {exception.Message}",
            });
        }

        var sorted = diagnostics
            .Select((d, i) => (d, i))
            .OrderBy(x => x.d.Line).ThenBy(x => x.d.Column).ThenBy(x => x.i)
            .Select(x => x.d);
        return schema with { Diagnostics = sorted.ToEquatableArray() };
    }
}
