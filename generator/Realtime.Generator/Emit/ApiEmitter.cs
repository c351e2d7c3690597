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
/// (Placeholder entry point; the emitters fill it in.)
/// </summary>
public static class ApiEmitter
{
    public static IReadOnlyList<EmittedFile> EmitAll(ApiSchema schema, EmitOptions options) => Array.Empty<EmittedFile>();
}
