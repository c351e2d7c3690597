namespace Realtime.LocalServer;

/// <summary>Behaviour of a <see cref="LocalRealtimeServer"/>.</summary>
public sealed record LocalRealtimeServerOptions
{
    /// <summary>When set, WebSocket and REST requests must carry <c>Authorization: Bearer</c> with this key (or a client secret this server minted); otherwise they get HTTP 401.</summary>
    public string? RequiredApiKey { get; init; }

    /// <summary>The model reported when the client does not name one.</summary>
    public string DefaultModel { get; init; } = "gpt-realtime";

    /// <summary>Bytes of PCM16 per <c>response.output_audio.delta</c> (default 4800 = 100 ms at 24 kHz).</summary>
    public int AudioDeltaBytes { get; init; } = 4800;

    /// <summary>Characters per text/transcript/arguments delta.</summary>
    public int TextDeltaChars { get; init; } = 8;

    /// <summary>RMS level (PCM16 units) above which a 10 ms window counts as speech for server VAD (default ≈ −36 dBFS).</summary>
    public double SpeechRmsThreshold { get; init; } = 500;

    /// <summary>Largest accepted client message; larger ones get an error event (default 15 MiB, the API's limit).</summary>
    public int MaxClientMessageBytes { get; init; } = 15 * 1024 * 1024;

    /// <summary>Lifetime of minted client secrets.</summary>
    public TimeSpan ClientSecretLifetime { get; init; } = TimeSpan.FromMinutes(10);
}
