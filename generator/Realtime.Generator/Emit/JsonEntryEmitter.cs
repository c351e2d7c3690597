namespace Realtime.Generator.Emit;

/// <summary>Emits the <c>RealtimeJson</c> entry point and the <c>IJsonTypeInfoResolver</c> over every generated type.</summary>
internal static class JsonEntryEmitter
{
    public const string EntryName = "RealtimeJson";
    public const string ResolverName = "RealtimeJsonTypeInfoResolver";

    public static void EmitEntry(CodeWriter w, JsonEntryModel model, EmitOptions options)
    {
        var visibility = EmitterCommon.Visibility(options);
        const string Model = "global::Realtime.Api.IRealtimeJsonModel<T>";
        w.Line("/// <summary>Reads and writes every generated type (events, sessions, items …) as UTF-8 JSON with generated code: no reflection.</summary>");
        w.Open($"{visibility} static partial class {EntryName}");
        w.Line("private static global::System.Text.Json.JsonSerializerOptions? s_options;");
        w.Line();
        w.Line("/// <summary>Reads one JSON document as <typeparamref name=\"T\"/>; malformed or mistyped JSON throws <see cref=\"global::System.Text.Json.JsonException\"/>.</summary>");
        w.Line($"public static T Deserialize<T>(global::System.ReadOnlySpan<byte> utf8Json) where T : {Model} => global::Realtime.Api.JsonRuntime.Deserialize<T>(utf8Json);");
        w.Line();
        w.Line($"public static T Deserialize<T>(global::System.Buffers.ReadOnlySequence<byte> utf8Json) where T : {Model} => global::Realtime.Api.JsonRuntime.Deserialize<T>(utf8Json);");
        w.Line();
        w.Line($"public static T Deserialize<T>(string json) where T : {Model} => global::Realtime.Api.JsonRuntime.Deserialize<T>(json);");
        w.Line();
        w.Line("/// <summary>Writes <paramref name=\"value\"/> as UTF-8 JSON into <paramref name=\"output\"/>.</summary>");
        w.Line($"public static void Serialize<T>(T value, global::System.Buffers.IBufferWriter<byte> output) where T : {Model} => global::Realtime.Api.JsonRuntime.Serialize(value, output);");
        w.Line();
        w.Line($"public static byte[] SerializeToUtf8Bytes<T>(T value) where T : {Model} => global::Realtime.Api.JsonRuntime.SerializeToUtf8Bytes(value);");
        w.Line();
        w.Line($"public static string Serialize<T>(T value) where T : {Model} => global::Realtime.Api.JsonRuntime.SerializeToString(value);");
        foreach (var union in model.EventUnions)
        {
            w.Line();
            w.Line($"/// <summary>Reads one <see cref=\"{union}\"/>.</summary>");
            w.Line($"public static {union} Deserialize{union}(global::System.ReadOnlySpan<byte> utf8Json) => global::Realtime.Api.JsonRuntime.Deserialize<{union}>(utf8Json);");
        }

        w.Line();
        w.Line("/// <summary>A resolver for <see cref=\"global::System.Text.Json.JsonSerializer\"/> that knows every generated type (AOT-safe).</summary>");
        w.Line($"public static global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver TypeInfoResolver => {ResolverName}.Instance;");
        w.Line();
        w.Line("/// <summary>Read-only options using <see cref=\"TypeInfoResolver\"/>.</summary>");
        w.Open("public static global::System.Text.Json.JsonSerializerOptions Options");
        w.Open("get");
        w.Open("if (s_options is null)");
        w.Line("var options = new global::System.Text.Json.JsonSerializerOptions { TypeInfoResolver = TypeInfoResolver };");
        w.Line("options.MakeReadOnly();");
        w.Line("s_options = options;");
        w.Close();
        w.Line();
        w.Line("return s_options;");
        w.Close();
        w.Close();
        w.Close();
    }

    public static void EmitResolver(CodeWriter w, JsonEntryModel model, EmitOptions options)
    {
        w.Line("/// <summary>Resolves the <see cref=\"global::System.Text.Json.Serialization.Metadata.JsonTypeInfo\"/> of every generated type to its generated converter.</summary>");
        w.Open($"{EmitterCommon.Visibility(options)} sealed class {ResolverName} : global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver");
        w.Line($"public static {ResolverName} Instance {{ get; }} = new {ResolverName}();");
        w.Line();
        w.Open("private static readonly global::System.Collections.Generic.Dictionary<global::System.Type, global::System.Func<global::System.Text.Json.JsonSerializerOptions, global::System.Text.Json.Serialization.Metadata.JsonTypeInfo>> s_factories = new()");
        foreach (var type in model.TypeNames)
        {
            w.Line($"[typeof({type})] = static options => global::Realtime.Api.RealtimeJsonTypeInfo.Create<{type}>(options),");
        }

        w.Close(";");
        w.Line();
        w.Line("public global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(global::System.Type type, global::System.Text.Json.JsonSerializerOptions options) =>");
        w.Line("    s_factories.TryGetValue(type, out var factory) ? factory(options) : null;");
        w.Close();
    }
}
