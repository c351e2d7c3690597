using Realtime.Api.Audio;

namespace PhoneBridge;

/// <summary>
/// The realtime side of one phone call, as the bridge uses it. <see cref="RealtimeApiCallSession"/> is this
/// repository's typed connection; the load tool plugs in the official SDK through the same interface, so both run
/// the same bridge.
/// </summary>
public interface IRealtimeCallSession : IAsyncDisposable
{
    /// <summary>The format of the assistant's audio (<see cref="IRealtimeCallEvents.OnAssistantAudioAsync"/>).</summary>
    AudioFormat OutputFormat { get; }

    /// <summary>
    /// Sends the caller's audio (G.711 μ-law, 8 kHz) in the session's input format, one append event per complete
    /// frame; returns how many append events were sent.
    /// </summary>
    ValueTask<int> SendPhoneAudioAsync(ReadOnlyMemory<byte> muLaw, CancellationToken cancellationToken);

    /// <summary>The end of the caller's audio: sends what the converter and framer still hold.</summary>
    ValueTask<int> FlushPhoneAudioAsync(CancellationToken cancellationToken);

    /// <summary>Tells the session how much of an assistant item the caller heard (<c>conversation.item.truncate</c>).</summary>
    ValueTask TruncateAsync(AudioTruncatePoint point, CancellationToken cancellationToken);

    /// <summary>Receives the session's events, calling <paramref name="events"/>, until the session ends (normally:
    /// returns; lost or failed: throws).</summary>
    Task RunAsync(IRealtimeCallEvents events, CancellationToken cancellationToken);
}

/// <summary>What the bridge does with the session's events.</summary>
public interface IRealtimeCallEvents
{
    /// <summary>Assistant audio in <see cref="IRealtimeCallSession.OutputFormat"/>; the memory is valid during the call only.</summary>
    ValueTask OnAssistantAudioAsync(string itemId, int contentIndex, ReadOnlyMemory<byte> audio, CancellationToken cancellationToken);

    /// <summary>The assistant item's audio is complete.</summary>
    ValueTask OnAssistantAudioDoneAsync(CancellationToken cancellationToken);

    /// <summary>Server VAD heard the caller start speaking (<c>input_audio_buffer.speech_started</c>): barge-in.</summary>
    ValueTask OnSpeechStartedAsync(CancellationToken cancellationToken);

    /// <summary>The session reported an error event (the session goes on).</summary>
    void OnSessionError(string? code, string message);
}

/// <summary>Opens the realtime session of a call.</summary>
public interface IRealtimeCallSessionFactory
{
    /// <summary>Connects and configures a session for the call <paramref name="callSid"/>.</summary>
    Task<IRealtimeCallSession> ConnectAsync(string callSid, CancellationToken cancellationToken);
}
