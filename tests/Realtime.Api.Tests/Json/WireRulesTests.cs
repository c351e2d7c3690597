using System.Text;
using System.Text.Json;
using Realtime.Schema.Model;

namespace Realtime.Api.Tests.Json;

/// <summary>
/// The wire rules on the page's own types (README, "What the types promise on the wire"): reading never invents,
/// writing never invents, constants are constants, one nullability per field, page-named arrays are types, and value
/// equality holds for two reads of the same JSON.
/// </summary>
public sealed class WireRulesTests
{
    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    private const string AudioDelta = """{"type":"response.output_audio.delta","event_id":"e","response_id":"r","item_id":"i","output_index":0,"content_index":1,"delta":"AAEC"}""";

    // ---- reading never invents ----

    [Fact]
    public void A_missing_required_member_fails_the_read_naming_the_type_and_every_missing_member()
    {
        var error = Assert.Throws<JsonException>(() => RealtimeJson.DeserializeRealtimeServerEvent(U("""{"type":"response.output_audio.delta"}""")));
        Assert.Contains("ResponseAudioDeltaEvent", error.Message);
        foreach (var member in new[] { "event_id", "response_id", "item_id", "output_index", "content_index", "delta" })
        {
            Assert.Contains($"\"{member}\"", error.Message);
        }

        // One missing member among present ones, read directly as the record (no union) and through JsonSerializer.
        const string noItem = """{"type":"response.output_audio.done","event_id":"e","response_id":"r","output_index":0,"content_index":0}""";
        var direct = Assert.Throws<JsonException>(() => RealtimeJson.Deserialize<ResponseAudioDoneEvent>(U(noItem)));
        Assert.Contains("ResponseAudioDoneEvent is missing its required member \"item_id\"", direct.Message);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RealtimeServerEvent>(noItem));
    }

    [Fact]
    public void A_record_read_directly_needs_its_required_constant_too()
    {
        const string noType = """{"event_id":"e","response_id":"r","item_id":"i","output_index":0,"content_index":0}""";
        var error = Assert.Throws<JsonException>(() => RealtimeJson.Deserialize<ResponseAudioDoneEvent>(U(noType)));
        Assert.Contains("\"type\"", error.Message);
    }

    [Fact]
    public void A_required_member_that_cannot_be_null_read_as_null_fails_the_read()
    {
        var error = Assert.Throws<JsonException>(() => RealtimeJson.DeserializeRealtimeServerEvent(U(AudioDelta.Replace("\"item_id\":\"i\"", "\"item_id\":null", StringComparison.Ordinal))));
        Assert.Contains("ResponseAudioDeltaEvent.item_id is required and cannot be null", error.Message);
    }

    [Fact]
    public async Task An_event_missing_required_members_arrives_as_malformed_with_the_reason_and_the_stream_goes_on()
    {
        await using var kit = await Session.SessionTestKit.StartAsync();
        await kit.UntilAsync<ConversationCreatedEvent>();
        const string incomplete = """{"type":"response.output_audio.delta"}""";
        await kit.ServerSide.SendTextAsync(incomplete, kit.Timeout);
        await kit.ServerSide.SendTextAsync(AudioDelta, kit.Timeout);

        var malformed = Assert.IsType<MalformedRealtimeServerEvent>(await kit.NextAsync());
        Assert.Equal(MalformedMessageReason.InvalidJson, malformed.Reason);
        Assert.Equal("response.output_audio.delta", malformed.Type);
        Assert.Contains("ResponseAudioDeltaEvent is missing its required members", malformed.Message);
        Assert.Equal(incomplete, Encoding.UTF8.GetString(malformed.RawJson.Span));

        var next = Assert.IsType<ResponseAudioDeltaEvent>(await kit.NextAsync());
        Assert.Equal(1, next.ContentIndex);
    }

    // ---- writing never invents ----

    [Fact]
    public void A_read_event_writes_back_exactly_its_members()
    {
        var read = RealtimeJson.DeserializeRealtimeServerEvent(U(AudioDelta));
        JsonAssert.Equivalent(AudioDelta, RealtimeJson.Serialize(read));
    }

    [Fact]
    public void A_required_member_left_null_fails_the_write_naming_it()
    {
        var delta = new ResponseAudioTranscriptDeltaEvent { EventId = "e", ResponseId = "r", ItemId = null!, OutputIndex = 0, ContentIndex = 0, Delta = "d" };
        var error = Assert.Throws<InvalidOperationException>(() => RealtimeJson.Serialize<RealtimeServerEvent>(delta));
        Assert.Contains("ResponseAudioTranscriptDeltaEvent.ItemId is required but null", error.Message);
    }

    // ---- constants ----

    [Fact]
    public void An_optional_constant_is_a_get_only_property_written_as_read()
    {
        var property = typeof(RealtimeConversationItemUserMessage).GetProperty("Object")!;
        Assert.Equal(typeof(string), property.PropertyType);
        Assert.False(property.CanWrite);

        const string without = """{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}""";
        const string with = """{"type":"message","role":"user","object":"realtime.item","content":[{"type":"input_text","text":"hi"}]}""";
        var read = RealtimeJson.Deserialize<RealtimeConversationItemUserMessage>(U(without));
        Assert.Equal("realtime.item", read.Object);
        JsonAssert.Equivalent(without, RealtimeJson.Serialize(read)); // not invented on a round trip
        JsonAssert.Equivalent(with, RealtimeJson.Serialize(RealtimeJson.Deserialize<RealtimeConversationItemUserMessage>(U(with))));

        // Made in code: the constant is stated. Equality ignores how the constant was on the wire.
        var made = new RealtimeConversationItemUserMessage { Content = read.Content };
        Assert.Contains("\"object\":\"realtime.item\"", RealtimeJson.Serialize(made), StringComparison.Ordinal);
        Assert.Equal(made, read);
    }

    [Theory]
    [InlineData("RealtimeConversationItemUserMessage", """{"type":"message","role":"user","object":"realtime.response","content":[]}""", "RealtimeConversationItemUserMessage.object")]
    [InlineData("RealtimeConversationItemSystemMessageContent", """{"type":"output_text","text":"hi"}""", "RealtimeConversationItemSystemMessageContent.type")]
    [InlineData("ResponseAudioDoneEvent", """{"type":"response.output_audio.delta","event_id":"e","response_id":"r","item_id":"i","output_index":0,"content_index":0}""", "ResponseAudioDoneEvent.type")]
    public void A_constant_with_another_value_fails_the_read(string type, string json, string member)
    {
        var error = Assert.Throws<JsonException>(() => PageSchema.RoundTrip(type, json));
        Assert.Contains(member, error.Message);
    }

    [Fact]
    public void An_array_of_one_literal_has_a_typed_element()
    {
        var include = typeof(RealtimeSessionCreateRequest).GetProperty("Include")!.PropertyType;
        var element = Assert.Single(include.GetGenericArguments());
        Assert.NotEqual(typeof(string), element);
        var known = element.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(p => p.PropertyType == element)
            .Select(p => p.GetValue(null)!.ToString())
            .ToList();
        Assert.Equal(["item.input_audio_transcription.logprobs"], known);

        const string json = """{"type":"realtime","include":["item.input_audio_transcription.logprobs"]}""";
        JsonAssert.Equivalent(json, RealtimeJson.Serialize(RealtimeJson.Deserialize<RealtimeSessionCreateRequest>(U(json))));
    }

    // ---- one nullability rule ----

    [Fact]
    public void Previous_item_id_has_one_shape_on_every_event()
    {
        Assert.Equal(typeof(Optional<string>), typeof(ConversationItemCreatedEvent).GetProperty("PreviousItemId")!.PropertyType);
        Assert.Equal(typeof(Optional<string>), typeof(ConversationItemAdded).GetProperty("PreviousItemId")!.PropertyType);
    }

    [Fact]
    public void Every_member_of_the_same_json_name_and_type_has_one_nullability()
    {
        var split = PageSchema.Schema.Types
            .SelectMany(t => t.Properties)
            .GroupBy(p => (p.JsonName, p.Type))
            .Where(g => g.Select(p => p.IsNullable).Distinct().Count() > 1)
            .Select(g => g.Key.JsonName)
            .ToList();
        Assert.Empty(split);
    }

    // ---- named arrays ----

    [Fact]
    public void RealtimeToolsConfig_is_a_list_type_used_by_the_tools_members()
    {
        Assert.Equal(typeof(RealtimeToolsConfig), Nullable(typeof(RealtimeSessionCreateRequest).GetProperty("Tools")!.PropertyType));
        Assert.Equal(typeof(RealtimeToolsConfig), Nullable(typeof(RealtimeResponseCreateParams).GetProperty("Tools")!.PropertyType));

        RealtimeToolsConfig tools = [new RealtimeFunctionTool { Name = "lookup" }];
        var session = new RealtimeSessionCreateRequest { Tools = tools };
        var json = RealtimeJson.Serialize(session);
        Assert.Contains("\"tools\":[{\"type\":\"function\",\"name\":\"lookup\"}]", json, StringComparison.Ordinal);
        var read = RealtimeJson.Deserialize<RealtimeSessionCreateRequest>(U(json));
        Assert.Equal(tools, read.Tools);
        Assert.Equal(tools.GetHashCode(), read.Tools!.GetHashCode());
        Assert.Equal("lookup", Assert.IsType<RealtimeFunctionTool>(Assert.Single(read.Tools)).Name);
        Assert.NotEqual(tools, new RealtimeToolsConfig([new RealtimeFunctionTool { Name = "other" }]));
    }

    private static Type Nullable(Type type) => System.Nullable.GetUnderlyingType(type) ?? type;

    // ---- value equality ----

    [Fact]
    public void Two_reads_of_the_same_json_are_equal_with_equal_hash_codes()
    {
        const string json = """
            {"type":"realtime","instructions":"x","include":["item.input_audio_transcription.logprobs"],
             "tools":[{"type":"function","name":"f","parameters":{"type":"object","properties":{"a":{"type":"number"}},"required":["a"]}}],
             "output_modalities":["audio"]}
            """;
        var first = RealtimeJson.Deserialize<RealtimeSessionCreateRequest>(U(json));
        var second = RealtimeJson.Deserialize<RealtimeSessionCreateRequest>(U(json));
        Assert.True(first == second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());

        var changed = RealtimeJson.Deserialize<RealtimeSessionCreateRequest>(U(json.Replace("\"number\"", "\"string\"", StringComparison.Ordinal)));
        Assert.False(first == changed);
    }

    [Fact]
    public void Every_event_of_the_page_read_twice_is_equal()
    {
        foreach (var variant in PageSchema.Decl("RealtimeServerEvent").Variants.Select(v => v.Type).Concat(PageSchema.Decl("RealtimeClientEvent").Variants.Select(v => v.Type)).Distinct())
        {
            var json = PageSchema.Sample(variant);
            var name = variant.Name!;
            var first = PageSchema.RoundTrip(name, json).Value;
            var second = PageSchema.RoundTrip(name, json).Value;
            Assert.True(first.Equals(second), $"{name} read twice is not equal");
            Assert.True(first.GetHashCode() == second.GetHashCode(), $"{name} read twice has two hash codes");
        }
    }

    [Fact]
    public void An_explicit_null_and_an_absent_plain_optional_member_compare_equal_and_write_back_as_read()
    {
        // instructions: optional, not nullable on the page: null and absent are the same C# value.
        const string absent = """{"type":"realtime"}""";
        const string explicitNull = """{"type":"realtime","instructions":null}""";
        var a = RealtimeJson.Deserialize<RealtimeSessionCreateRequest>(U(absent));
        var n = RealtimeJson.Deserialize<RealtimeSessionCreateRequest>(U(explicitNull));
        Assert.Equal(a, n);
        Assert.Equal(a.GetHashCode(), n.GetHashCode());
        JsonAssert.Equivalent(explicitNull, RealtimeJson.Serialize(n));
        JsonAssert.Equivalent(absent, RealtimeJson.Serialize(a));
    }

    [Fact]
    public void An_explicit_null_and_an_absent_tri_state_member_differ()
    {
        var absent = RealtimeJson.Deserialize<RealtimeAudioConfigInput>(U("{}"));
        var explicitNull = RealtimeJson.Deserialize<RealtimeAudioConfigInput>(U("""{"turn_detection":null}"""));
        Assert.NotEqual(absent, explicitNull);
    }
}
