using System.Text;
using Realtime.Api.Audio;
using Realtime.Api.Tests.Session;
using Realtime.LocalServer;

namespace Realtime.Api.Tests.Translation;

/// <summary>Translation sessions (their own URL, client events and server-event union) end to end over the local server.</summary>
public class TranslationSessionEndToEndTests
{
    private const string TranslateModel = "gpt-realtime-translate";

    private static Task<SessionTestKit> StartTranslationAsync() =>
        SessionTestKit.StartAsync(configure: o => o with { Kind = RealtimeSessionKind.Translation, Model = TranslateModel });

    [Fact]
    public async Task Audio_in_typed_translation_events_out_and_a_clean_close()
    {
        await using var kit = await StartTranslationAsync();
        Assert.Equal(RealtimeSessionKind.Translation, kit.Connection.Kind);
        Assert.Equal($"/v1/realtime/translations?model={TranslateModel}", kit.ServerSide.RequestPath);
        await using var events = kit.Connection.ReceiveTranslationEventsAsync(kit.Timeout).GetAsyncEnumerator(kit.Timeout);

        async Task<RealtimeTranslationServerEvent> NextAsync()
        {
            Assert.True(await events.MoveNextAsync(), "the translation event stream ended");
            return events.Current;
        }

        var created = Assert.IsType<RealtimeTranslationSessionCreatedEvent>(await NextAsync());
        Assert.Equal(TranslateModel, created.Session.Model);

        // Source transcription on, French out (raw JSON keeps this test independent of hoisted type names).
        await kit.Connection.SendRawAsync("""{"type":"session.update","session":{"audio":{"input":{"transcription":{"model":"gpt-4o-transcribe"}},"output":{"language":"fr"}}}}"""u8.ToArray(), kit.Timeout);
        Assert.IsType<RealtimeTranslationSessionUpdatedEvent>(await NextAsync());

        // 1 s through the framer with the translation append event, then 100 ms appended directly.
        var input = SessionTestKit.Sine(1100);
        using (var pipeline = new AudioInputPipeline(AudioFormat.Pcm16Realtime, new AudioFramerOptions { AppendEventType = RealtimeAudioEvents.TranslationInputAudioBufferAppendType }))
        {
            pipeline.Write(input.AsSpan(0, 48_000));
            pipeline.Complete();
            Assert.Equal(50, await kit.Connection.SendAudioAsync(pipeline, kit.Timeout));
        }

        await kit.Connection.AppendInputAudioAsync(input.AsMemory(48_000), kit.Timeout);
        using (var conversationPipeline = new AudioInputPipeline(AudioFormat.Pcm16Realtime))
        {
            await Assert.ThrowsAsync<ArgumentException>(() => kit.Connection.SendAudioAsync(conversationPipeline, kit.Timeout).AsTask());
        }

        // A conversation event is not a translation event: the server's error arrives as the error variant.
        await kit.Connection.SendAsync(new InputAudioBufferCommitEvent { EventId = "wrong-1" }, kit.Timeout);
        await kit.Connection.SendAsync(new RealtimeTranslationSessionCloseEvent(), kit.Timeout);

        var translated = new MemoryStream();
        var heard = new StringBuilder();
        var said = new StringBuilder();
        RealtimeErrorEvent? error = null;
        var closed = false;
        while (await events.MoveNextAsync())
        {
            switch (events.Current)
            {
                case RealtimeTranslationOutputAudioDeltaEvent audio:
                    Assert.Equal(24000, audio.SampleRate);
                    translated.Write(audio.Delta.Span);
                    audio.Delta.Dispose();

                    break;
                case RealtimeTranslationInputTranscriptDeltaEvent source:
                    heard.Append(source.Delta);
                    break;
                case RealtimeTranslationOutputTranscriptDeltaEvent target:
                    said.Append(target.Delta);
                    break;
                case RealtimeErrorEvent failure:
                    error = failure;
                    break;
                case RealtimeTranslationSessionClosedEvent:
                    closed = true;
                    break;
                case var other:
                    Assert.Fail($"unexpected {other.GetType().Name} ({other.Type})");
                    break;
            }
        }

        // 200 ms steps, the last 100 ms flushed by session.close; nothing lost, nothing reordered.
        Assert.Equal(input, translated.ToArray());
        Assert.Equal("[fr: 0.20 s][fr: 0.20 s][fr: 0.20 s][fr: 0.20 s][fr: 0.20 s][fr: 0.10 s]", said.ToString());
        Assert.StartsWith("[heard 0.20 s]", heard.ToString());
        Assert.NotNull(error);
        Assert.Equal("wrong-1", error.Error.EventId);
        Assert.True(closed);
        Assert.Equal(
            ["session.update", "session.input_audio_buffer.append", "input_audio_buffer.commit", "session.close"],
            kit.ServerSide.ReceivedEventTypes.Distinct());
    }

