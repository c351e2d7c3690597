using Realtime.Schema.Model;

namespace Realtime.Generator.Tests.Emit;

/// <summary>A small hand-built schema with one of each feature the emitters handle (names and texts are our own).</summary>
public static class FeatureSchema
{
    public const string Namespace = "Demo.Api";

    private static PropertyDecl Prop(string name, TypeRef type, bool required = false, bool nullable = false, string? description = null, string? deprecated = null) =>
        new() { JsonName = name, Type = type, IsRequired = required, IsNullable = nullable, Description = description, Deprecated = deprecated };

    private static TypeDecl Obj(string name, params PropertyDecl[] properties) =>
        new() { Name = name, Kind = TypeDeclKind.Object, IsNamedOnPage = true, Properties = properties.ToEquatableArray(), Description = $"The {name} <demo> & co." };

    private static PropertyDecl Tag(string value) => Prop("type", TypeRef.StringLiteral(value), required: true);

    private static TypeDecl Enum(string name, LiteralKind kind, bool open, params string[] values) => new()
    {
        Name = name,
        Kind = TypeDeclKind.Enum,
        EnumValueKind = kind,
        IsOpenEnum = open,
        Members = values.Select(v => new EnumMember { Value = v }).ToEquatableArray(),
    };

    private static TypeDecl Union(string name, string? discriminator, EventDirection direction, params TypeRef[] variants) => new()
    {
        Name = name,
        Kind = TypeDeclKind.Union,
        Discriminator = discriminator,
        EventDirection = direction,
        Variants = variants.Select(v => new UnionVariant { Type = v }).ToEquatableArray(),
    };

    private static TypeRef N(string name) => TypeRef.Named(name);

    public static ApiSchema Create() => new()
    {
        Title = "Demo",
        Types = new[]
        {
            Enum("Voice", LiteralKind.String, open: true, "alloy", "ash", "gpt-4o-mini-transcribe-2025-12-15"),
            Enum("SampleRate", LiteralKind.Number, open: false, "8000", "24000"),
            Obj("TracingConfiguration", Prop("group_id", TypeRef.String)),
            new TypeDecl { Name = "Auto", Kind = TypeDeclKind.Alias, AliasOf = TypeRef.StringLiteral("auto") },
            Union("TracingConfig", null, EventDirection.None, N("Auto"), N("TracingConfiguration")),
            Union("MaxTokens", null, EventDirection.None, TypeRef.Integer, TypeRef.StringLiteral("inf")),
            Obj("ServerVad", Tag("server_vad"), Prop("threshold", TypeRef.Number)),
            Obj("SemanticVad", Tag("semantic_vad"), Prop("eagerness", TypeRef.String)),
            Union("TurnDetection", "type", EventDirection.None, N("ServerVad"), N("SemanticVad")),
            Obj(
                "AudioInput",
                Prop("voice", N("Voice")),
                Prop("rate", N("SampleRate")),
                Prop("turn_detection", N("TurnDetection"), nullable: true),
                Prop("tracing", N("TracingConfig")),
                Prop("max_tokens", N("MaxTokens")),
                Prop("prompt", TypeRef.String),
                Prop("legacy", TypeRef.String, required: true, deprecated: "Use prompt."),
                Prop("tags", TypeRef.ArrayOf(TypeRef.String)),
                Prop("metadata", TypeRef.MapOf(TypeRef.String)),
                Prop("class", TypeRef.Integer)),
            Obj("SystemMessage", Tag("message"), Prop("role", TypeRef.StringLiteral("system"), required: true), Prop("text", TypeRef.String, required: true)),
            Obj("UserMessage", Tag("message"), Prop("role", TypeRef.StringLiteral("user"), required: true), Prop("text", TypeRef.String, required: true)),
            Obj("FunctionCall", Tag("function_call"), Prop("name", TypeRef.String, required: true), Prop("object", TypeRef.StringLiteral("demo.item"))),
            Union("Item", "type", EventDirection.None, N("SystemMessage"), N("UserMessage"), N("FunctionCall")),
            Obj("SessionUpdated", Tag("session.updated"), Prop("event_id", TypeRef.String, required: true), Prop("session", N("AudioInput"), required: true)),
            Obj("AudioDelta", Tag("response.output_audio.delta"), Prop("event_id", TypeRef.String, required: true), Prop("item_id", TypeRef.String, required: true),
                Prop("delta", TypeRef.String, required: true, description: "Base64-encoded audio bytes of this chunk.")),
            Obj("ErrorEvent", Tag("error"), Prop("event_id", TypeRef.String, required: true), Prop("message", TypeRef.String, required: true)),
            Obj("ItemAdded", Tag("item.added"), Prop("item", N("Item"), required: true), Prop("previous_item_id", TypeRef.String, nullable: true)),
            new TypeDecl { Name = "Names", Kind = TypeDeclKind.Alias, IsNamedOnPage = true, AliasOf = TypeRef.ArrayOf(TypeRef.String) },
            Obj("LookupDone", Tag("lookup.done"), Prop("result", TypeRef.String, required: true, nullable: true), Prop("names", N("Names"), required: true),
                Prop("meta", TypeRef.Unknown)),
            Union("ServerEvent", "type", EventDirection.Server, N("SessionUpdated"), N("AudioDelta"), N("ErrorEvent"), N("ItemAdded"), N("LookupDone")),
            Obj("TranslationDelta", Tag("translation.delta"), Prop("delta", TypeRef.String, required: true, description: "Translated text.")),
            Union("TranslationEvent", "type", EventDirection.Server, N("ErrorEvent"), N("TranslationDelta")),
            Obj("AppendEvent", Tag("input_audio_buffer.append"), Prop("audio", TypeRef.String, required: true, description: "Base64-encoded audio bytes to add."), Prop("event_id", TypeRef.String)),
            Union("ClientEvent", "type", EventDirection.Client, N("AppendEvent")),
        }.ToEquatableArray(),
    };
}
