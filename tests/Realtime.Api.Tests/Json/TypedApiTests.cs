using System.Text;
using System.Text.Json;

namespace Realtime.Api.Tests.Json;

/// <summary>The generated types used as a consumer would: typed construction, unknowns, tri-state, base64, dispatch.</summary>
public sealed class TypedApiTests
{
    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void A_future_event_becomes_the_public_unknown_variant_and_is_written_back_unchanged()
    {
        const string json = """{"type":"some.future.event","event_id":"evt_1","data":{"a":[1,2.5,"x"],"b":null}}""";
        var read = RealtimeJson.DeserializeRealtimeServerEvent(U(json));
        var unknown = Assert.IsType<UnknownRealtimeServerEvent>(read);
        Assert.Equal("some.future.event", unknown.Type);
        Assert.Equal(json, Encoding.UTF8.GetString(unknown.RawJson.Span));
        Assert.Equal(json, RealtimeJson.Serialize<RealtimeServerEvent>(read));
    }

    [Theory]
    [InlineData(typeof(InputAudioBufferAppendEvent), "Audio")]
    [InlineData(typeof(ResponseAudioDeltaEvent), "Delta")]
    public void Audio_carrying_fields_are_pooled_base64_data_not_strings(Type eventType, string property)
    {
        Assert.Equal(typeof(Base64Data), eventType.GetProperty(property)!.PropertyType);
    }

    [Fact]
    public void An_unknown_voice_round_trips_and_known_voices_compare_equal()
    {
        var output = new RealtimeAudioConfigOutput { Voice = "future-voice" };
        var json = RealtimeJson.Serialize(output);
        Assert.Equal("""{"voice":"future-voice"}""", json);
        var read = RealtimeJson.Deserialize<RealtimeAudioConfigOutput>(U(json));
        Assert.True(read.Voice!.TryGetVoiceEnum(out var voice));
        Assert.False(voice.IsKnown);
        Assert.Equal("future-voice", voice.ToString());
        var alloy = RealtimeJson.Deserialize<RealtimeAudioConfigOutput>(U("""{"voice":"alloy"}"""));
        Assert.True(alloy.Voice!.AsVoiceEnum == VoiceEnum.Alloy);
    }

    [Theory]
    [InlineData("{}", "absent")]
    [InlineData("""{"turn_detection":null}""", "null")]
    [InlineData("""{"turn_detection":{"type":"server_vad","threshold":0.5,"silence_duration_ms":200}}""", "ServerVad")]
    [InlineData("""{"turn_detection":{"type":"semantic_vad","eagerness":"high"}}""", "SemanticVad")]
    public void Turn_detection_absent_null_and_object_are_distinct_and_round_trip(string json, string state)
    {
        var input = RealtimeJson.Deserialize<RealtimeAudioConfigInput>(U(json));
        var actual = !input.TurnDetection.IsSet ? "absent" : input.TurnDetection.IsNull ? "null" : input.TurnDetection.Value.GetType().Name;
        Assert.Equal(state, actual);
        JsonAssert.Equivalent(json, RealtimeJson.Serialize(input));
    }

    [Fact]
    public void Session_update_is_built_with_typed_values_and_parsed_back()
    {
        ServerVad vad = new() { Threshold = 0.4, SilenceDurationMs = 300 };
        var update = new SessionUpdateEvent
        {
            Session = new RealtimeSessionCreateRequest
            {
                Instructions = "Be brief.",
                Audio = new RealtimeAudioConfig
                {
                    Input = new RealtimeAudioConfigInput { TurnDetection = vad, Transcription = Optional<AudioTranscription>.Null },
                    Output = new RealtimeAudioConfigOutput { Voice = VoiceEnum.Marin },
                },
            },
        };
        var json = RealtimeJson.Serialize<RealtimeClientEvent>(update);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("session.update", document.RootElement.GetProperty("type").GetString());
        var input = document.RootElement.GetProperty("session").GetProperty("audio").GetProperty("input");
        Assert.Equal(JsonValueKind.Null, input.GetProperty("transcription").ValueKind);
        Assert.Equal("server_vad", input.GetProperty("turn_detection").GetProperty("type").GetString());
        var back = Assert.IsType<SessionUpdateEvent>(RealtimeJson.Deserialize<RealtimeClientEvent>(U(json)));
        Assert.Equal("Be brief.", Assert.IsType<RealtimeSessionCreateRequest>(back.Session).Instructions);
    }

    [Fact]
    public void Audio_deltas_decode_to_bytes_and_appends_encode_from_bytes()
    {
        var pcm = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();
        var json = $$"""{"type":"response.output_audio.delta","event_id":"e","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"{{Convert.ToBase64String(pcm)}}"}""";
        var delta = Assert.IsType<ResponseAudioDeltaEvent>(RealtimeJson.DeserializeRealtimeServerEvent(U(json)));
        Assert.Equal(pcm, delta.Delta.Span.ToArray());
        JsonAssert.Equivalent(json, RealtimeJson.Serialize<RealtimeServerEvent>(delta));
        delta.Delta.Dispose();

        var append = new InputAudioBufferAppendEvent { Audio = Base64Data.FromBytes(pcm) };
        Assert.Equal($$"""{"type":"input_audio_buffer.append","audio":"{{Convert.ToBase64String(pcm)}}"}""", RealtimeJson.Serialize<RealtimeClientEvent>(append));
    }

    private sealed class Counter : IRealtimeServerEventHandler
    {
        public int Deltas;
        public int Errors;
        public List<string> Other { get; } = [];

        public void OnResponseAudioDeltaEvent(ResponseAudioDeltaEvent @event) => Deltas++;

        public void OnRealtimeErrorEvent(RealtimeErrorEvent @event) => Errors++;

        public void OnUnhandled(RealtimeServerEvent @event) => Other.Add(@event.Type);
    }

    [Fact]
    public void Server_events_dispatch_to_their_handler_methods()
    {
        var counter = new Counter();
        foreach (var json in new[]
                 {
                     """{"type":"response.output_audio.delta","event_id":"e","response_id":"r","item_id":"i","output_index":0,"content_index":0,"delta":"AAAA"}""",
                     """{"type":"error","event_id":"e","error":{"type":"invalid_request_error","message":"bad"}}""",
                     """{"type":"input_audio_buffer.cleared","event_id":"e"}""",
                     """{"type":"some.future.event"}""",
                 })
        {
            counter.Dispatch(RealtimeJson.DeserializeRealtimeServerEvent(U(json)));
        }

        Assert.Equal(1, counter.Deltas);
        Assert.Equal(1, counter.Errors);
        Assert.Equal(["input_audio_buffer.cleared", "some.future.event"], counter.Other);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"type\":\"error\"")]
    [InlineData("{\"type\":\"response.output_audio.delta\",\"delta\":12}")]
    [InlineData("{\"type\":\"response.output_audio.delta\",\"delta\":\"***\"}")]
    [InlineData("{\"type\":\"conversation.item.deleted\",\"item_id\":[]}")]
    [InlineData("\"just a string\"")]
    public void Malformed_events_throw_JsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => RealtimeJson.DeserializeRealtimeServerEvent(U(json)));
    }
}
