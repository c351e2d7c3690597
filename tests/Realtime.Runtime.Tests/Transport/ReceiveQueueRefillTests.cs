using System.Net.WebSockets;
using System.Text;
using Realtime.Api;

namespace Realtime.Runtime.Tests.Transport;

public sealed class ReceiveQueueRefillTests
{
    [Fact]
    public async Task A_full_lossless_queue_is_refilled_once_the_consumer_has_taken_half_of_it()
    {
        using var pair = new InMemoryWebSocketPair();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var transport = RealtimeTransport.Create(
            pair.Client,
            new RealtimeTransportOptions { ReceiveQueueCapacity = 4, CloseTimeout = TimeSpan.FromMilliseconds(200) });
        for (var i = 0; i < 12; i++)
        {
            await pair.Server.SendAsync(Encoding.UTF8.GetBytes($"{i}"), WebSocketMessageType.Text, true, timeout.Token);
        }

        await WaitForQueuedAsync(transport, 4, timeout.Token);
        var received = new List<string> { await TakeAsync(transport, timeout.Token) };

        // One taken: the pump (holding the next message) waits until the queue is down to half.
        await Task.Delay(200, timeout.Token);
        Assert.Equal(3, transport.QueuedMessageCount);

        received.Add(await TakeAsync(transport, timeout.Token));
        await WaitForQueuedAsync(transport, 4, timeout.Token);

        while (received.Count < 12)
        {
            received.Add(await TakeAsync(transport, timeout.Token));
        }

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"{i}"), received);
        Assert.Equal(0, transport.DroppedMessageCount);
    }

    // A consumer and a pump racing over a tiny queue, message after message: whenever the pump waits for room it must
    // be woken (a lost wake-up hangs here until the timeout), and nothing is lost or reordered.
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public async Task A_racing_consumer_never_leaves_the_pump_waiting_for_room(int capacity)
    {
        const int Messages = 20_000;
        using var pair = new InMemoryWebSocketPair();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var transport = RealtimeTransport.Create(
            pair.Client,
            new RealtimeTransportOptions { ReceiveQueueCapacity = capacity, CloseTimeout = TimeSpan.FromMilliseconds(200) });
        var send = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                await pair.Server.SendAsync(Encoding.UTF8.GetBytes($"{i}"), WebSocketMessageType.Text, true, timeout.Token);
            }
        });

        for (var i = 0; i < Messages; i++)
        {
            Assert.Equal($"{i}", await TakeAsync(transport, timeout.Token));
            if (i % 97 == 0)
            {
                await Task.Yield(); // vary the timing: sometimes the consumer falls behind and the pump waits
            }
        }

        await send;
        Assert.Equal(0, transport.DroppedMessageCount);
    }

    private static async Task<string> TakeAsync(RealtimeTransport transport, CancellationToken cancellationToken)
    {
        using var message = await transport.ReceiveAsync(cancellationToken);
        return message!.ToString();
    }

    private static async Task WaitForQueuedAsync(RealtimeTransport transport, int count, CancellationToken cancellationToken)
    {
        while (transport.QueuedMessageCount < count)
        {
            await Task.Delay(5, cancellationToken);
        }
    }
}
