using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Schema;

namespace Realtime.Benchmarks.Serialization;

/// <summary>
/// A realistic stream of server events for one spoken response: the session (from the page's client-secret
/// example, read at run time), response/item/part lifecycle, ~4 KB base64 audio deltas interleaved with transcript
/// deltas (audio dominates a real stream), VAD and rate-limit events, and the final response.done with usage.
/// </summary>
public static class ServerEventCorpus
{
    public const int AudioDeltas = 24;

    public static IReadOnlyList<byte[]> Build()
    {
        var events = new List<string>();
        events.Add(SessionCreated());
        events.Add("""{"type":"input_audio_buffer.speech_started","event_id":"evt_01","audio_start_ms":1320,"item_id":"item_u1"}""");
        events.Add("""{"type":"input_audio_buffer.speech_stopped","event_id":"evt_02","audio_end_ms":2980,"item_id":"item_u1"}""");
        events.Add("""{"type":"input_audio_buffer.committed","event_id":"evt_03","item_id":"item_u1","previous_item_id":null}""");
        events.Add("""{"type":"conversation.item.added","event_id":"evt_04","previous_item_id":null,"item":{"id":"item_u1","type":"message","object":"realtime.item","status":"completed","role":"user","content":[{"type":"input_audio","transcript":null}]}}""");
        events.Add("""{"type":"response.created","event_id":"evt_05","response":{"id":"resp_1","object":"realtime.response","status":"in_progress","status_details":null,"output":[],"conversation_id":"conv_1","output_modalities":["audio"],"max_output_tokens":"inf","audio":{"output":{"format":{"type":"audio/pcm","rate":24000},"voice":"marin"}},"usage":null,"metadata":null}}""");
        events.Add("""{"type":"response.output_item.added","event_id":"evt_06","response_id":"resp_1","output_index":0,"item":{"id":"item_a1","type":"message","object":"realtime.item","status":"in_progress","role":"assistant","content":[]}}""");
        events.Add("""{"type":"conversation.item.added","event_id":"evt_07","previous_item_id":"item_u1","item":{"id":"item_a1","type":"message","object":"realtime.item","status":"in_progress","role":"assistant","content":[]}}""");
        events.Add("""{"type":"response.content_part.added","event_id":"evt_08","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0,"part":{"type":"audio","transcript":""}}""");
        var random = new Random(42);
        var words = new[] { "Sure", ", here", " is", " the", " weather", " for", " today", ":", " sunny", " and", " mild", "." };
        for (var i = 0; i < AudioDeltas; i++)
        {
            var pcm = new byte[3072]; // 64 ms of 24 kHz PCM16 → 4096 base64 characters
            random.NextBytes(pcm);
            events.Add($$"""{"type":"response.output_audio.delta","event_id":"evt_a{{i}}","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0,"delta":"{{Convert.ToBase64String(pcm)}}"}""");
            if (i % 2 == 0)
            {
                events.Add($$"""{"type":"response.output_audio_transcript.delta","event_id":"evt_t{{i}}","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0,"delta":"{{words[i / 2 % words.Length]}}"}""");
            }
        }

        events.Add("""{"type":"response.output_audio.done","event_id":"evt_20","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0}""");
        events.Add("""{"type":"response.output_audio_transcript.done","event_id":"evt_21","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0,"transcript":"Sure, here is the weather for today: sunny and mild."}""");
        events.Add("""{"type":"response.content_part.done","event_id":"evt_22","response_id":"resp_1","item_id":"item_a1","output_index":0,"content_index":0,"part":{"type":"audio","transcript":"Sure, here is the weather for today: sunny and mild."}}""");
        events.Add("""{"type":"response.output_item.done","event_id":"evt_23","response_id":"resp_1","output_index":0,"item":{"id":"item_a1","type":"message","object":"realtime.item","status":"completed","role":"assistant","content":[{"type":"output_audio","transcript":"Sure, here is the weather for today: sunny and mild."}]}}""");
        events.Add("""{"type":"response.done","event_id":"evt_24","response":{"id":"resp_1","object":"realtime.response","status":"completed","status_details":null,"output":[{"id":"item_a1","type":"message","object":"realtime.item","status":"completed","role":"assistant","content":[{"type":"output_audio","transcript":"Sure, here is the weather for today: sunny and mild."}]}],"conversation_id":"conv_1","output_modalities":["audio"],"max_output_tokens":"inf","audio":{"output":{"format":{"type":"audio/pcm","rate":24000},"voice":"marin"}},"usage":{"total_tokens":253,"input_tokens":132,"output_tokens":121,"input_token_details":{"text_tokens":119,"audio_tokens":13,"image_tokens":0,"cached_tokens":64,"cached_tokens_details":{"text_tokens":64,"audio_tokens":0,"image_tokens":0}},"output_token_details":{"text_tokens":30,"audio_tokens":91}},"metadata":null}}""");
        events.Add("""{"type":"rate_limits.updated","event_id":"evt_25","rate_limits":[{"name":"requests","limit":1000,"remaining":999,"reset_seconds":60},{"name":"tokens","limit":50000,"remaining":49747,"reset_seconds":60}]}""");
        return events.Select(Encoding.UTF8.GetBytes).ToList();
    }

    /// <summary>A session.created event around the session of the page's client-secret response example.</summary>
    private static string SessionCreated()
    {
        var docs = Environment.GetEnvironmentVariable("REALTIME_DOCS_PATH") is { Length: > 0 } path
            ? path
            : typeof(ServerEventCorpus).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
                .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RealtimeDocsPath").Value!;
        var schema = SchemaParser.Parse(File.ReadAllText(docs), docs);
        var session = schema.Endpoints
            .SelectMany(e => e.Examples)
            .Select(x => x.ResponseJson)
            .Where(j => j is not null)
            .Select(j => JsonNode.Parse(j!)?["session"])
            .Last(s => s?["type"]?.GetValue<string>() == "realtime" && s["tools"] is JsonArray);
        var created = new JsonObject { ["type"] = "session.created", ["event_id"] = "evt_00", ["session"] = session!.DeepClone() };
        return created.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
