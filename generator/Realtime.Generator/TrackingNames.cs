namespace Realtime.Generator;

/// <summary>The names of the pipeline steps, for <c>WithTrackingName</c> and the caching tests.</summary>
public static class TrackingNames
{
    public const string Options = nameof(Options);
    public const string DocsFiles = nameof(DocsFiles);
    public const string Parsed = nameof(Parsed);
    public const string ParseDiagnostics = nameof(ParseDiagnostics);
    public const string LockFile = nameof(LockFile);
    public const string LockDiagnostics = nameof(LockDiagnostics);
    public const string OverlayFile = nameof(OverlayFile);
    public const string OverlayDiagnostics = nameof(OverlayDiagnostics);
    public const string Shaped = nameof(Shaped);
    public const string ShapeDiagnostics = nameof(ShapeDiagnostics);
    public const string EmitInputs = nameof(EmitInputs);
    public const string UnitModels = nameof(UnitModels);
    public const string ModelDiagnostics = nameof(ModelDiagnostics);
    public const string Units = nameof(Units);
    public const string Emitted = nameof(Emitted);

    /// <summary>Every step name above, for tests that check each one.</summary>
    public static readonly string[] All = [Options, DocsFiles, Parsed, ParseDiagnostics, LockFile, LockDiagnostics, OverlayFile, OverlayDiagnostics, Shaped, ShapeDiagnostics, EmitInputs, UnitModels, ModelDiagnostics, Units, Emitted];
}
