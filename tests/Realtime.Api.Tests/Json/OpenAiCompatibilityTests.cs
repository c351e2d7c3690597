using System.ClientModel.Primitives;
using System.Text;
using OpenAI.Realtime;

// The OpenAI SDK marks its realtime types experimental.
#pragma warning disable OPENAI002

namespace Realtime.Api.Tests.Json;

/// <summary>Wire compatibility with the official SDK (OpenAI 2.15.0): it reads what we write and we read what it writes.</summary>
public sealed class OpenAiCompatibilityTests
{
    private static readonly byte[] Pcm = Enumerable.Range(0, 960).Select(i => (byte)(i * 7)).ToArray();

    private static T ReadWithOpenAi<T>(string json) where T : RealtimeServerUpdate =>
        Assert.IsType<T>(ModelReaderWriter.Read<RealtimeServerUpdate>(BinaryData.FromString(json)));

    [Fact]
    public void OpenAi_reads_the_server_events_we_write()
    {
        var delta = ReadWithOpenAi<RealtimeServerUpdateResponseOutputAudioDelta>(RealtimeJson.Serialize<RealtimeServerEvent>(new ResponseAudioDeltaEvent
        {
            EventId = "evt_1", ResponseId = "resp_1", ItemId = "item_1", OutputIndex = 0, ContentIndex = 1, Delta = Base64Data.FromBytes(Pcm),
        }));
        Assert.Equal(("evt_1", "resp_1", "item_1", 1), (delta.EventId, delta.ResponseId, delta.ItemId, delta.ContentIndex));
        Assert.Equal(Pcm, delta.Delta.ToArray());

        var text = ReadWithOpenAi<RealtimeServerUpdateResponseOutputTextDelta>(RealtimeJson.Serialize<RealtimeServerEvent>(new ResponseTextDeltaEvent
        {
            EventId = "evt_2", ResponseId = "resp_1", ItemId = "item_1", OutputIndex = 0, ContentIndex = 0, Delta = "Hello",
        }));
        Assert.Equal("Hello", text.Delta);

        var deleted = ReadWithOpenAi<RealtimeServerUpdateConversationItemDeleted>(RealtimeJson.Serialize<RealtimeServerEvent>(new ConversationItemDeletedEvent
        {
            EventId = "evt_3", ItemId = "item_9",
        }));
        Assert.Equal("item_9", deleted.ItemId);

        var started = ReadWithOpenAi<RealtimeServerUpdateInputAudioBufferSpeechStarted>(RealtimeJson.Serialize<RealtimeServerEvent>(new InputAudioBufferSpeechStartedEvent
        {
            EventId = "evt_4", ItemId = "item_2", AudioStartMs = 1500,
        }));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), started.AudioStartTime);

        var error = ReadWithOpenAi<RealtimeServerUpdateError>(RealtimeJson.Serialize<RealtimeServerEvent>(new RealtimeErrorEvent
        {
            EventId = "evt_5", Error = new RealtimeError { Type = "invalid_request_error", Message = "Bad thing" },
        }));
        Assert.Equal("Bad thing", error.Error.Message);
    }

    [Fact]
    public void We_read_the_server_events_OpenAi_writes()
    {
        var written = ModelReaderWriter.Write(new RealtimeServerUpdateResponseOutputAudioDelta
        {
            EventId = "evt_1", ResponseId = "resp_1", ItemId = "item_1", OutputIndex = 2, ContentIndex = 0, Delta = BinaryData.FromBytes(Pcm),
        });
        var delta = Assert.IsType<ResponseAudioDeltaEvent>(RealtimeJson.DeserializeRealtimeServerEvent(written.ToMemory().Span));
        Assert.Equal(Pcm, delta.Delta.Span.ToArray());
        Assert.Equal(2, delta.OutputIndex);

        written = ModelReaderWriter.Write(new RealtimeServerUpdateConversationItemDeleted { EventId = "evt_2", ItemId = "item_3" });
        Assert.Equal("item_3", Assert.IsType<ConversationItemDeletedEvent>(RealtimeJson.DeserializeRealtimeServerEvent(written.ToMemory().Span)).ItemId);
    }

    [Fact]
    public void We_read_the_client_commands_OpenAi_writes_and_it_reads_ours()
    {
        var written = ModelReaderWriter.Write(new RealtimeClientCommandInputAudioBufferAppend(BinaryData.FromBytes(Pcm)) { EventId = "c1" });
        var append = Assert.IsType<InputAudioBufferAppendEvent>(RealtimeJson.Deserialize<RealtimeClientEvent>(written.ToMemory().Span));
        Assert.Equal(Pcm, append.Audio.Span.ToArray());
        Assert.Equal("c1", append.EventId);

        written = ModelReaderWriter.Write(new RealtimeClientCommandResponseCancel { ResponseId = "resp_7" });
        Assert.Equal("resp_7", Assert.IsType<ResponseCancelEvent>(RealtimeJson.Deserialize<RealtimeClientEvent>(written.ToMemory().Span)).ResponseId);

        var ours = RealtimeJson.Serialize<RealtimeClientEvent>(new InputAudioBufferAppendEvent { Audio = Base64Data.FromBytes(Pcm), EventId = "c2" });
        var theirs = Assert.IsType<RealtimeClientCommandInputAudioBufferAppend>(ModelReaderWriter.Read<RealtimeClientCommand>(BinaryData.FromString(ours)));
        Assert.Equal(Pcm, theirs.AudioBytes.ToArray());
        Assert.Equal("c2", theirs.EventId);
        JsonAssert.Equivalent(Encoding.UTF8.GetString(ModelReaderWriter.Write(theirs).ToArray()), ours);
    }
}
