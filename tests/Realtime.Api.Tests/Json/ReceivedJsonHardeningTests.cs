using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Api.Tests.Session;
using Realtime.Schema.Model;

namespace Realtime.Api.Tests.Json;

/// <summary>
/// Server events with what a fuzzer finds: lone surrogate escapes, integers beyond a double, numbers a double cannot
/// hold, duplicate members. Each is a malformed item or is written back as received; the stream never ends on one.
/// </summary>
public class ReceivedJsonHardeningTests
{
    [Fact]
    public async Task A_lone_surrogate_type_is_a_malformed_item_and_the_stream_goes_on()
    {
        await using var kit = await SessionTestKit.StartAsync();
        await kit.UntilAsync<ConversationCreatedEvent>();

        await kit.ServerSide.SendRawAsync("""{"type":"\ud800"}"""u8.ToArray(), cancellationToken: kit.Timeout);
        await kit.ServerSide.SendRawAsync("""{"event_id":"e","type":"\udc00"}"""u8.ToArray(), cancellationToken: kit.Timeout);
        await kit.ServerSide.SendRawAsync(Encoding.UTF8.GetBytes(PageSchema.Sample(TypeRef.Named("ConversationCreatedEvent"))), cancellationToken: kit.Timeout);

        var first = Assert.IsType<MalformedRealtimeServerEvent>(await kit.NextAsync());
        Assert.Equal(MalformedMessageReason.InvalidJson, first.Reason);
        Assert.Equal("", first.Type);
        Assert.Equal("""{"type":"\ud800"}""", Encoding.UTF8.GetString(first.RawJson.Span));
        var second = Assert.IsType<MalformedRealtimeServerEvent>(await kit.NextAsync());
        Assert.IsType<JsonException>(second.Error);
        Assert.IsType<ConversationCreatedEvent>(await kit.NextAsync());
    }

    [Fact]
    public void Unknown_members_are_written_back_as_received_duplicates_and_all()
    {
        const string Unknown = ""","x_id":9007199254740993,"x_text":"\ud800 and \udc00","x_id":[1e400, -0.0e-0],"x_deep":{"a":"\ud83d"}""";
        var sample = PageSchema.Sample(TypeRef.Named("ConversationCreatedEvent"));
        var json = sample[..sample.LastIndexOf('}')] + Unknown + "}";

        var read = Assert.IsType<ConversationCreatedEvent>(RealtimeJson.DeserializeRealtimeServerEvent(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(["x_id", "x_text", "x_id", "x_deep"], read.ExtensionData!.Select(m => m.Name));
        var written = RealtimeJson.Serialize(read);
        Assert.EndsWith(Unknown + "}", written, StringComparison.Ordinal);

        var again = RealtimeJson.DeserializeRealtimeServerEvent(Encoding.UTF8.GetBytes(written));
        Assert.Equal(read, again);
        Assert.Equal(written, RealtimeJson.Serialize(again));
    }

    [Fact]
    public void A_member_of_any_json_with_a_lone_surrogate_and_a_long_integer_is_written_back_as_received()
    {
        const string Metadata = """{"note":"\ud800","id":9007199254740993,"list":[ "\udfff" ]}""";
        var sample = JsonNode.Parse(PageSchema.Sample(TypeRef.Named("ResponseDoneEvent")))!.AsObject();
        sample["response"]!.AsObject()["metadata"] = "__metadata__";
        var json = sample.ToJsonString().Replace("\"__metadata__\"", Metadata, StringComparison.Ordinal);

        var read = Assert.IsType<ResponseDoneEvent>(RealtimeJson.DeserializeRealtimeServerEvent(Encoding.UTF8.GetBytes(json)));
        var written = RealtimeJson.Serialize(read);
        Assert.Contains("\"metadata\":" + Metadata, written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e-400")]
    [InlineData("1e400")]
    [InlineData("9007199254740993")]
    [InlineData("-9007199254740993")]
    public void A_number_member_given_a_number_a_double_cannot_hold_is_malformed(string number)
    {
        // Every server event with a top-level number member (read as double) on the page.
        var cases = PageSchema.Schema.Types
            .Where(t => t.Name == "RealtimeServerEvent").SelectMany(u => u.Variants).Select(v => PageSchema.Decl(v.Type.Name!))
            .SelectMany(d => d.Properties.Where(p => p.Type.Kind == TypeRefKind.Number).Select(p => (Event: d.Name, Member: p.JsonName)))
            .ToList();
        Assert.NotEmpty(cases);
        foreach (var (eventName, member) in cases)
        {
            var sample = JsonNode.Parse(PageSchema.Sample(TypeRef.Named(eventName)))!.AsObject();
            sample[member] = "__number__";
            var json = Encoding.UTF8.GetBytes(sample.ToJsonString().Replace("\"__number__\"", number, StringComparison.Ordinal));
            var error = Assert.Throws<JsonException>(() => RealtimeJson.DeserializeRealtimeServerEvent(json));
            Assert.Contains("double", error.Message);
        }
    }

    [Fact]
    public void A_number_rounded_beyond_two_to_the_53_writes_back_as_digits_that_read_again()
    {
        // A member the page keeps fractional (a VAD threshold) holds the nearest double; its written digits read again.
        var json = """{"type":"server_vad","threshold":90071992547409930.5}""";
        var written = RealtimeJson.Serialize(RealtimeJson.Deserialize<ServerVad>(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("\"threshold\":90071992547409940", written, StringComparison.Ordinal);
        Assert.Equal(written, RealtimeJson.Serialize(RealtimeJson.Deserialize<ServerVad>(Encoding.UTF8.GetBytes(written))));
    }

    [Theory]
    [InlineData("ConversationItemInputAudioTranscriptionCompletedEvent", "content_index")] // required number
    [InlineData("ResponseAudioDeltaEvent", "delta")] // required text
    public void A_required_member_missing_on_read_is_an_error_naming_it(string eventName, string path)
    {
        // Reading never invents a value for it, so nothing can be written back that was not received.
        var sample = JsonNode.Parse(PageSchema.Sample(TypeRef.Named(eventName)))!.AsObject();
        var owner = path.Split('.')[..^1].Aggregate(sample, (o, name) => o[name]!.AsObject());
        var member = path.Split('.')[^1];
        Assert.True(owner.Remove(member));

        var error = Assert.Throws<JsonException>(() => RealtimeJson.DeserializeRealtimeServerEvent(Encoding.UTF8.GetBytes(sample.ToJsonString())));
        Assert.Contains($"missing its required member \"{member}\"", error.Message, StringComparison.Ordinal);
    }
}
