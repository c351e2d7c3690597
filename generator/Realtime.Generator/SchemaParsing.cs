using Realtime.Schema.Model;

namespace Realtime.Generator;

/// <summary>The one place the generator calls the schema parser.</summary>
internal static class SchemaParsing
{
    // TEMPORARY until Realtime.Schema.SchemaParser lands: nothing is parsed (an empty schema, no RTCG903).
    public const bool IsAvailable = false;

    public static ApiSchema Parse(string markdown, string? sourcePath) => new();
}