    [Fact]
    public async Task Unknown_and_malformed_translation_messages_are_items_of_the_translation_union()
    {
        await using var kit = await StartTranslationAsync();
        Assert.IsType<RealtimeTranslationSessionCreatedEvent>(await kit.Connection.ReceiveEventAsync<RealtimeTranslationServerEvent>(kit.Timeout));
        const string future = """{"type":"session.output_subtitle.delta","event_id":"e9","delta":"hola"}""";
        await kit.ServerSide.SendTextAsync(future, kit.Timeout);
        await kit.ServerSide.SendTextAsync("""{"type":"session.output_audio.delta","event_id":""", kit.Timeout);
        await kit.ServerSide.SendTextAsync("""{"type":"session.closed","event_id":"e10"}""", kit.Timeout);

        var unknown = Assert.IsType<UnknownRealtimeTranslationServerEvent>(await kit.Connection.ReceiveEventAsync<RealtimeTranslationServerEvent>(kit.Timeout));
        Assert.Equal(future, Encoding.UTF8.GetString(unknown.RawJson.Span));
        var malformed = Assert.IsType<MalformedRealtimeTranslationServerEvent>(await kit.Connection.ReceiveEventAsync<RealtimeTranslationServerEvent>(kit.Timeout));
        Assert.Equal(MalformedMessageReason.InvalidJson, malformed.Reason);
        Assert.Equal("session.output_audio.delta", ((IMalformedRealtimeEvent)malformed).Type);
        Assert.NotEmpty(malformed.RawJson.ToArray());

        // The session goes on, and the generated translation dispatcher routes what follows.
        var handler = new ClosedHandler();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(kit.Timeout);
        handler.Closed = () => stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kit.Connection.DispatchEventsAsync(handler, stop.Token));
        Assert.Equal("e10", handler.ClosedEventId);
    }

    private sealed class ClosedHandler : IRealtimeTranslationServerEventHandler
    {
        public Action? Closed;
        public string? ClosedEventId;

        public void OnRealtimeTranslationSessionClosedEvent(RealtimeTranslationSessionClosedEvent @event)
        {
            ClosedEventId = @event.EventId;
            Closed?.Invoke();
        }
    }

    [Fact]
    public async Task A_translation_client_secret_from_the_rest_client_opens_a_translation_session()
    {
        await using var server = await LocalRealtimeServer.StartAsync(new() { RequiredApiKey = SessionTestKit.ApiKey });
        using var http = new HttpClient { BaseAddress = server.HttpBaseUri };
        var rest = new RealtimeRestClient(http, SessionTestKit.ApiKey);
        var secret = await rest.CreateTranslationClientSecretAsync(new RealtimeTranslationClientSecretCreateRequest
        {
            Session = new RealtimeTranslationSessionCreateRequest { Model = TranslateModel },
        });
        Assert.StartsWith("ek_", secret.Value);
        Assert.Equal(TranslateModel, secret.Session.Model);

        await using var connection = await RealtimeConnection.ConnectAsync(new RealtimeConnectionOptions
        {
            Endpoint = server.RealtimeUri,
            Kind = RealtimeSessionKind.Translation,
            Model = TranslateModel,
            Credential = RealtimeCredential.FromClientSecret(secret.Value),
        });
        var created = Assert.IsType<RealtimeTranslationSessionCreatedEvent>(await connection.ReceiveEventAsync<RealtimeTranslationServerEvent>());
        Assert.Equal(TranslateModel, created.Session.Model);
    }
}
