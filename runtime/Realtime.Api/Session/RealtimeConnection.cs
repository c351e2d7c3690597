using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Realtime.Api.Audio;

namespace Realtime.Api;

/// <summary>
/// A typed realtime connection (the session's WebSocket; named like the official SDKs' connection objects, since
/// <c>RealtimeSession</c> is the page's session-configuration type) over a <see cref="RealtimeTransport"/>: every client event is written by generated code
/// straight into the transport's pooled send buffer (one send lock, no intermediate string), and every received
/// message is parsed once into a <see cref="RealtimeServerEvent"/>. A message that is not a valid event becomes a
/// <see cref="MalformedRealtimeServerEvent"/> in the stream and the session goes on; an event the page does not
/// describe becomes <see cref="UnknownRealtimeServerEvent"/>. A lost connection ends the stream with a
/// <see cref="RealtimeConnectionException"/>. Ending an enumeration does not close the session.
/// </summary>
/// <example>
/// <code>
/// await using var session = await RealtimeConnection.ConnectAsync(new RealtimeConnectionOptions
/// {
///     Model = "gpt-realtime",
///     Credential = RealtimeCredential.FromEnvironment(),
/// });
/// await foreach (var evt in session.ReceiveEventsAsync(ct))
/// {
///     if (evt is ResponseAudioDeltaEvent delta) { Play(delta.Delta.Span); delta.Delta.Dispose(); }
/// }
/// </code>
/// </example>
public sealed class RealtimeConnection : IAsyncDisposable
{
    private readonly RealtimeTransport _transport;

    private RealtimeConnection(RealtimeTransport transport) => _transport = transport;

    /// <summary>Opens a session (see <see cref="RealtimeConnectionOptions"/> for the URL variants and credentials).</summary>
    /// <exception cref="RealtimeConnectionException">The handshake failed (the message has the HTTP status, never the credential).</exception>
    public static async Task<RealtimeConnection> ConnectAsync(
        RealtimeConnectionOptions connection,
        RealtimeTransportOptions? transportOptions = null,
        CancellationToken cancellationToken = default) =>
        new(await RealtimeTransport.ConnectAsync(connection, transportOptions, cancellationToken).ConfigureAwait(false));

    /// <summary>A session over an existing transport (which the session then owns).</summary>
    public static RealtimeConnection Create(RealtimeTransport transport) =>
        new(transport ?? throw new ArgumentNullException(nameof(transport)));

    /// <summary>The underlying transport (state, queue and drop counters, raw messages).</summary>
    public RealtimeTransport Transport => _transport;

    // ---- send ----

