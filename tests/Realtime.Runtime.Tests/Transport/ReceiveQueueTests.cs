using System.Collections.Concurrent;
using System.Net.WebSockets;
using Realtime.Api;

namespace Realtime.Runtime.Tests.Transport;

/// <summary>The pump-to-consumer ring on its own: order, capacity, the policies, the end, and wake-ups under races.</summary>
public sealed class ReceiveQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static ReceivedMessage Message(int n) => new(BitConverter.GetBytes(n), sizeof(int), WebSocketMessageType.Text, sizeof(int));

    private static int Number(ReceivedMessage message) => BitConverter.ToInt32(message.Buffer!, 0);

    private static List<int> Drain(ReceiveQueue queue)
    {
        var numbers = new List<int>();
        while (queue.TryRead(out var message))
        {
            numbers.Add(Number(message));
        }

        return numbers;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Lossless_it_holds_exactly_its_capacity_in_order_round_after_round(int capacity)
    {
        var queue = new ReceiveQueue(capacity, RealtimeBackpressurePolicy.Wait, _ => Assert.Fail("nothing is dropped"));
        var next = 0;
        for (var round = 0; round < 5; round++)
        {
            var first = next;
            while (queue.TryWrite(Message(next)))
            {
                next++;
            }

            Assert.Equal(capacity, next - first);
            Assert.Equal(capacity, queue.Count);
            Assert.Equal(Enumerable.Range(first, capacity), Drain(queue));
            Assert.Equal(0, queue.Count);
        }
    }

    [Theory]
    [InlineData(RealtimeBackpressurePolicy.DropOldest, new[] { 6, 7, 8, 9 }, new[] { 0, 1, 2, 3, 4, 5 })]
    [InlineData(RealtimeBackpressurePolicy.DropNewest, new[] { 0, 1, 2, 3 }, new[] { 4, 5, 6, 7, 8, 9 })]
    public void Drop_policies_drop_the_documented_messages_and_hand_them_over(RealtimeBackpressurePolicy policy, int[] kept, int[] dropped)
    {
        var droppedNumbers = new List<int>();
        var queue = new ReceiveQueue(4, policy, message => droppedNumbers.Add(Number(message)));
        for (var i = 0; i < 10; i++)
        {
            Assert.True(queue.TryWrite(Message(i)));
        }

        Assert.Equal(kept, Drain(queue));
        Assert.Equal(dropped, droppedNumbers);
    }

    [Fact]
    public void Drop_oldest_after_the_readers_took_some_drops_only_what_it_must()
    {
        var droppedNumbers = new List<int>();
        var queue = new ReceiveQueue(4, RealtimeBackpressurePolicy.DropOldest, message => droppedNumbers.Add(Number(message)));
        for (var i = 0; i < 6; i++)
        {
            queue.TryWrite(Message(i)); // 0 and 1 dropped
        }

        Assert.True(queue.TryRead(out var taken));
        Assert.Equal(2, Number(taken));
        for (var i = 6; i < 8; i++)
        {
            queue.TryWrite(Message(i)); // 6 fits in the room the read made; 7 drops 3
        }

        Assert.Equal([4, 5, 6, 7], Drain(queue));
        Assert.Equal([0, 1, 3], droppedNumbers);
    }

    [Fact]
    public async Task The_writer_waiting_for_room_resumes_only_when_half_is_taken()
    {
        var queue = new ReceiveQueue(4, RealtimeBackpressurePolicy.Wait, _ => { });
        for (var i = 0; i < 4; i++)
        {
            queue.TryWrite(Message(i));
        }

        var room = queue.WaitForRoomAsync(CancellationToken.None);
        Assert.True(queue.TryRead(out _));
        await Task.Delay(50);
        Assert.False(room.IsCompleted, "3 of 4 queued: still more than half");

        Assert.True(queue.TryRead(out _));
        await room.WaitAsync(Timeout);
        Assert.True(queue.WaitForRoomAsync(CancellationToken.None).IsCompletedSuccessfully, "already down to half");
    }

    [Fact]
    public async Task Waiting_for_room_stops_when_cancelled()
    {
        var queue = new ReceiveQueue(1, RealtimeBackpressurePolicy.Wait, _ => { });
        queue.TryWrite(Message(0));
        using var stop = new CancellationTokenSource();
        var room = queue.WaitForRoomAsync(stop.Token);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => room.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_waiting_reader_is_woken_by_the_next_message()
    {
        var queue = new ReceiveQueue(4, RealtimeBackpressurePolicy.Wait, _ => { });
        var wait = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);

        queue.TryWrite(Message(7));
        Assert.True(await wait.WaitAsync(Timeout));
        Assert.Equal([7], Drain(queue));
    }

    [Fact]
    public async Task Readers_get_the_queued_messages_then_the_end()
    {
        var queue = new ReceiveQueue(4, RealtimeBackpressurePolicy.Wait, _ => { });
        queue.TryWrite(Message(1));
        queue.Complete(null);

        Assert.True(await queue.WaitToReadAsync(CancellationToken.None));
        Assert.Equal([1], Drain(queue));
        Assert.False(await queue.WaitToReadAsync(CancellationToken.None));
        Assert.False(await queue.WaitToReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_error_reaches_the_readers_after_the_queued_messages_and_wakes_those_waiting()
    {
        var queue = new ReceiveQueue(4, RealtimeBackpressurePolicy.Wait, _ => { });
        var waiting = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        queue.TryWrite(Message(1));
        Assert.True(await waiting.WaitAsync(Timeout));

        var waitingForMore = Task.Run(async () =>
        {
            Assert.Equal([1], Drain(queue));
            return await queue.WaitToReadAsync(CancellationToken.None);
        });
        await Task.Delay(50);
        var lost = new IOException("gone");
        queue.Complete(lost);

        Assert.Same(lost, await Assert.ThrowsAsync<IOException>(() => waitingForMore.WaitAsync(Timeout)));
        Assert.Same(lost, await Assert.ThrowsAsync<IOException>(() => queue.WaitToReadAsync(CancellationToken.None).AsTask()));
    }

    [Fact]
    public async Task A_waiting_reader_stops_when_cancelled_and_the_queue_still_works()
    {
        var queue = new ReceiveQueue(4, RealtimeBackpressurePolicy.Wait, _ => { });
        using var stop = new CancellationTokenSource();
        var wait = queue.WaitToReadAsync(stop.Token).AsTask();
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Timeout));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.WaitToReadAsync(stop.Token).AsTask());

        queue.TryWrite(Message(3));
        Assert.True(await queue.WaitToReadAsync(CancellationToken.None));
        Assert.Equal([3], Drain(queue));
    }

    // One writer and several readers racing over small rings: every message arrives exactly once, each reader sees
    // them in increasing order, and neither side is ever left waiting (a lost wake-up hangs until the timeout).
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 3)]
    [InlineData(8, 2)]
    [InlineData(64, 3)]
    public async Task Racing_readers_and_a_lossless_writer_lose_nothing_and_never_hang(int capacity, int readers)
    {
        const int Messages = 100_000;
        using var timeout = new CancellationTokenSource(Timeout);
        var queue = new ReceiveQueue(capacity, RealtimeBackpressurePolicy.Wait, _ => Assert.Fail("nothing is dropped"));
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                var message = Message(i);
                while (!queue.TryWrite(message))
                {
                    await queue.WaitForRoomAsync(timeout.Token);
                }
            }

            queue.Complete(null);
        });
        var received = await ReadConcurrentlyAsync(queue, readers, timeout.Token);
        await writer;

        Assert.Equal(Enumerable.Range(0, Messages), received.SelectMany(r => r).Order());
    }

    [Theory]
    [InlineData(RealtimeBackpressurePolicy.DropOldest)]
    [InlineData(RealtimeBackpressurePolicy.DropNewest)]
    public async Task Racing_readers_and_a_dropping_writer_account_for_every_message_once(RealtimeBackpressurePolicy policy)
    {
        const int Messages = 100_000;
        using var timeout = new CancellationTokenSource(Timeout);
        var dropped = new ConcurrentBag<int>();
        var queue = new ReceiveQueue(4, policy, message => dropped.Add(Number(message)));
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < Messages; i++)
            {
                Assert.True(queue.TryWrite(Message(i)));
            }

            queue.Complete(null);
        });
        var received = await ReadConcurrentlyAsync(queue, 2, timeout.Token);
        await writer;

        Assert.Equal(Enumerable.Range(0, Messages), received.SelectMany(r => r).Concat(dropped).Order());
    }

    private static async Task<List<int>[]> ReadConcurrentlyAsync(ReceiveQueue queue, int readers, CancellationToken cancellationToken) =>
        await Task.WhenAll(Enumerable.Range(0, readers).Select(_ => Task.Run(async () =>
        {
            var numbers = new List<int>();
            while (await queue.WaitToReadAsync(cancellationToken))
            {
                while (queue.TryRead(out var message))
                {
                    var number = Number(message);
                    Assert.True(numbers.Count == 0 || number > numbers[^1], "one reader sees the messages in order");
                    numbers.Add(number);
                }
            }

            return numbers;
        })));
}
