using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Realtime.Api.Tests.Json;

/// <summary>
/// The ways into the generated serialisation on the real API: <c>RealtimeJson</c> over spans, segmented sequences and
/// buffer writers, and <see cref="JsonSerializer"/> through the generated resolver (alone or combined with others).
/// </summary>
public sealed class EntryPointTests
{
    // The discriminator last, after a nested object and an array: the reader must scan past them to find it.
    private const string TypeLast =
        """{"event_id":"evt_9","item":{"id":"item_1","type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]},"previous_item_id":null,"type":"conversation.item.added"}""";

    [Fact]
    public void The_discriminator_is_found_when_it_is_not_the_first_property()
    {
        var read = RealtimeJson.DeserializeRealtimeServerEvent(Encoding.UTF8.GetBytes(TypeLast));
        var added = Assert.IsType<ConversationItemAdded>(read);
        Assert.Equal("evt_9", added.EventId);
        Assert.False(added.Item is UnknownConversationItem, "the nested item was not recognised");
        JsonAssert.Equivalent(TypeLast, RealtimeJson.Serialize(read));
    }

    // Numbers are read by the integer parser when they are integers; every form the double holds must give what the double parser gives.
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("7")]
    [InlineData("-12")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("2.5E-3")]
    [InlineData("9007199254740992")]
    [InlineData("-9223372036854775808")]
    [InlineData("18446744073709551616")]
    public void A_number_reads_exactly_as_the_double_parser_reads_it(string number)
    {
        var json = $$"""{"type":"response.output_audio.done","event_id":"e","response_id":"r","item_id":"i","output_index":{{number}},"content_index":0}""";
        var expected = double.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(json);

        foreach (var read in new[] { RealtimeJson.Deserialize<RealtimeServerEvent>(bytes), RealtimeJson.Deserialize<RealtimeServerEvent>(OneByteSegments(bytes)) })
        {
            var done = Assert.IsType<ResponseAudioDoneEvent>(read);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(done.OutputIndex));
        }
    }

    // The double parser rounds these to infinity, which cannot be written back: an error on reading, not on writing.
    [Theory]
    [InlineData("1E400")]
    [InlineData("-1e309")]
    public void A_number_beyond_double_range_is_an_error(string number)
    {
        var json = $$"""{"type":"response.output_audio.done","event_id":"e","output_index":{{number}}}""";
        var error = Assert.Throws<JsonException>(() => RealtimeJson.Deserialize<RealtimeServerEvent>(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("out of the double's range", error.Message, StringComparison.Ordinal);
    }

    // Items are told apart by "type" and "role": the scan stops once both are seen, before the content array.
    [Theory]
    [InlineData("user", typeof(RealtimeConversationItemUserMessage))]
    [InlineData("assistant", typeof(RealtimeConversationItemAssistantMessage))]
    [InlineData("system", typeof(RealtimeConversationItemSystemMessage))]
    public void An_item_is_told_apart_by_its_literals_wherever_they_are(string role, Type expected)
    {
        var content = role == "assistant" ? """[{"type":"output_text","text":"hi"}]""" : """[{"type":"input_text","text":"hi"}]""";
        foreach (var item in new[]
        {
            $$"""{"type":"message","role":"{{role}}","object":"realtime.item","content":{{content}},"id":"item_1"}""",
            $$"""{"id":"item_1","content":{{content}},"role":"{{role}}","type":"message"}""",
        })
        {
            var json = $$"""{"type":"conversation.item.added","event_id":"e","previous_item_id":null,"item":{{item}}}""";
            var added = Assert.IsType<ConversationItemAdded>(RealtimeJson.DeserializeRealtimeServerEvent(Encoding.UTF8.GetBytes(json)));
            Assert.IsType(expected, added.Item);
            JsonAssert.Equivalent(json, RealtimeJson.Serialize(added));
        }
    }

    [Fact]
    public void A_sequence_split_into_one_byte_segments_reads_like_the_span()
    {
        var bytes = Encoding.UTF8.GetBytes(TypeLast);
        var fromSequence = RealtimeJson.Deserialize<RealtimeServerEvent>(OneByteSegments(bytes));
        var fromSpan = RealtimeJson.Deserialize<RealtimeServerEvent>(bytes);
        Assert.Equal(fromSpan.GetType(), fromSequence.GetType());
        Assert.Equal(RealtimeJson.Serialize(fromSpan), RealtimeJson.Serialize(fromSequence));
    }

    [Fact]
    public void Serialize_writes_into_a_buffer_writer_after_what_is_already_there()
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write("prefix:"u8);
        var evt = RealtimeJson.DeserializeRealtimeServerEvent(Encoding.UTF8.GetBytes(TypeLast));

        RealtimeJson.Serialize(evt, output);
        RealtimeJson.Serialize(evt, output);

        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.StartsWith("prefix:{", text);
        var single = RealtimeJson.Serialize(evt);
        Assert.Equal("prefix:" + single + single, text);
    }

    [Fact]
    public void JsonSerializer_reads_and_writes_through_the_generated_resolver()
    {
        var viaOptions = JsonSerializer.Deserialize<RealtimeServerEvent>(TypeLast, RealtimeJson.Options)!;
        Assert.Equal("conversation.item.added", viaOptions.Type);
        JsonAssert.Equivalent(TypeLast, JsonSerializer.Serialize(viaOptions, RealtimeJson.Options));

        // The resolver combined with another one (what an app with its own JsonSerializerContext does).
        var combined = new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine(RealtimeJson.TypeInfoResolver, new DefaultJsonTypeInfoResolver()) };
        var envelope = JsonSerializer.Deserialize<Envelope>($$"""{"Name":"batch","Events":[{{TypeLast}},{"type":"some.future.event","x":1}]}""", combined)!;
        Assert.Equal("batch", envelope.Name);
        Assert.Equal(2, envelope.Events.Count);
        Assert.IsType<UnknownRealtimeServerEvent>(envelope.Events[1]);
        JsonAssert.Equivalent($$"""{"Name":"batch","Events":[{{TypeLast}},{"type":"some.future.event","x":1}]}""", JsonSerializer.Serialize(envelope, combined));

        // The resolver knows the generated types only.
        Assert.NotNull(RealtimeJson.TypeInfoResolver.GetTypeInfo(typeof(RealtimeServerEvent), RealtimeJson.Options));
        Assert.NotNull(RealtimeJson.TypeInfoResolver.GetTypeInfo(typeof(UnknownRealtimeServerEvent), RealtimeJson.Options));
        Assert.Null(RealtimeJson.TypeInfoResolver.GetTypeInfo(typeof(Envelope), RealtimeJson.Options));
    }

    [Fact]
    public async Task JsonSerializer_reads_events_from_a_stream_in_small_buffers()
    {
        var options = new JsonSerializerOptions
        {
            DefaultBufferSize = 16,
            TypeInfoResolver = JsonTypeInfoResolver.Combine(RealtimeJson.TypeInfoResolver, new DefaultJsonTypeInfoResolver()),
        };
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("[" + TypeLast + "," + TypeLast + "]"));
        var events = await JsonSerializer.DeserializeAsync<List<RealtimeServerEvent>>(stream, options);
        Assert.Equal(2, events!.Count);
        Assert.All(events, e => Assert.Equal("conversation.item.added", e.Type));
    }

    public sealed record Envelope(string Name, List<RealtimeServerEvent> Events);

    private static ReadOnlySequence<byte> OneByteSegments(byte[] bytes)
    {
        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