    /// <summary>Sends one client event, serialised by its generated writer straight into the pooled send buffer.</summary>
    public ValueTask SendAsync(RealtimeClientEvent clientEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientEvent);
        return _transport.SendAsync(clientEvent, static (output, e) => RealtimeJson.Serialize(e, output), cancellationToken);
    }

    /// <summary>Sends one translation client event (translation sessions).</summary>
    public ValueTask SendAsync(RealtimeTranslationClientEvent clientEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientEvent);
        return _transport.SendAsync(clientEvent, static (output, e) => RealtimeJson.Serialize(e, output), cancellationToken);
    }

    /// <summary>Sends UTF-8 JSON as is (an event this library does not know yet, or one built elsewhere).</summary>
    public ValueTask SendRawAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(utf8Json, cancellationToken);

    /// <summary>Sends <c>input_audio_buffer.append</c> with <paramref name="audio"/> base64-encoded straight into the send buffer.</summary>
    /// <exception cref="RealtimeMessageTooLargeException">The event would exceed the send limit (15 MiB by default); nothing was sent.</exception>
    public ValueTask AppendInputAudioAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken = default)
    {
        var size = RealtimeAudioEvents.GetInputAudioBufferAppendLength(audio.Length);
        if (size > _transport.Options.MaxSendMessageBytes)
        {
            return ValueTask.FromException(new RealtimeMessageTooLargeException(size, _transport.Options.MaxSendMessageBytes, "input_audio_buffer.append"));
        }

        return _transport.SendAsync(audio, static (output, a) => RealtimeAudioEvents.WriteInputAudioBufferAppend(output, a.Span), cancellationToken);
    }

    /// <summary>
    /// Sends every complete frame the pipeline holds as <c>input_audio_buffer.append</c> (after
    /// <see cref="AudioInputPipeline.Complete"/>, the short last frame too). Returns how many events were sent.
    /// </summary>
    public async ValueTask<int> SendAudioAsync(AudioInputPipeline pipeline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var sent = 0;
        while (await _transport.TrySendAsync(pipeline, static (output, p) => p.TryWriteAppendEvent(output), cancellationToken).ConfigureAwait(false))
        {
            sent++;
        }

        return sent;
    }

    /// <summary>Sends <c>conversation.item.truncate</c> at a playback position (from <see cref="AudioPlaybackTracker"/>).</summary>
    public ValueTask TruncateAsync(AudioTruncatePoint point, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(point, static (output, p) => p.WriteTruncateEvent(output), cancellationToken);

    // ---- receive ----

    /// <summary>
    /// The server events until the connection ends. Malformed messages arrive as <see cref="MalformedRealtimeServerEvent"/>;
    /// a lost connection throws <see cref="RealtimeConnectionException"/> after the events received before it.
    /// Breaking out of the loop leaves the session open; another enumeration continues where this one stopped.
    /// </summary>
    public async IAsyncEnumerable<RealtimeServerEvent> ReceiveEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await _transport.WaitToReceiveAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_transport.TryReceive(out var message))
            {
                yield return Parse(message);
            }
        }
    }

    /// <summary>The next server event, or null once the connection ended normally.</summary>
    public async ValueTask<RealtimeServerEvent?> ReceiveEventAsync(CancellationToken cancellationToken = default) =>
        await _transport.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } message ? Parse(message) : null;

    /// <summary>Takes an already received event without waiting.</summary>
    public bool TryReceiveEvent([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RealtimeServerEvent? serverEvent)
    {
        serverEvent = _transport.TryReceive(out var message) ? Parse(message) : null;
        return serverEvent is not null;
    }

    /// <summary>Receives events and passes each to <paramref name="handler"/> (the generated dispatcher) until the connection ends or <paramref name="cancellationToken"/> fires.</summary>
    public async Task DispatchEventsAsync(IRealtimeServerEventAsyncHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        await foreach (var serverEvent in ReceiveEventsAsync(cancellationToken).ConfigureAwait(false))
        {
            await handler.DispatchAsync(serverEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="DispatchEventsAsync(IRealtimeServerEventAsyncHandler, CancellationToken)"/>
    public async Task DispatchEventsAsync(IRealtimeServerEventHandler handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        await foreach (var serverEvent in ReceiveEventsAsync(cancellationToken).ConfigureAwait(false))
        {
            handler.Dispatch(serverEvent);
        }
    }

    /// <summary>Parses one message into a server event; the message's buffer goes back to the pool.</summary>
    public static RealtimeServerEvent Parse(RealtimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using (message)
        {
            if (message.IsTooLarge)
            {
                return new MalformedRealtimeServerEvent(
                    ReadOnlyMemory<byte>.Empty,
                    MalformedMessageReason.TooLarge,
                    $"A message of {message.ReceivedLength:N0} bytes was skipped: over the receive limit.");
            }

            if (message.MessageType != WebSocketMessageType.Text)
            {
                return new MalformedRealtimeServerEvent(message.Span.ToArray(), MalformedMessageReason.Binary, $"A binary message of {message.ReceivedLength:N0} bytes was received; the protocol uses text.");
            }

            try
            {
                return RealtimeJson.DeserializeRealtimeServerEvent(message.Span);
            }
            catch (JsonException ex)
            {
                return new MalformedRealtimeServerEvent(message.Span.ToArray(), MalformedMessageReason.InvalidJson, ex.Message, ex);
            }
        }
    }

    // ---- close ----

    /// <summary>The WebSocket's state.</summary>
    public WebSocketState State => _transport.State;

    /// <summary>Closes cleanly (see <see cref="RealtimeTransport.CloseAsync"/>).</summary>
    public Task CloseAsync(WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string? description = null, CancellationToken cancellationToken = default) =>
        _transport.CloseAsync(status, description, cancellationToken);

    /// <summary>Closes if needed and releases the connection.</summary>
    public ValueTask DisposeAsync() => _transport.DisposeAsync();
}
