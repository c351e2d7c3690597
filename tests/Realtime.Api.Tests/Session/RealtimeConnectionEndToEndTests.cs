using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Realtime.Api.Audio;
using Realtime.LocalServer;

namespace Realtime.Api.Tests.Session;

/// <summary>The typed connection end to end over the local server (loopback only, every wait bounded).</summary>
public class RealtimeConnectionEndToEndTests
{
    [Fact]
    public async Task A_full_conversation_runs_end_to_end()
    {
        await using var kit = await SessionTestKit.StartAsync();
        var created = Assert.IsType<SessionCreatedEvent>(await kit.NextAsync());
        Assert.True(IsConversationSession(created.Session));
        Assert.IsType<ConversationCreatedEvent>(await kit.NextAsync());

        // session.update: manual turns (turn_detection explicitly null), input transcription, one function tool.
        using var parameters = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");
        await kit.Connection.SendAsync(new SessionUpdateEvent
        {
            Session = new RealtimeSessionCreateRequest
            {
                Instructions = "Be brief.",
                Audio = new RealtimeAudioConfig
                {
                    Input = new RealtimeAudioConfigInput
                    {
                        TurnDetection = Optional<RealtimeAudioInputTurnDetection>.Null,
                        Transcription = new AudioTranscription { Model = "gpt-4o-transcribe" },
                    },
                },
                Tools = [new RealtimeFunctionTool { Name = "get_weather", Description = "Weather for a city", Parameters = parameters.RootElement.Clone() }],
            },
        }, kit.Timeout);
        Assert.Equal("Be brief.", InstructionsOf((await kit.UntilAsync<SessionUpdatedEvent>()).Event.Session));
        var serverInput = (JsonObject)kit.ServerSide.Session["audio"]!["input"]!;
        Assert.True(serverInput.ContainsKey("turn_detection") && serverInput["turn_detection"] is null, "explicit null must reach the server");

        // Audio in through the framer: 1 s → 50 frames of 20 ms, then a manual commit.
        var input = SessionTestKit.Sine(1000);
        using var pipeline = new AudioInputPipeline(AudioFormat.Pcm16Realtime);
        pipeline.Write(input);
        pipeline.Complete();
        Assert.Equal(50, await kit.Connection.SendAudioAsync(pipeline, kit.Timeout));
        await kit.Connection.SendAsync(new InputAudioBufferCommitEvent(), kit.Timeout);
        var committed = (await kit.UntilAsync<InputAudioBufferCommittedEvent>()).Event;
        var transcription = await kit.UntilAsync<ConversationItemInputAudioTranscriptionCompletedEvent>();
        Assert.Equal(committed.ItemId, transcription.Event.ItemId);
        Assert.Contains("1.00 s", transcription.Event.Transcript);
        Assert.Equal(transcription.Event.Transcript, string.Concat(transcription.Before.OfType<ConversationItemInputAudioTranscriptionDeltaEvent>().Select(d => d.Delta)));

        // First response: the model calls the tool.
        await kit.Connection.SendAsync(new ResponseCreateEvent(), kit.Timeout);
        var call = await kit.UntilAsync<ResponseFunctionCallArgumentsDoneEvent>();
        Assert.Equal("get_weather", call.Event.Name);
        Assert.Equal("""{"city":"local"}""", call.Event.Arguments);
        Assert.Equal(call.Event.Arguments, string.Concat(call.Before.OfType<ResponseFunctionCallArgumentsDeltaEvent>().Select(d => d.Delta)));
        var callDone = (await kit.UntilAsync<ResponseDoneEvent>()).Event;
        var callItem = Assert.IsType<RealtimeConversationItemFunctionCall>(Assert.Single(callDone.Response.Output!));
        Assert.Equal(call.Event.CallId, callItem.CallId);

        // The function result, then the spoken answer: audio (echo of the input) with its transcript.
        await kit.Connection.SendAsync(new ConversationItemCreateEvent
        {
            Item = new RealtimeConversationItemFunctionCallOutput { CallId = call.Event.CallId, Output = """{"temp_c":21}""" },
        }, kit.Timeout);
        await kit.UntilAsync<ConversationItemDone>();
        await kit.Connection.SendAsync(new ResponseCreateEvent(), kit.Timeout);
        var answer = await kit.UntilAsync<ResponseAudioTranscriptDoneEvent>();
        var tracker = new AudioPlaybackTracker();
        var reply = new MemoryStream();
        foreach (var delta in answer.Before.OfType<ResponseAudioDeltaEvent>())
        {
            reply.Write(delta.Delta.Span);
            tracker.OnAudioReceived(delta.ItemId, (int)delta.ContentIndex, delta.Delta.Length);
            delta.Delta.Dispose();
        }

        Assert.Equal(input, reply.ToArray());
        Assert.Contains("get_weather", answer.Event.Transcript);
        Assert.Contains("temp_c", answer.Event.Transcript);
        Assert.Equal(answer.Event.Transcript, string.Concat(answer.Before.OfType<ResponseAudioTranscriptDeltaEvent>().Select(d => d.Delta)));
        await kit.UntilAsync<ResponseDoneEvent>();

        // The user interrupts after 500 ms of playback: truncate there.
        tracker.OnAudioPlayed(24_000);
        Assert.True(tracker.TryInterrupt(out var point));
        await kit.Connection.TruncateAsync(point, kit.Timeout);
        var truncated = (await kit.UntilAsync<ConversationItemTruncatedEvent>()).Event;
        Assert.Equal(point.ItemId, truncated.ItemId);
        Assert.Equal(500, truncated.AudioEndMs);

        Assert.Equal(
            ["session.update", "input_audio_buffer.append", "input_audio_buffer.commit", "response.create", "conversation.item.create", "conversation.item.truncate"],
            kit.ServerSide.ReceivedEventTypes.Distinct());
        await kit.Connection.CloseAsync(cancellationToken: kit.Timeout);
        Assert.Equal(WebSocketState.Closed, kit.Connection.State);
    }

