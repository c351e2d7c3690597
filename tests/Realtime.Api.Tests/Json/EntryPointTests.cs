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

    // A page number that stays a double (ServerVad.threshold: the page shows it fractional) is read by the integer
    // parser when it is an integer; every form must give what the double parser gives.
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
        var json = $$"""{"type":"server_vad","threshold":{{number}}}""";
        var expected = double.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(json);

        foreach (var read in new[] { RealtimeJson.Deserialize<ServerVad>(bytes), RealtimeJson.Deserialize<ServerVad>(OneByteSegments(bytes)) })
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(read.Threshold!.Value));
        }
    }

    // The double parser rounds these to infinity, which cannot be written back: an error on reading, not on writing.
    [Theory]
    [InlineData("1E400")]
    [InlineData("-1e309")]
    public void A_number_beyond_double_range_is_an_error(string number)
    {
        var json = $$"""{"type":"server_vad","threshold":{{number}}}""";
        var error = Assert.Throws<JsonException>(() => RealtimeJson.Deserialize<ServerVad>(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("out of the double's range", error.Message, StringComparison.Ordinal);
    }

    // Indexes are ints on the generated API; a whole number in any JSON spelling is that int, through the flat fast path
    // (plain integers) and the full reader (the rest, and a segmented input) alike.
    [Theory]
    [InlineData("0", 0)]
    [InlineData("7", 7)]
    [InlineData("-12", -12)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("-2147483648", int.MinValue)]
    [InlineData("1e3", 1000)]
    [InlineData("24000.0", 24000)]
    [InlineData("2.5E1", 25)]
    public void An_integer_member_reads_every_whole_number_exactly(string number, int expected)
    {
        var json = $$"""{"type":"response.output_audio.done","event_id":"e","response_id":"r","item_id":"i","output_index":{{number}},"content_index":0}""";
        var bytes = Encoding.UTF8.GetBytes(json);
        foreach (var read in new[] { RealtimeJson.Deserialize<RealtimeServerEvent>(bytes), RealtimeJson.Deserialize<RealtimeServerEvent>(OneByteSegments(bytes)) })
        {
            var done = Assert.IsType<ResponseAudioDoneEvent>(read);
            Assert.IsType<int>(done.OutputIndex);
            Assert.Equal(expected, done.OutputIndex);
        }
    }

    // Never truncated or rounded: a fraction, a non-integral exponent, an int overflow, a value beyond any range are
    // errors naming the member and the reason.
    [Theory]
    [InlineData("1.5", "fraction 1.5")]
    [InlineData("2.5E-3", "fraction 2.5E-3")]
    [InlineData("-0.5", "fraction -0.5")]
    [InlineData("2147483648", "2147483648 is out of range for a 32-bit integer")]
    [InlineData("-2147483649", "-2147483649 is out of range for a 32-bit integer")]
    [InlineData("9223372036854775808", "out of range for a 32-bit integer")]
    [InlineData("1E400", "1E400 is out of range")]
    public void An_integer_member_with_a_fraction_or_out_of_range_value_is_an_error_naming_it(string number, string reason)
    {
        var json = $$"""{"type":"response.output_audio.done","event_id":"e","response_id":"r","item_id":"i","output_index":{{number}},"content_index":0}""";
        var bytes = Encoding.UTF8.GetBytes(json);
        foreach (var read in new Func<RealtimeServerEvent>[] { () => RealtimeJson.Deserialize<RealtimeServerEvent>(bytes), () => RealtimeJson.Deserialize<RealtimeServerEvent>(OneByteSegments(bytes)) })
        {
            var error = Assert.Throws<JsonException>(read);
            Assert.Contains("ResponseAudioDoneEvent.output_index", error.Message, StringComparison.Ordinal);
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        }
    }

    // A long member (a timestamp) takes what an int cannot, and rejects what a long cannot.
    [Fact]
    public void A_long_member_reads_past_the_int_range_and_rejects_beyond_its_own()
    {
        var read = RealtimeJson.Deserialize<RealtimeServerEvent>(Encoding.UTF8.GetBytes(
            """{"type":"input_audio_buffer.dtmf_event_received","event":"5","received_at":17563104700000}"""));
        Assert.Equal(17563104700000L, Assert.IsType<InputAudioBufferDtmfEventReceivedEvent>(read).ReceivedAt);

        var error = Assert.Throws<JsonException>(() => RealtimeJson.Deserialize<RealtimeServerEvent>(Encoding.UTF8.GetBytes(
            """{"type":"input_audio_buffer.dtmf_event_received","event":"5","received_at":9223372036854775808}""")));
        Assert.Contains("InputAudioBufferDtmfEventReceivedEvent.received_at", error.Message, StringComparison.Ordinal);
        Assert.Contains("out of range for a 64-bit integer", error.Message, StringComparison.Ordinal);
    }

    // Writing an int or a long writes its digits, exactly.
    [Fact]
    public void Integers_are_written_exactly()
    {
        var json = JsonRuntime.SerializeToString<RealtimeServerEvent>(new InputAudioBufferDtmfEventReceivedEvent { Event = "5", ReceivedAt = long.MaxValue });
        Assert.Contains("\"received_at\":9223372036854775807", json, StringComparison.Ordinal);
        var done = JsonRuntime.SerializeToString<RealtimeServerEvent>(new ResponseAudioDoneEvent { EventId = "e", ResponseId = "r", ItemId = "i", OutputIndex = int.MinValue, ContentIndex = 3 });
        Assert.Contains("\"output_index\":-2147483648", done, StringComparison.Ordinal);
        Assert.Contains("\"content_index\":3", done, StringComparison.Ordinal);
    }

    // On the connection, such an event is the malformed variant with the reason, and the stream goes on.
    [Fact]
    public void A_fraction_in_an_integer_member_makes_the_event_malformed_with_the_reason()
    {
        var json = """{"type":"response.output_audio.done","event_id":"e","response_id":"r","item_id":"i","output_index":1.5,"content_index":0}""";
        var message = RealtimeMessage.FromBytes(Encoding.UTF8.GetBytes(json));
        var malformed = Assert.IsType<MalformedRealtimeServerEvent>(RealtimeConnection.Parse<RealtimeServerEvent>(message));
        Assert.Equal(MalformedMessageReason.InvalidJson, malformed.Reason);
        Assert.Equal("response.output_audio.done", malformed.Type);
        Assert.Contains("ResponseAudioDoneEvent.output_index", malformed.Message, StringComparison.Ordinal);
        Assert.Contains("fraction 1.5", malformed.Message, StringComparison.Ordinal);
        Assert.Equal(json, Encoding.UTF8.GetString(malformed.RawJson.Span));
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
