using Realtime.Generator.Emit;
using Realtime.Schema;
using Realtime.Schema.Analysis;
using Realtime.Schema.Model;

namespace Realtime.Generator;

/// <summary>
/// The generator's steps as plain functions, shared by the Roslyn pipeline and the CLI's <c>emit</c> command so both
/// produce the same files from the same page: parse → shape (the analysis stage) → per-file unit models → one file per unit.
/// </summary>
public static class ApiGeneration
{
    /// <summary>Parses the reference markdown; problems are in <see cref="ApiSchema.Diagnostics"/>.</summary>
    public static ApiSchema Parse(string markdown, string? sourcePath) => SchemaParser.Parse(markdown, sourcePath);

    /// <summary>The analysis stage: the API's shape of a parsed page; its findings are in <see cref="ShapedApi.Diagnostics"/>.</summary>
    public static ShapedApi Shape(ApiSchema schema, ShapingOptions? options = null) => ApiShaping.Shape(schema, options);

    /// <summary>The page's findings and the stage's, by line: what the generator and the CLI report.</summary>
    public static IEnumerable<SchemaDiagnostic> Findings(ApiSchema page, ShapedApi shaped) =>
        page.Diagnostics.Concat(shaped.Diagnostics).OrderBy(d => d.Line).ThenBy(d => d.Column);

    /// <summary>Every generated file for the shaped schema (<see cref="Shape"/>), as (hint name, source), in a stable order.</summary>
    public static IReadOnlyList<EmittedFile> EmitFiles(ApiSchema schema, EmitOptions options) =>
        BuildUnits(schema, options).Select(EmitUnit).ToList();

    /// <summary>One equatable model per generated file: the generator caches each file on its model.</summary>
    internal static IReadOnlyList<EmitUnit> BuildUnits(ApiSchema schema, EmitOptions options)
    {
        var analysis = SchemaAnalysis.Create(schema);
        var units = new List<EmitUnit>();
        units.AddRange(analysis.BuildTypeModels()
            .Where(m => m.Shape != TypeShape.Alias)
            .Select(m => new EmitUnit(options) { Type = m }));
        units.AddRange(analysis.BuildDispatcherModels().Select(m => new EmitUnit(options) { Dispatcher = m }));
        var entry = analysis.BuildJsonEntryModel();
        units.Add(new EmitUnit(options) { JsonEntry = entry });
        units.Add(new EmitUnit(options) { JsonResolver = entry });
        if (!schema.Endpoints.IsEmpty)
        {
            // Only what the client needs: the endpoints and the aliases its body/response types may go through.
            units.Add(new EmitUnit(options)
            {
                RestClient = new ApiSchema
                {
                    Title = schema.Title,
                    Endpoints = schema.Endpoints,
                    Types = schema.Types.Where(t => t.Kind == TypeDeclKind.Alias).ToEquatableArray(),
                },
            });
        }

        return units;
    }

    internal static EmittedFile EmitUnit(EmitUnit unit) => unit switch
    {
        { Type: { } type } => ApiEmitter.EmitType(type, unit.Options),
        { Dispatcher: { } dispatcher } => ApiEmitter.EmitDispatcher(dispatcher, unit.Options),
        { JsonEntry: { } entry } => ApiEmitter.EmitJsonEntry(entry, unit.Options),
        { JsonResolver: { } resolver } => ApiEmitter.EmitResolver(resolver, unit.Options),
        { RestClient: { } restSchema } => RestClientEmitter.Emit(restSchema, unit.Options).Single(),
        _ => throw new InvalidOperationException("empty emit unit"),
    };
}

/// <summary>One generated file's model (exactly one of the model properties is set) with the options it is emitted under.</summary>
internal sealed record EmitUnit(EmitOptions Options)
{
    public TypeEmitModel? Type { get; init; }

    public DispatcherModel? Dispatcher { get; init; }

    public JsonEntryModel? JsonEntry { get; init; }

    public JsonEntryModel? JsonResolver { get; init; }

    public ApiSchema? RestClient { get; init; }

    /// <summary>What the unit is, for error messages.</summary>
    public string Describe() =>
        Type?.Decl.Name ?? (Dispatcher is not null ? Dispatcher.UnionName + "Dispatcher" : JsonEntry is not null ? "JSON entry point" : JsonResolver is not null ? "JSON resolver" : "REST client");
}
