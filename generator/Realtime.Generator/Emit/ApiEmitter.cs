using Realtime.Schema.Model;

namespace Realtime.Generator.Emit;

/// <summary>Options that shape the emitted C# (from <c>build_property.*</c> in the generator, from flags in the CLI).</summary>
public sealed record EmitOptions
{
    public string Namespace { get; init; } = "Realtime.Api";

    /// <summary>Emit <c>public</c> types (true) or <c>internal</c> ones.</summary>
    public bool PublicTypes { get; init; } = true;
}

/// <summary>One generated source file.</summary>
public sealed record EmittedFile(string HintName, string Source);

/// <summary>
/// Pure emitters: ApiSchema → C# source text. No Roslyn types, so the CLI can run them too.
/// Units: one file per named type (<c>{Namespace}.{Type}.g.cs</c>), one per event union for its dispatcher and
/// connection methods (<c>{Namespace}.{Union}Dispatcher.g.cs</c>), the entry point (<c>{Namespace}.RealtimeJson.g.cs</c>) and the
/// resolver (<c>{Namespace}.RealtimeJsonTypeInfoResolver.g.cs</c>). Each unit has an equatable model so the
/// generator can cache it on its own.
/// </summary>
public static class ApiEmitter
{
    /// <summary>Every file for a schema, in a stable order.</summary>
    public static IReadOnlyList<EmittedFile> EmitAll(ApiSchema schema, EmitOptions options)
    {
        var analysis = SchemaAnalysis.Create(schema);
        var files = new List<EmittedFile>();
        files.AddRange(analysis.BuildTypeModels().Select(m => EmitType(m, options)));
        files.AddRange(analysis.BuildDispatcherModels().Select(m => EmitDispatcher(m, options)));
        var entry = analysis.BuildJsonEntryModel();
        files.Add(EmitJsonEntry(entry, options));
        files.Add(EmitResolver(entry, options));
        return files;
    }

    /// <summary>The per-type models (cache keys for <see cref="EmitType"/>).</summary>
    public static IReadOnlyList<TypeEmitModel> BuildTypeModels(ApiSchema schema) => SchemaAnalysis.Create(schema).BuildTypeModels();

    public static IReadOnlyList<DispatcherModel> BuildDispatcherModels(ApiSchema schema) => SchemaAnalysis.Create(schema).BuildDispatcherModels();

    public static JsonEntryModel BuildJsonEntryModel(ApiSchema schema) => SchemaAnalysis.Create(schema).BuildJsonEntryModel();

    public static string HintName(EmitOptions options, string unit) => $"{options.Namespace}.{unit}.g.cs";

    public static EmittedFile EmitType(TypeEmitModel model, EmitOptions options)
    {
        var w = new CodeWriter();
        EmitterCommon.Header(w, options.Namespace);
        switch (model.Shape)
        {
            case TypeShape.Object:
                ObjectEmitter.Emit(w, model, options);
                break;
            case TypeShape.Enum:
                EnumEmitter.Emit(w, model, options);
                break;
            case TypeShape.ObjectUnion:
                UnionEmitter.Emit(w, model, options);
                break;
            case TypeShape.List:
                ListEmitter.Emit(w, model, options);
                break;
            case TypeShape.ValueUnion:
                ValueUnionEmitter.Emit(w, model, options);
                break;
            default:
                throw new InvalidOperationException($"Type '{model.Decl.Name}' is an alias: references to it use its target, it has no file.");
        }

        w.Close();
        return new EmittedFile(HintName(options, model.Decl.Name), w.ToString());
    }

    public static EmittedFile EmitDispatcher(DispatcherModel model, EmitOptions options)
    {
        var w = new CodeWriter();
        EmitterCommon.Header(w, options.Namespace);
        DispatcherEmitter.Emit(w, model, options);
        w.Line();
        ConnectionEmitter.Emit(w, model, options);
        w.Close();
        return new EmittedFile(HintName(options, model.UnionName + "Dispatcher"), w.ToString());
    }

    public static EmittedFile EmitJsonEntry(JsonEntryModel model, EmitOptions options)
    {
        var w = new CodeWriter();
        EmitterCommon.Header(w, options.Namespace);
        JsonEntryEmitter.EmitEntry(w, model, options);
        w.Close();
        return new EmittedFile(HintName(options, JsonEntryEmitter.EntryName), w.ToString());
    }

    public static EmittedFile EmitResolver(JsonEntryModel model, EmitOptions options)
    {
        var w = new CodeWriter();
        EmitterCommon.Header(w, options.Namespace);
        JsonEntryEmitter.EmitResolver(w, model, options);
        w.Close();
        return new EmittedFile(HintName(options, JsonEntryEmitter.ResolverName), w.ToString());
    }
}