    [Fact]
    public async Task Server_vad_reports_speech_and_answers_on_its_own()
    {
        await using var kit = await SessionTestKit.StartAsync();
        await kit.UntilAsync<ConversationCreatedEvent>();
        var speech = SessionTestKit.Sine(600);
        var audio = new byte[speech.Length + 48 * 700]; // 600 ms of tone, 700 ms of silence
        speech.CopyTo(audio, 0);
        await kit.Connection.AppendInputAudioAsync(audio, kit.Timeout);

        var started = (await kit.UntilAsync<InputAudioBufferSpeechStartedEvent>()).Event;
        var stopped = (await kit.UntilAsync<InputAudioBufferSpeechStoppedEvent>()).Event;
        Assert.Equal(0, started.AudioStartMs);
        Assert.Equal(started.ItemId, stopped.ItemId);
        Assert.InRange(stopped.AudioEndMs, 1000, 1200);
        Assert.Equal(stopped.ItemId, (await kit.UntilAsync<InputAudioBufferCommittedEvent>()).Event.ItemId);
        await kit.UntilAsync<ResponseCreatedEvent>();
        await kit.UntilAsync<ResponseDoneEvent>();
    }

    [Fact]
    public async Task Clear_and_server_errors_are_typed_events()
    {
        await using var kit = await SessionTestKit.StartAsync();
        await kit.UntilAsync<ConversationCreatedEvent>();
        await kit.Connection.AppendInputAudioAsync(new byte[4800], kit.Timeout);
        await kit.Connection.SendAsync(new InputAudioBufferClearEvent(), kit.Timeout);
        await kit.UntilAsync<InputAudioBufferClearedEvent>();

        await kit.Connection.SendAsync(new InputAudioBufferCommitEvent { EventId = "commit-1" }, kit.Timeout);
        var empty = (await kit.NextAsync()) as RealtimeErrorEvent;
        Assert.NotNull(empty);
        Assert.Equal("input_audio_buffer_commit_empty", empty.Error.Code);
        Assert.Equal("commit-1", empty.Error.EventId);

        await kit.Connection.SendRawAsync("""{"type":"no.such.event","event_id":"raw-1"}"""u8.ToArray(), kit.Timeout);
        var unknown = Assert.IsType<RealtimeErrorEvent>(await kit.NextAsync());
        Assert.Equal("invalid_value", unknown.Error.Code);
        Assert.Equal("type", unknown.Error.Param);
        Assert.Equal("raw-1", unknown.Error.EventId);
    }

