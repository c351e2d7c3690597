using System.Text;

namespace Realtime.Api.Tests.Session;

/// <summary>The parts of the local server's protocol the conversation test does not reach: text responses, item retrieval and deletion, bad client events.</summary>
public class LocalServerProtocolTests
{
    [Fact]
    public async Task A_text_response_streams_deltas_that_add_up_to_the_done_text()
    {
        await using var kit = await SessionTestKit.StartAsync();
        await kit.UntilAsync<ConversationCreatedEvent>();
        await kit.Connection.SendRawAsync("""{"type":"session.update","session":{"type":"realtime","output_modalities":["text"]}}"""u8.ToArray(), kit.Timeout);
        await kit.UntilAsync<SessionUpdatedEvent>();
        await kit.Connection.SendRawAsync("""{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"hello there"}]}}"""u8.ToArray(), kit.Timeout);
        await kit.UntilAsync<ConversationItemDone>();

        await kit.Connection.SendAsync(new ResponseCreateEvent(), kit.Timeout);
        var done = await kit.UntilAsync<ResponseTextDoneEvent>();
        Assert.Equal("You said: hello there", done.Event.Text);
        var deltas = done.Before.OfType<ResponseTextDeltaEvent>().Select(d => d.Delta).ToList();
        Assert.True(deltas.Count > 1, "the text should arrive in several deltas");
        Assert.Equal(done.Event.Text, string.Concat(deltas));
        Assert.DoesNotContain(done.Before, e => e is ResponseAudioDeltaEvent);
        await kit.UntilAsync<ResponseDoneEvent>();
    }

    [Fact]
    public async Task Items_can_be_retrieved_and_deleted_and_misuse_gets_error_events()
    {
        await using var kit = await SessionTestKit.StartAsync();
        await kit.UntilAsync<ConversationCreatedEvent>();
        await kit.Connection.SendRawAsync("""{"type":"conversation.item.create","item":{"id":"item_mine","type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}}"""u8.ToArray(), kit.Timeout);
        await kit.UntilAsync<ConversationItemDone>();

        await kit.Connection.SendAsync(new ConversationItemRetrieveEvent { ItemId = "item_mine" }, kit.Timeout);
        var retrieved = await kit.NextAsync();
        Assert.Equal("conversation.item.retrieved", retrieved.Type);
        Assert.Contains("\"hi\"", RealtimeJson.Serialize(retrieved));

        await kit.Connection.SendAsync(new ConversationItemDeleteEvent { ItemId = "item_mine" }, kit.Timeout);
        Assert.Equal("item_mine", Assert.IsType<ConversationItemDeletedEvent>(await kit.NextAsync()).ItemId);

        // Each bad client event gets an error event naming it, and the session carries on.
        (string Json, string Code)[] bad =
        [
            ("""{"type":"conversation.item.retrieve","item_id":"item_mine","event_id":"b1"}""", "item_not_found"),
            ("""{"not json""", "invalid_json"),
            ("""{"event_id":"b3"}""", "missing_required_parameter"),
            ("""{"type":"response.cancel","event_id":"b4"}""", "response_cancel_not_active"),
            ("""{"type":"input_audio_buffer.append","audio":"@@@","event_id":"b5"}""", "invalid_value"),
            ("""{"type":"session.update","session":{"type":"transcription"},"event_id":"b6"}""", "invalid_value"),
        ];
        foreach (var (json, code) in bad)
        {
            await kit.Connection.SendRawAsync(Encoding.UTF8.GetBytes(json), kit.Timeout);
            var error = Assert.IsType<RealtimeErrorEvent>(await kit.NextAsync());
            Assert.Equal(code, error.Error.Code);
        }

        await kit.Connection.SendAsync(new InputAudioBufferClearEvent(), kit.Timeout);
        Assert.IsType<InputAudioBufferClearedEvent>(await kit.NextAsync());
    }
}
