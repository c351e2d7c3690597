namespace Realtime.Generator;

/// <summary>The names of the pipeline steps, for <c>WithTrackingName</c> and the caching tests.</summary>
public static class TrackingNames
{
    public const string Options = nameof(Options);
    public const string DocsFiles = nameof(DocsFiles);
    public const string Parsed = nameof(Parsed);
    public const string ParseDiagnostics = nameof(ParseDiagnostics);
    public const string EmitInputs = nameof(EmitInputs);
    public const string Emitted = nameof(Emitted);
    public const string EmitDiagnostics = nameof(EmitDiagnostics);
    public const string Units = nameof(Units);

    /// <summary>Every step name above, for tests that check each one.</summary>
    public static readonly string[] All = [Options, DocsFiles, Parsed, ParseDiagnostics, EmitInputs, Emitted, EmitDiagnostics, Units];
}
