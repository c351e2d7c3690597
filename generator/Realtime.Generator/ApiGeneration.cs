using Realtime.Generator.Emit;
using Realtime.Schema;
using Realtime.Schema.Model;

namespace Realtime.Generator;

/// <summary>
/// The generator's two steps as plain functions, shared by the Roslyn pipeline and the CLI's <c>emit</c> command so
/// both produce the same files from the same page.
/// </summary>
public static class ApiGeneration
{
    /// <summary>Parses the reference markdown; problems are in <see cref="ApiSchema.Diagnostics"/>.</summary>
    public static ApiSchema Parse(string markdown, string? sourcePath) => SchemaParser.Parse(markdown, sourcePath);

    /// <summary>Every generated file for the schema, as (hint name, source).</summary>
    public static IReadOnlyList<EmittedFile> EmitFiles(ApiSchema schema, EmitOptions options) =>
        [.. ApiEmitter.EmitAll(schema, options), .. RestClientEmitter.Emit(schema, options)];
}
