using System.Text;
using Realtime.Api;
using Realtime.Api.Audio;

namespace PhoneBridge;

/// <summary>The session audio a bridge asks for.</summary>
public enum SessionAudioMode
{
    /// <summary><c>audio/pcm</c> (24 kHz PCM16) both ways: the phone's μ-law is converted and resampled each way.</summary>
    Pcm,

    /// <summary><c>audio/pcmu</c> both ways: the phone's μ-law goes straight through, only re-framed.</summary>
    Pcmu,
}

/// <summary>How the bridge opens and configures each call's session.</summary>
public sealed record RealtimeCallSessionOptions
{
    /// <summary>Where to connect (the local server offline, the public endpoint with <c>--live</c>).</summary>
    public required RealtimeConnectionOptions Connection { get; init; }

    /// <summary>The session's audio formats.</summary>
    public SessionAudioMode Audio { get; init; } = SessionAudioMode.Pcm;

    /// <summary>The assistant's instructions.</summary>
    public string Instructions { get; init; } = "You are a friendly phone assistant. Keep answers short.";

    /// <summary>
    /// The transport's tuning, sized for many calls per process: each received message starts in an 8 KiB buffer (a
    /// 100 ms audio delta fits) rather than 16 KiB, and at most 64 messages wait for the bridge rather than 1024 (the
    /// bridge takes each at once; the policy stays lossless), because every idle call holds both.
    /// </summary>
    public RealtimeTransportOptions Transport { get; init; } = new() { InitialReceiveBufferBytes = 8 * 1024, ReceiveQueueCapacity = 64 };

    /// <summary>The session's format for <see cref="Audio"/>.</summary>
    public AudioFormat SessionFormat => Audio == SessionAudioMode.Pcmu ? AudioFormat.G711MuLaw : AudioFormat.Pcm16Realtime;
}

/// <summary>Opens <see cref="RealtimeApiCallSession"/>s.</summary>
public sealed class RealtimeApiCallSessionFactory(RealtimeCallSessionOptions options) : IRealtimeCallSessionFactory
{
    /// <inheritdoc/>
    public async Task<IRealtimeCallSession> ConnectAsync(string callSid, CancellationToken cancellationToken)
    {
        var connection = await RealtimeConnection.ConnectAsync(options.Connection, options.Transport, cancellationToken);
        try
        {
            await connection.SendAsync(SessionUpdate(options), cancellationToken);
            return new RealtimeApiCallSession(connection, options.SessionFormat);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The session.update a call starts with: instructions, and the same audio format both ways (server VAD is the API's default turn detection).</summary>
    internal static SessionUpdateEvent SessionUpdate(RealtimeCallSessionOptions options)
    {
        // The format union is read from its JSON, so the sample names no variant record.
        var formatJson = options.Audio == SessionAudioMode.Pcmu ? """{"type":"audio/pcmu"}""" : """{"type":"audio/pcm","rate":24000}""";
        return new SessionUpdateEvent
        {
            Session = new RealtimeSessionCreateRequest
            {
                Instructions = options.Instructions,
                Audio = new RealtimeAudioConfig
                {
                    Input = new RealtimeAudioConfigInput { Format = RealtimeJson.Deserialize<RealtimeAudioFormats>(Encoding.UTF8.GetBytes(formatJson)) },
                    Output = new RealtimeAudioConfigOutput { Format = RealtimeJson.Deserialize<RealtimeAudioFormats>(Encoding.UTF8.GetBytes(formatJson)) },
                },
            },
        };
    }
}

/// <summary>
/// A call's session over this repository's <see cref="RealtimeConnection"/>: the caller's μ-law goes through an
/// <see cref="AudioInputPipeline"/> (converted to the session format, framed in 20 ms, base64-encoded straight into
/// the send buffer); audio deltas arrive as pooled buffers that go back to the pool once the bridge has used them.
/// </summary>
public sealed class RealtimeApiCallSession : IRealtimeCallSession
{
    private readonly RealtimeConnection _connection;
    private readonly AudioFormat _sessionFormat;
    private AudioInputPipeline? _input; // made with the first audio: an idle call holds no conversion buffers

    internal RealtimeApiCallSession(RealtimeConnection connection, AudioFormat sessionFormat)
    {
        _connection = connection;
        _sessionFormat = sessionFormat;
    }

    /// <inheritdoc/>
    public AudioFormat OutputFormat => _sessionFormat;

    /// <inheritdoc/>
    public ValueTask<int> SendPhoneAudioAsync(ReadOnlyMemory<byte> muLaw, CancellationToken cancellationToken)
    {
        _input ??= new AudioInputPipeline(AudioFormat.G711MuLaw, new AudioFramerOptions { Format = _sessionFormat });
        _input.Write(muLaw.Span);
        return _connection.SendAudioAsync(_input, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<int> FlushPhoneAudioAsync(CancellationToken cancellationToken)
    {
        if (_input is null)
            return ValueTask.FromResult(0);
        _input.Complete();
        return _connection.SendAudioAsync(_input, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask TruncateAsync(AudioTruncatePoint point, CancellationToken cancellationToken) =>
        _connection.TruncateAsync(point, cancellationToken);

    /// <inheritdoc/>
    public async Task RunAsync(IRealtimeCallEvents events, CancellationToken cancellationToken)
    {
        await foreach (var serverEvent in _connection.ReceiveEventsAsync(cancellationToken))
        {
            switch (serverEvent)
            {
                case ResponseAudioDeltaEvent delta:
                    try
                    {
                        await events.OnAssistantAudioAsync(delta.ItemId, (int)delta.ContentIndex, delta.Delta.Memory, cancellationToken);
                    }
                    finally
                    {
                        delta.Delta.Dispose(); // back to the pool
                    }

                    break;
                case ResponseAudioDoneEvent:
                    await events.OnAssistantAudioDoneAsync(cancellationToken);
                    break;
                case InputAudioBufferSpeechStartedEvent:
                    await events.OnSpeechStartedAsync(cancellationToken);
                    break;
                case RealtimeErrorEvent error:
                    events.OnSessionError(error.Error.Code, error.Error.Message);
                    break;
                case MalformedRealtimeServerEvent malformed:
                    events.OnSessionError("malformed_event", malformed.Message);
                    break;
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _input?.Dispose();
    }
}