    [Fact]
    public async Task An_unknown_server_event_arrives_as_the_unknown_variant()
    {
        await using var kit = await SessionTestKit.StartAsync();
        await kit.UntilAsync<ConversationCreatedEvent>();
        const string future = """{"type":"response.hologram.delta","event_id":"evt_9","delta":{"x":1}}""";
        await kit.ServerSide.SendTextAsync(future, kit.Timeout);

        var unknown = Assert.IsType<UnknownRealtimeServerEvent>(await kit.NextAsync());
        Assert.Equal("response.hologram.delta", unknown.Type);
        Assert.Equal(future, Encoding.UTF8.GetString(unknown.RawJson.Span));
    }

    [Fact]
    public async Task Malformed_messages_become_error_items_and_the_session_goes_on()
    {
        await using var kit = await SessionTestKit.StartAsync();
        await kit.UntilAsync<ConversationCreatedEvent>();
        const string broken = """{"type":"response.done","event_id":""";
        const string incomplete = """{"type":"response.output_audio.delta","event_id":"e1","delta":"not base64!"}""";
        await kit.ServerSide.SendTextAsync(broken, kit.Timeout);
        await kit.ServerSide.SendTextAsync(incomplete, kit.Timeout);
        await kit.ServerSide.SendRawAsync(new byte[] { 1, 2, 3 }, messageType: WebSocketMessageType.Binary, cancellationToken: kit.Timeout);

        var first = Assert.IsType<MalformedRealtimeServerEvent>(await kit.NextAsync());
        Assert.Equal(MalformedMessageReason.InvalidJson, first.Reason);
        Assert.Equal(broken, Encoding.UTF8.GetString(first.RawJson.Span));
        Assert.IsAssignableFrom<JsonException>(first.Error);

        var second = Assert.IsType<MalformedRealtimeServerEvent>(await kit.NextAsync());
        Assert.Equal(MalformedMessageReason.InvalidJson, second.Reason);
        Assert.Equal("response.output_audio.delta", second.Type);
        Assert.Equal(incomplete, Encoding.UTF8.GetString(second.RawJson.Span));

        var binary = Assert.IsType<MalformedRealtimeServerEvent>(await kit.NextAsync());
        Assert.Equal(MalformedMessageReason.Binary, binary.Reason);
        Assert.Equal(new byte[] { 1, 2, 3 }, binary.RawJson.ToArray());

        // Still working both ways.
        await kit.Connection.SendAsync(new SessionUpdateEvent { Session = new RealtimeSessionCreateRequest { Instructions = "again" } }, kit.Timeout);
        Assert.Equal("again", InstructionsOf((await kit.UntilAsync<SessionUpdatedEvent>()).Event.Session));
    }

    [Fact]
    public async Task A_server_dropping_the_connection_mid_message_ends_the_stream_with_a_clear_exception()
    {
        await using var kit = await SessionTestKit.StartAsync();
        await kit.UntilAsync<ConversationCreatedEvent>();
        await kit.ServerSide.SendRawAsync("""{"type":"response.output_audio.delta","delta":"AAAA"""u8.ToArray(), endOfMessage: false, cancellationToken: kit.Timeout);
        await Task.Delay(200, kit.Timeout); // let the partial frame leave Kestrel (an abort discards unsent output)
        kit.ServerSide.Abort();

        // Mid-message accounting (PartialMessageBytes) is pinned down deterministically in the transport tests;
        // here: the typed stream ends promptly with the connection error, not a hang or a parse error.
        var error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => kit.NextAsync());
        Assert.Contains("connection was lost", error.Message);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task A_server_closing_mid_message_ends_the_stream_with_a_clear_exception()
    {
        await using var kit = await SessionTestKit.StartAsync();
        await kit.UntilAsync<ConversationCreatedEvent>();
        await kit.ServerSide.SendRawAsync("""{"type":"session.updated","""u8.ToArray(), endOfMessage: false, cancellationToken: kit.Timeout);
        await kit.ServerSide.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "going away", kit.Timeout);

