using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Realtime.Api.Audio;

namespace Realtime.Api;

/// <summary>
/// A realtime connection (the session's WebSocket; named like the official SDKs' connection objects, since
/// <c>RealtimeSession</c> is the page's session-configuration type) over a <see cref="RealtimeTransport"/>: every client
/// event is written by generated code straight into the transport's pooled send buffer (one send lock, no intermediate
/// string), and every received message is parsed once into a server-event union. A message that is not a valid event
/// becomes the union's malformed variant in the stream and the session goes on; an event the page does not describe
/// becomes its unknown variant. A lost connection ends the stream with a <see cref="RealtimeConnectionException"/>.
/// Ending an enumeration does not close the session.
/// </summary>
/// <remarks>
/// This class only knows the generic forms (<see cref="SendEventAsync{TEvent}"/>, <see cref="ReceiveEventsAsync{TEvent}"/>
/// over any <see cref="IRealtimeServerEventUnion{TSelf}"/> …). The typed forms are generated per event union of the page
/// as extension methods beside the union: <c>SendAsync(RealtimeClientEvent)</c>, <c>ReceiveEventsAsync()</c> (the
/// <c>RealtimeServerEvent</c>s), <c>ReceiveTranslationEventsAsync()</c>, <c>DispatchEventsAsync(handler)</c> ….
/// </remarks>
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
    private readonly string _appendEventType;

    private RealtimeConnection(RealtimeTransport transport, RealtimeSessionKind kind)
    {
        _transport = transport;
        Kind = kind;
        _appendEventType = kind == RealtimeSessionKind.Translation
            ? RealtimeAudioEvents.TranslationInputAudioBufferAppendType
            : RealtimeAudioEvents.InputAudioBufferAppendType;
    }

    /// <summary>Opens a session (see <see cref="RealtimeConnectionOptions"/> for the URL variants and credentials).</summary>
    /// <exception cref="RealtimeConnectionException">The handshake failed (the message has the HTTP status, never the credential).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option of <paramref name="transportOptions"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="connection"/> cannot make a URL or has no credential (see <see cref="RealtimeConnectionOptions"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<RealtimeConnection> ConnectAsync(
        RealtimeConnectionOptions connection,
        RealtimeTransportOptions? transportOptions = null,
        CancellationToken cancellationToken = default) =>
        new(await RealtimeTransport.ConnectAsync(connection, transportOptions, cancellationToken).ConfigureAwait(false), connection.Kind);

    /// <summary>A session over an existing transport (which the session then owns).</summary>
    /// <param name="transport">The open transport.</param>
    /// <param name="kind">What kind of session the socket carries (decides the audio append event).</param>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> is null.</exception>
    public static RealtimeConnection Create(RealtimeTransport transport, RealtimeSessionKind kind = RealtimeSessionKind.Conversation) =>
        new(transport ?? throw new ArgumentNullException(nameof(transport)), kind);

    /// <summary>The kind of session (conversation, transcription or translation).</summary>
    public RealtimeSessionKind Kind { get; }

    /// <summary>The underlying transport (state, queue and drop counters, raw messages).</summary>
    public RealtimeTransport Transport => _transport;

    // ---- send ----

    /// <summary>
    /// Sends one event, serialised by its generated writer straight into the pooled send buffer. The generated
    /// <c>SendAsync</c> overloads (one per client-event union of the page) call this.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="clientEvent"/> is null.</exception>
    /// <exception cref="RealtimeMessageTooLargeException">The event is over the send limit; nothing was sent.</exception>
    /// <exception cref="RealtimeConnectionException">The connection is closed or was lost.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed before or while the event was sent.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled: this send only (see <see cref="RealtimeTransport.TrySendAsync{TState}"/>).</exception>
    public ValueTask SendEventAsync<TEvent>(TEvent clientEvent, CancellationToken cancellationToken = default)
        where TEvent : class, IRealtimeJsonModel<TEvent>
    {
        ArgumentNullException.ThrowIfNull(clientEvent);
        return _transport.SendAsync(clientEvent, static (output, e) => JsonRuntime.Serialize(e, output), cancellationToken);
    }

    /// <summary>Sends UTF-8 JSON as is (an event this library does not know yet, or one built elsewhere).</summary>
    /// <exception cref="RealtimeMessageTooLargeException">The message is over the send limit; nothing was sent.</exception>
    /// <exception cref="RealtimeConnectionException">The connection is closed or was lost.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed before or while the event was sent.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled: this send only (see <see cref="RealtimeTransport.TrySendAsync{TState}"/>).</exception>
    public ValueTask SendRawAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(utf8Json, cancellationToken);

    /// <summary>
    /// Sends the session kind's append event (<c>input_audio_buffer.append</c>; <c>session.input_audio_buffer.append</c>
    /// for translation) with <paramref name="audio"/> base64-encoded straight into the send buffer.
    /// </summary>
    /// <exception cref="RealtimeMessageTooLargeException">The event would exceed the send limit (15 MiB by default); nothing was sent.</exception>
    /// <exception cref="RealtimeConnectionException">The connection is closed or was lost.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed before or while the event was sent.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled: this send only (see <see cref="RealtimeTransport.TrySendAsync{TState}"/>).</exception>
    public ValueTask AppendInputAudioAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken = default)
    {
        var size = RealtimeAudioEvents.GetAppendEventLength(_appendEventType, audio.Length);
        if (size > _transport.Options.MaxSendMessageBytes)
        {
            return ValueTask.FromException(new RealtimeMessageTooLargeException(size, _transport.Options.MaxSendMessageBytes, _appendEventType));
        }

        return _transport.SendAsync((audio, _appendEventType), static (output, a) => RealtimeAudioEvents.WriteAppendEvent(output, a._appendEventType, a.audio.Span), cancellationToken);
    }

    /// <summary>
    /// Sends every complete frame the pipeline holds as an append event (after <see cref="AudioInputPipeline.Complete"/>,
    /// the short last frame too). Returns how many events were sent.
    /// </summary>
    /// <exception cref="ArgumentException">The pipeline writes another append event than this session takes
    /// (for translation set <see cref="AudioFramerOptions.AppendEventType"/> to
    /// <see cref="RealtimeAudioEvents.TranslationInputAudioBufferAppendType"/>).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="pipeline"/> is null.</exception>
    /// <exception cref="RealtimeConnectionException">The connection is closed or was lost.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed before or while the event was sent.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled: this send only (see <see cref="RealtimeTransport.TrySendAsync{TState}"/>).</exception>
    public async ValueTask<int> SendAudioAsync(AudioInputPipeline pipeline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (pipeline.Framer.Options.AppendEventType != _appendEventType)
        {
            throw new ArgumentException(
                $"The pipeline writes '{pipeline.Framer.Options.AppendEventType}' events but this {Kind} session takes '{_appendEventType}'; set AudioFramerOptions.AppendEventType.",
                nameof(pipeline));
        }

        var sent = 0;
        while (await _transport.TrySendAsync(pipeline, static (output, p) => p.TryWriteAppendEvent(output), cancellationToken).ConfigureAwait(false))
        {
            sent++;
        }

        return sent;
    }

    /// <summary>Sends <c>conversation.item.truncate</c> at a playback position (from <see cref="AudioPlaybackTracker"/>).</summary>
    /// <exception cref="RealtimeMessageTooLargeException">The event is over the send limit; nothing was sent.</exception>
    /// <exception cref="RealtimeConnectionException">The connection is closed or was lost.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed before or while the event was sent.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled: this send only (see <see cref="RealtimeTransport.TrySendAsync{TState}"/>).</exception>
    public ValueTask TruncateAsync(AudioTruncatePoint point, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(point, static (output, p) => p.WriteTruncateEvent(output), cancellationToken);

    // ---- receive ----

    /// <summary>
    /// The server events, as the union <typeparamref name="TEvent"/>, until the connection ends. Malformed messages
    /// arrive as the union's malformed variant; a lost connection throws <see cref="RealtimeConnectionException"/> after
    /// the events received before it. Breaking out of the loop leaves the session open; another enumeration continues
    /// where this one stopped.
    /// </summary>
    /// <exception cref="RealtimeConnectionException">The connection was lost or closed abnormally (after the events received before it).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the connection stays open).</exception>
    public async IAsyncEnumerable<TEvent> ReceiveEventsAsync<TEvent>([EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TEvent : class, IRealtimeServerEventUnion<TEvent>
    {
        while (await _transport.WaitToReceiveAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_transport.TryReceive(out var message))
            {
                yield return Parse<TEvent>(message);
            }
        }
    }

    /// <summary>The next server event as the union <typeparamref name="TEvent"/>, or null once the connection ended normally.</summary>
    /// <exception cref="RealtimeConnectionException">The connection was lost or closed abnormally (after the events received before it).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the connection stays open).</exception>
    public async ValueTask<TEvent?> ReceiveEventAsync<TEvent>(CancellationToken cancellationToken = default)
        where TEvent : class, IRealtimeServerEventUnion<TEvent> =>
        await _transport.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } message ? Parse<TEvent>(message) : null;

    /// <summary>Takes an already received event, as the union <typeparamref name="TEvent"/>, without waiting.</summary>
    public bool TryReceiveEvent<TEvent>([NotNullWhen(true)] out TEvent? serverEvent)
        where TEvent : class, IRealtimeServerEventUnion<TEvent>
    {
        serverEvent = _transport.TryReceive(out var message) ? Parse<TEvent>(message) : null;
        return serverEvent is not null;
    }

    /// <summary>
    /// Parses one message, once, into the union <typeparamref name="TEvent"/> (its unknown variant for an event the page
    /// does not describe, its malformed variant for anything that is not a valid event); the buffer goes back to the pool.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <remarks>Never throws for the message's content: anything that is not a valid event is the malformed variant.</remarks>
    public static TEvent Parse<TEvent>(RealtimeMessage message)
        where TEvent : class, IRealtimeServerEventUnion<TEvent>
    {
        ArgumentNullException.ThrowIfNull(message);
        using (message)
        {
            if (message.IsTooLarge)
            {
                return TEvent.CreateMalformed(
                    ReadOnlyMemory<byte>.Empty,
                    MalformedMessageReason.TooLarge,
                    $"A message of {message.ReceivedLength:N0} bytes was skipped: over the receive limit.",
                    null);
            }

            if (message.MessageType != WebSocketMessageType.Text)
            {
                return TEvent.CreateMalformed(message.Span.ToArray(), MalformedMessageReason.Binary, $"A binary message of {message.ReceivedLength:N0} bytes was received; the protocol uses text.", null);
            }

            try
            {
                return JsonRuntime.Deserialize<TEvent>(message.Span);
            }
            catch (JsonException ex)
            {
                return TEvent.CreateMalformed(message.Span.ToArray(), MalformedMessageReason.InvalidJson, ex.Message, ex);
            }
        }
    }

    // ---- close ----

    /// <summary>The WebSocket's state.</summary>
    public WebSocketState State => _transport.State;

    /// <summary>Closes cleanly (see <see cref="RealtimeTransport.CloseAsync"/>).</summary>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the socket is then aborted).</exception>
    public Task CloseAsync(WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string? description = null, CancellationToken cancellationToken = default) =>
        _transport.CloseAsync(status, description, cancellationToken);

    /// <summary>Closes if needed and releases the connection; sends still waiting or in progress end with <see cref="ObjectDisposedException"/>. Never throws.</summary>
    public ValueTask DisposeAsync() => _transport.DisposeAsync();
}
