using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Realtime.Api;

namespace Realtime.Runtime.Tests.Transport;

public sealed class RealtimeTransportTests : IDisposable
{
    private readonly InMemoryWebSocketPair _pair = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));

    public void Dispose()
    {
        _pair.Dispose();
        _timeout.Dispose();
    }

    private CancellationToken Timeout => _timeout.Token;

    // Nobody answers the client's close frame in most tests: keep the wait short.
    private RealtimeTransport NewTransport(RealtimeTransportOptions? options = null) =>
        RealtimeTransport.Create(_pair.Client, (options ?? new()) with { CloseTimeout = TimeSpan.FromMilliseconds(200) });

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private Task ServerSendAsync(string text, bool endOfMessage = true) =>
        _pair.Server.SendAsync(Utf8(text), WebSocketMessageType.Text, endOfMessage, Timeout);

    private async Task<string> ServerReceiveAsync()
    {
        var buffer = new byte[1 << 20];
        var count = 0;
        while (true)
        {
            var result = await _pair.Server.ReceiveAsync(buffer.AsMemory(count), Timeout);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return "<close>";
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, count);
            }
        }
    }

    private async Task<string?> ReceiveTextAsync(RealtimeTransport transport)
    {
        using var message = await transport.ReceiveAsync(Timeout);
        return message?.ToString();
    }

    // A phone bridge holds a transport per call: a receive buffer held while waiting for the next message, and a send
    // buffer kept between messages, came to 12 KiB of each idle call's memory.
    [Fact]
    public async Task Between_messages_a_transport_holds_no_receive_or_send_buffer()
    {
        await using var transport = NewTransport(new() { InitialReceiveBufferBytes = 8 * 1024 });
        await ServerSendAsync("{\"n\":1}");
        Assert.Equal("{\"n\":1}", await ReceiveTextAsync(transport));
        await transport.SendAsync(0, static (output, _) => output.Write("{\"type\":\"ping\"}"u8));
        Assert.Equal("{\"type\":\"ping\"}", await ServerReceiveAsync());

        // The pump goes back to waiting for the next frame just after handing the message over.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (transport.InFlightBufferBytes > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, Timeout);
        }

        Assert.Equal(0, transport.InFlightBufferBytes);

        // ...and takes a buffer again for the next message.
        await ServerSendAsync("{\"n\":2}");
        Assert.Equal("{\"n\":2}", await ReceiveTextAsync(transport));
    }

    [Fact]
    public async Task Reassembles_a_message_sent_in_many_frames_into_one_buffer()
    {
        await using var transport = NewTransport(new() { InitialReceiveBufferBytes = 16 });
        var payload = new byte[100_003];
        new Random(7).NextBytes(payload);
        var offset = 0;
        var random = new Random(11);
        while (offset < payload.Length)
        {
            var size = Math.Min(random.Next(1, 9000), payload.Length - offset);
            await _pair.Server.SendAsync(payload.AsMemory(offset, size), WebSocketMessageType.Binary, offset + size == payload.Length, Timeout);
            offset += size;
        }

        await ServerSendAsync("{\"type\":\"after\"}");

        using (var message = await transport.ReceiveAsync(Timeout))
        {
            Assert.NotNull(message);
            Assert.Equal(WebSocketMessageType.Binary, message.MessageType);
            Assert.False(message.IsTooLarge);
            Assert.Equal(payload, message.Memory.ToArray());
        }

        Assert.Equal("{\"type\":\"after\"}", await ReceiveTextAsync(transport));
    }

    [Fact]
    public async Task Lossless_policy_pushes_back_on_the_sender_and_loses_nothing()
    {
        await using var transport = NewTransport(new() { ReceiveQueueCapacity = 4 });
        const int count = 1000;
        var filler = new string('x', 1000);
        var sender = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await ServerSendAsync($"{{\"n\":{i},\"pad\":\"{filler}\"}}");
            }
        });

        // The consumer is asleep: the queue (4) and the pipe (64 KiB) fill and the sender must block, not the data vanish.
        await Task.Delay(300, Timeout);
        Assert.False(sender.IsCompleted, "the server should be blocked by backpressure");
        Assert.True(transport.QueuedMessageCount <= 4);

        for (var i = 0; i < count; i++)
        {
            var text = await ReceiveTextAsync(transport);
            Assert.StartsWith($"{{\"n\":{i},", text);
        }

        await sender.WaitAsync(Timeout);
        Assert.Equal(0, transport.DroppedMessageCount);
    }

    [Theory]
    [InlineData(RealtimeBackpressurePolicy.DropOldest, 96)]
    [InlineData(RealtimeBackpressurePolicy.DropNewest, 0)]
    public async Task Drop_policies_keep_the_documented_messages_and_count_the_rest(RealtimeBackpressurePolicy policy, int firstKept)
    {
        await using var transport = NewTransport(new() { ReceiveQueueCapacity = 4, BackpressurePolicy = policy });
        for (var i = 0; i < 100; i++)
        {
            await ServerSendAsync($"{{\"n\":{i}}}");
        }

        while (transport.DroppedMessageCount < 96)
        {
            await Task.Delay(5, Timeout);
        }

        for (var i = firstKept; i < firstKept + 4; i++)
        {
            Assert.Equal($"{{\"n\":{i}}}", await ReceiveTextAsync(transport));
        }

        Assert.Equal(96, transport.DroppedMessageCount);
        Assert.False(transport.TryReceive(out _));
    }

    [Fact]
    public async Task An_oversized_message_is_skipped_and_reported_and_the_stream_goes_on()
    {
        await using var transport = NewTransport(new() { MaxReceiveMessageBytes = 1000, InitialReceiveBufferBytes = 64 });
        var big = new string('a', 5000);
        await ServerSendAsync(big[..2000], endOfMessage: false);
        await ServerSendAsync(big[2000..], endOfMessage: true);
        await ServerSendAsync(new string('b', 1000)); // exactly at the limit: kept

        using (var skipped = await transport.ReceiveAsync(Timeout))
        {
            Assert.NotNull(skipped);
            Assert.True(skipped.IsTooLarge);
            Assert.Equal(5000, skipped.ReceivedLength);
            Assert.True(skipped.Memory.IsEmpty);
        }

        Assert.Equal(new string('b', 1000), await ReceiveTextAsync(transport));
    }

    [Fact]
    public async Task An_oversized_send_is_rejected_before_anything_is_sent_and_the_connection_stays_usable()
    {
        await using var transport = NewTransport(new() { MaxSendMessageBytes = 100 });
        var raw = await Assert.ThrowsAsync<RealtimeMessageTooLargeException>(() => transport.SendAsync(new byte[101], Timeout).AsTask());
        Assert.Equal(101, raw.Size);
        Assert.Equal(100, raw.Limit);
        Assert.Contains("over the limit of 100 bytes", raw.Message);

        var written = await Assert.ThrowsAsync<RealtimeMessageTooLargeException>(() =>
            transport.SendAsync(150, static (writer, size) => writer.Write(new byte[size].AsSpan()), Timeout).AsTask());
        Assert.Equal(150, written.Size);

        await transport.SendAsync(Utf8("{\"ok\":true}"), Timeout);
        Assert.Equal("{\"ok\":true}", await ServerReceiveAsync());
    }

    [Fact]
    public async Task TrySendAsync_sends_only_when_the_writer_produced_a_message()
    {
        await using var transport = NewTransport();
        Assert.False(await transport.TrySendAsync(0, static (writer, _) => false, Timeout));
        Assert.True(await transport.TrySendAsync("{\"n\":7}", static (writer, text) =>
        {
            writer.Write(Encoding.UTF8.GetBytes(text).AsSpan());
            return true;
        }, Timeout));
        Assert.Equal("{\"n\":7}", await ServerReceiveAsync());
    }

    [Fact]
    public async Task Concurrent_senders_never_interleave_messages()
    {
        await using var transport = NewTransport();
        const int senders = 8, perSender = 100;
        var sending = Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < perSender; i++)
            {
                var text = $"{{\"s\":{s},\"i\":{i},\"pad\":\"{new string((char)('a' + s), 3000 + i)}\"}}";
                await transport.SendAsync(text, static (writer, t) => writer.Write(Encoding.UTF8.GetBytes(t).AsSpan()), Timeout);
            }
        })).ToArray();

        var next = new int[senders];
        for (var n = 0; n < senders * perSender; n++)
        {
            var text = await ServerReceiveAsync();
            using var doc = System.Text.Json.JsonDocument.Parse(text);
            var s = doc.RootElement.GetProperty("s").GetInt32();
            var i = doc.RootElement.GetProperty("i").GetInt32();
            Assert.Equal(next[s]++, i);
            Assert.Equal(new string((char)('a' + s), 3000 + i), doc.RootElement.GetProperty("pad").GetString());
        }

        await Task.WhenAll(sending).WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_normal_close_by_the_server_ends_the_stream_after_the_queued_messages()
    {
        await using var transport = NewTransport();
        await ServerSendAsync("{\"n\":1}");
        await ServerSendAsync("{\"n\":2}");
        await _pair.Server.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", Timeout);

        Assert.Equal("{\"n\":1}", await ReceiveTextAsync(transport));
        Assert.Equal("{\"n\":2}", await ReceiveTextAsync(transport));
        Assert.Null(await transport.ReceiveAsync(Timeout));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, transport.CloseStatus);

        // The pump answered the close handshake.
        Assert.Equal("<close>", await ServerReceiveAsync());

        var send = await Assert.ThrowsAsync<RealtimeConnectionException>(() => transport.SendAsync(Utf8("{}"), Timeout).AsTask());
        Assert.Contains("closed", send.Message);
    }

    [Fact]
    public async Task A_close_with_an_error_status_ends_the_stream_with_that_status()
    {
        await using var transport = NewTransport();
        await ServerSendAsync("{\"n\":1}");
        await _pair.Server.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, "boom", Timeout);

        Assert.Equal("{\"n\":1}", await ReceiveTextAsync(transport));
        var error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => transport.ReceiveAsync(Timeout).AsTask());
        Assert.Equal(WebSocketCloseStatus.InternalServerError, error.CloseStatus);
        Assert.Equal("boom", error.CloseStatusDescription);
        Assert.Contains("boom", error.Message);
        Assert.Contains("1011", error.Message);
    }

    [Fact]
    public async Task A_close_in_the_middle_of_a_message_ends_the_stream_with_a_clear_exception()
    {
        await using var transport = NewTransport();
        const string partial = "{\"type\":\"response.output_audio.delta\",\"delta\":\"AAAA";
        await ServerSendAsync(partial, endOfMessage: false);
        await _pair.Server.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Timeout);

        var error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => transport.ReceiveAsync(Timeout).AsTask());
        Assert.Contains("in the middle of a message", error.Message);
        Assert.Equal(partial.Length, error.PartialMessageBytes);
    }

    [Fact]
    public async Task A_dropped_connection_in_the_middle_of_a_message_ends_the_stream_with_a_clear_exception()
    {
        await using var transport = NewTransport();
        await ServerSendAsync("{\"n\":1}");
        await ServerSendAsync("{\"partial\":", endOfMessage: false);
        _pair.DropServer();

        var seen = new List<string>();
        var error = await Assert.ThrowsAsync<RealtimeConnectionException>(async () =>
        {
            await foreach (var message in transport.ReadAllAsync(Timeout))
            {
                using (message)
                {
                    seen.Add(message.ToString());
                }
            }
        });

        Assert.Equal(["{\"n\":1}"], seen);
        Assert.Contains("lost in the middle of a message", error.Message);
        Assert.Equal(11, error.PartialMessageBytes);
        Assert.IsAssignableFrom<WebSocketException>(error.InnerException);
    }

    [Fact]
    public async Task A_send_stuck_on_a_peer_that_stops_reading_is_cancelled_promptly_and_leaves_the_connection_open()
    {
        var transport = NewTransport();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var started = DateTime.UtcNow;

        // 4 MiB cannot fit the 64 KiB pipe while the server reads nothing.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync(new byte[4 << 20], cancel.Token).AsTask());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));

        // Cancelling a send cancels that send only: the socket stays open, the next send waits its turn behind the
        // message still being written (and can be cancelled there), and disposing ends both promptly.
        Assert.Equal(WebSocketState.Open, transport.State);
        using var cancelNext = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync(Utf8("{}"), cancelNext.Token).AsTask());
        Assert.Equal(WebSocketState.Open, transport.State);
        await transport.DisposeAsync().AsTask().WaitAsync(Timeout);
    }

    [Fact]
    public async Task Receive_cancellation_is_prompt_and_leaves_the_connection_usable()
    {
        await using var transport = NewTransport();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.ReceiveAsync(cancel.Token).AsTask());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));

        await ServerSendAsync("{\"n\":1}");
        Assert.Equal("{\"n\":1}", await ReceiveTextAsync(transport));
    }

    [Fact]
    public async Task Stopping_an_enumeration_does_not_close_the_connection()
    {
        await using var transport = NewTransport();
        await ServerSendAsync("{\"n\":1}");
        await ServerSendAsync("{\"n\":2}");
        await foreach (var message in transport.ReadAllAsync(Timeout))
        {
            message.Dispose();
            break;
        }

        Assert.Equal(WebSocketState.Open, transport.State);
        Assert.Equal("{\"n\":2}", await ReceiveTextAsync(transport));
        await transport.SendAsync(Utf8("{\"still\":\"open\"}"), Timeout);
        Assert.Equal("{\"still\":\"open\"}", await ServerReceiveAsync());
    }

    [Fact]
    public async Task CloseAsync_performs_the_close_handshake_and_ends_the_stream_normally()
    {
        // The server answers here: give it time on a busy machine (200 ms made the close abort, and the test flaky).
        await using var transport = RealtimeTransport.Create(_pair.Client, new() { CloseTimeout = TimeSpan.FromSeconds(8) });
        var server = Task.Run(async () =>
        {
            Assert.Equal("<close>", await ServerReceiveAsync());
            Assert.Equal(WebSocketCloseStatus.NormalClosure, _pair.Server.CloseStatus);
            Assert.Equal("done", _pair.Server.CloseStatusDescription);
            await _pair.Server.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, Timeout);
        });

        await transport.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Timeout);
        await server.WaitAsync(Timeout);
        Assert.Equal(WebSocketState.Closed, transport.State);
        Assert.Null(await transport.ReceiveAsync(Timeout));
    }

    [Fact]
    public async Task Close_and_dispose_do_not_hang_when_the_server_never_answers()
    {
        var transport = NewTransport(new() { CloseTimeout = TimeSpan.FromMilliseconds(200) });
        var started = DateTime.UtcNow;
        await transport.CloseAsync(cancellationToken: Timeout);
        await transport.DisposeAsync();
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
        Assert.NotEqual(WebSocketState.Open, transport.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => transport.SendAsync(Utf8("{}")).AsTask());
    }

    [Fact]
    public async Task Dispose_returns_queued_buffers_and_ends_a_waiting_reader()
    {
        var transport = NewTransport(new() { CloseTimeout = TimeSpan.FromMilliseconds(200) });
        await ServerSendAsync("{\"n\":1}");
        while (transport.QueuedMessageCount == 0)
        {
            await Task.Delay(5, Timeout);
        }

        await transport.DisposeAsync();
        Assert.Equal(0, transport.QueuedMessageCount);
        Assert.Null(await transport.ReceiveAsync(Timeout));
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NewTransport(new() { ReceiveQueueCapacity = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewTransport(new() { MaxReceiveMessageBytes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewTransport(new() { BackpressurePolicy = (RealtimeBackpressurePolicy)42 }));
    }
}