        var error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => kit.NextAsync());
        Assert.Contains("in the middle of a message", error.Message);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, error.CloseStatus);
    }

    [Fact]
    public async Task Oversized_messages_are_rejected_with_clear_errors_both_ways()
    {
        await using var kit = await SessionTestKit.StartAsync(
            new RealtimeTransportOptions { MaxReceiveMessageBytes = 64 * 1024 },
            new LocalRealtimeServerOptions { RequiredApiKey = SessionTestKit.ApiKey, MaxClientMessageBytes = 100_000 });
        await kit.UntilAsync<ConversationCreatedEvent>();

        // Incoming: skipped, reported, and the stream goes on.
        await kit.ServerSide.SendTextAsync($$"""{"type":"response.output_text.delta","delta":"{{new string('x', 100_000)}}"}""", kit.Timeout);
        var skipped = Assert.IsType<MalformedRealtimeServerEvent>(await kit.NextAsync());
        Assert.Equal(MalformedMessageReason.TooLarge, skipped.Reason);
        Assert.Contains("100,", skipped.Message);

        // Outgoing over the API's 15 MiB limit: refused before sending.
        var tooBig = await Assert.ThrowsAsync<RealtimeMessageTooLargeException>(() => kit.Connection.AppendInputAudioAsync(new byte[12 * 1024 * 1024], kit.Timeout).AsTask());
        Assert.Equal(RealtimeTransportOptions.DefaultMaxSendMessageBytes, tooBig.Limit);

        // Over the server's own limit: the server answers with an error event.
        await kit.Connection.AppendInputAudioAsync(new byte[90_000], kit.Timeout);
        var serverError = Assert.IsType<RealtimeErrorEvent>(await kit.NextAsync());
        Assert.Equal("message_too_large", serverError.Error.Code);
        Assert.Equal(WebSocketState.Open, kit.Connection.State);
    }

    [Fact]
    public async Task A_slow_consumer_loses_nothing_in_lossless_mode()
    {
        await using var kit = await SessionTestKit.StartAsync(
            new RealtimeTransportOptions { ReceiveQueueCapacity = 2 },
            new LocalRealtimeServerOptions { RequiredApiKey = SessionTestKit.ApiKey, AudioDeltaBytes = 960 });
        await kit.UntilAsync<ConversationCreatedEvent>();
        await kit.Connection.SendAsync(new SessionUpdateEvent
        {
            Session = new RealtimeSessionCreateRequest { Audio = new RealtimeAudioConfig { Input = new RealtimeAudioConfigInput { TurnDetection = Optional<RealtimeAudioInputTurnDetection>.Null } } },
        }, kit.Timeout);
        await kit.UntilAsync<SessionUpdatedEvent>();
        var input = SessionTestKit.Sine(3000); // → 150 audio deltas
        await kit.Connection.AppendInputAudioAsync(input, kit.Timeout);
        await kit.Connection.SendAsync(new InputAudioBufferCommitEvent(), kit.Timeout);
        await kit.Connection.SendAsync(new ResponseCreateEvent(), kit.Timeout);

        var reply = new MemoryStream();
        var deltas = 0;
        while (await kit.NextAsync() is var next && next is not ResponseDoneEvent)
        {
            if (next is ResponseAudioDeltaEvent delta)
            {
                reply.Write(delta.Delta.Span);
                if (deltas++ % 10 == 0)
                {
                    await Task.Delay(20, kit.Timeout); // the consumer falls behind
                }
            }
        }

        Assert.Equal(150, deltas);
        Assert.Equal(input, reply.ToArray());
        Assert.Equal(0, kit.Connection.Transport.DroppedMessageCount);
    }

    [Fact]
    public async Task Drop_oldest_mode_drops_under_pressure_and_accounts_for_every_event()
    {
        await using var kit = await SessionTestKit.StartAsync(
            new RealtimeTransportOptions { ReceiveQueueCapacity = 4, BackpressurePolicy = RealtimeBackpressurePolicy.DropOldest },
            new LocalRealtimeServerOptions { RequiredApiKey = SessionTestKit.ApiKey, AudioDeltaBytes = 480 });
        await kit.Connection.AppendInputAudioAsync(SessionTestKit.Sine(2000, amplitude: 0), kit.Timeout); // silence: no VAD turn
        await kit.Connection.SendAsync(new InputAudioBufferCommitEvent(), kit.Timeout);
        await kit.Connection.SendAsync(new ResponseCreateEvent(), kit.Timeout);

        // Do not read until the server has sent everything (its last event is rate_limits.updated).
        while (!kit.ServerSide.ReceivedEventTypes.Contains("response.create") || kit.ServerSide.SentEventCount < 200)
        {
            await Task.Delay(10, kit.Timeout);
        }

        await Task.Delay(200, kit.Timeout);
        var received = new List<RealtimeServerEvent>();
        while (kit.Connection.TryReceiveEvent(out var next))
        {
            received.Add(next);
        }

        Assert.True(kit.Connection.Transport.DroppedMessageCount > 0);
        Assert.Equal(kit.ServerSide.SentEventCount, received.Count + kit.Connection.Transport.DroppedMessageCount);
        Assert.IsType<RateLimitsUpdatedEvent>(received[^1]); // the newest survive
    }

    [Fact]
    public async Task Cancellation_is_prompt_and_the_session_stays_usable()
    {
        await using var kit = await SessionTestKit.StartAsync();
        await kit.UntilAsync<ConversationCreatedEvent>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in kit.Connection.ReceiveEventsAsync(cancel.Token))
            {
            }
        });
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));

        // Breaking out of an enumeration does not close either.
        await kit.Connection.SendAsync(new InputAudioBufferClearEvent(), kit.Timeout);
        await foreach (var evt in kit.Connection.ReceiveEventsAsync(kit.Timeout))
        {
            Assert.IsType<InputAudioBufferClearedEvent>(evt);
            break;
        }

        Assert.Equal(WebSocketState.Open, kit.Connection.State);
        await kit.Connection.SendAsync(new InputAudioBufferClearEvent(), kit.Timeout);
        Assert.IsType<InputAudioBufferClearedEvent>(await kit.Connection.ReceiveEventAsync(kit.Timeout));
    }

    [Fact]
    public async Task The_dispatcher_routes_events_to_handler_methods()
    {
        await using var kit = await SessionTestKit.StartAsync();
        var handler = new CountingHandler();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(kit.Timeout);
        handler.OnConversationCreated = () => stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kit.Connection.DispatchEventsAsync(handler, stop.Token));
        Assert.Equal(1, handler.SessionCreated);
        Assert.Equal(1, handler.ConversationCreated);
    }

    private sealed class CountingHandler : IRealtimeServerEventAsyncHandler
    {
        public int SessionCreated;
        public int ConversationCreated;
        public Action? OnConversationCreated;

        public ValueTask OnSessionCreatedEventAsync(SessionCreatedEvent @event, CancellationToken cancellationToken)
        {
            SessionCreated++;
            return default;
        }

        public ValueTask OnConversationCreatedEventAsync(ConversationCreatedEvent @event, CancellationToken cancellationToken)
        {
            ConversationCreated++;
            OnConversationCreated?.Invoke();
            return default;
        }
    }

    [Fact]
    public async Task The_handshake_carries_the_url_variant_credential_and_headers()
    {
        await using var kit = await SessionTestKit.StartAsync(configure: o => o with
        {
            Kind = RealtimeSessionKind.Transcription,
            Headers = new Dictionary<string, string> { ["OpenAI-Project"] = "proj_local" },
        });
        Assert.Equal("/v1/realtime?model=gpt-realtime&intent=transcription", kit.ServerSide.RequestPath);
        Assert.Equal("Bearer " + SessionTestKit.ApiKey, kit.ServerSide.RequestHeaders["Authorization"]);
        Assert.Equal("proj_local", kit.ServerSide.RequestHeaders["OpenAI-Project"]);

        // A transcription session: transcripts for committed audio, no responses.
        var created = Assert.IsType<SessionCreatedEvent>(await kit.NextAsync());
        Assert.True(IsTranscriptionSession(created.Session));
        await kit.Connection.AppendInputAudioAsync(SessionTestKit.Sine(500, amplitude: 0), kit.Timeout);
        await kit.Connection.SendAsync(new InputAudioBufferCommitEvent(), kit.Timeout);
        var done = (await kit.UntilAsync<ConversationItemInputAudioTranscriptionCompletedEvent>()).Event;
        Assert.Contains("0.50 s", done.Transcript);
    }

    [Fact]
    public async Task A_rejected_handshake_says_why_and_never_shows_the_secret()
    {
        await using var server = await LocalRealtimeServer.StartAsync(new() { RequiredApiKey = SessionTestKit.ApiKey });
        var logs = new ListLogger();
        const string wrongKey = "sk-wrong-secret-value-42";
        var error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => RealtimeConnection.ConnectAsync(
            new RealtimeConnectionOptions { Endpoint = server.RealtimeUri, Credential = RealtimeCredential.FromApiKey(wrongKey) },
            new RealtimeTransportOptions { Logger = logs }));
        Assert.Equal(HttpStatusCode.Unauthorized, error.HttpStatusCode);
        Assert.Contains("401", error.Message);
        Assert.DoesNotContain(wrongKey, error.ToString());
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(wrongKey));
    }

    [Fact]
    public async Task An_ephemeral_client_secret_from_the_rest_client_opens_a_session()
    {
        await using var server = await LocalRealtimeServer.StartAsync(new() { RequiredApiKey = SessionTestKit.ApiKey });
        using var http = new HttpClient { BaseAddress = server.HttpBaseUri };
        var rest = new RealtimeRestClient(http, SessionTestKit.ApiKey);
        var secret = await rest.CreateClientSecretAsync(new CreateClientSecretRequest
        {
            Session = new RealtimeSessionCreateRequest { Instructions = "from a secret" },
        });
        Assert.StartsWith("ek_", secret.Value);
        Assert.Equal("from a secret", Assert.IsType<RealtimeSessionCreateResponse>(secret.Session).Instructions);

        await using var connection = await RealtimeConnection.ConnectAsync(new RealtimeConnectionOptions
        {
            Endpoint = server.RealtimeUri,
            Credential = RealtimeCredential.FromClientSecret(secret.Value),
        });
        Assert.IsType<SessionCreatedEvent>(await connection.ReceiveEventAsync());
    }

    // The session a session event carries is, on the current page, the session as the server describes it
    // (Realtime…SessionCreateResponse); the earlier page (realtime-before.md) declares the request records there, and
    // the same JSON reads as those. Either is the session the test configured.
    private static bool IsConversationSession(object session) => session is RealtimeSessionCreateResponse or RealtimeSessionCreateRequest;

    private static bool IsTranscriptionSession(object session) =>
        session is RealtimeTranscriptionSessionCreateResponse or RealtimeTranscriptionSessionCreateRequest;

    private static string? InstructionsOf(object session) => session switch
    {
        RealtimeSessionCreateResponse response => response.Instructions,
        RealtimeSessionCreateRequest request => request.Instructions,
        _ => throw new InvalidOperationException($"Not a conversation session: {session.GetType().Name}"),
    };
}
