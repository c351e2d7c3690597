using System.Net.WebSockets;
using System.Runtime.InteropServices;
using Realtime.Api;

namespace Realtime.Runtime.Tests.Transport;

public sealed class ReceiveBufferPoolTests
{
    [Fact]
    public void A_returned_buffer_is_rented_again()
    {
        var pool = new ReceiveBufferPool(1000, maxRetained: 4);
        var first = pool.Rent();
        Assert.True(first.Length >= 1000);
        pool.Return(first);
        Assert.Same(first, pool.Rent());
    }

    [Fact]
    public void Grown_buffers_and_buffers_beyond_the_limit_are_not_kept()
    {
        var pool = new ReceiveBufferPool(1000, maxRetained: 2);
        var kept = new[] { pool.Rent(), pool.Rent() };
        var extra = pool.Rent();
        var grown = new byte[2048];
        foreach (var buffer in kept.Append(extra).Append(grown))
        {
            pool.Return(buffer);
        }

        var rentedAgain = new[] { pool.Rent(), pool.Rent(), pool.Rent() };
        Assert.Equal(2, rentedAgain.Count(b => kept.Contains(b)));
        Assert.DoesNotContain(grown, rentedAgain);
    }

    [Fact]
    public void A_closed_pool_keeps_nothing()
    {
        var pool = new ReceiveBufferPool(1000, maxRetained: 4);
        pool.Return(pool.Rent());
        Assert.Equal(1, pool.IdleCount);
        pool.Close();
        Assert.Equal(0, pool.IdleCount);
        pool.Return(pool.Rent());
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public async Task A_transport_receives_into_the_buffers_its_consumer_disposed()
    {
        // More messages in flight than ArrayPool<byte>.Shared stocks per size: the transport's own pool must recycle them.
        const int count = 200;
        using var pair = new InMemoryWebSocketPair();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var transport = RealtimeTransport.Create(
            pair.Client,
            new RealtimeTransportOptions { ReceiveQueueCapacity = count, InitialReceiveBufferBytes = 4096, CloseTimeout = TimeSpan.FromMilliseconds(200) });

        async Task<List<byte[]>> ReceiveBatchAsync(int batch)
        {
            var messages = new List<RealtimeMessage>();
            for (var i = 0; i < count; i++)
            {
                await pair.Server.SendAsync(BitConverter.GetBytes(batch * count + i), WebSocketMessageType.Binary, true, timeout.Token);
            }

            for (var i = 0; i < count; i++)
            {
                var message = await transport.ReceiveAsync(timeout.Token);
                Assert.NotNull(message);
                Assert.Equal(batch * count + i, BitConverter.ToInt32(message.Span));
                messages.Add(message);
            }

            // Held all at once, then released, as a consumer that fell behind would.
            var arrays = messages.Select(m => MemoryMarshal.TryGetArray(m.Memory, out var segment) ? segment.Array! : throw new InvalidOperationException()).ToList();
            messages.ForEach(m => m.Dispose());
            return arrays;
        }

        var first = (await ReceiveBatchAsync(0)).ToHashSet(ReferenceEqualityComparer.Instance);
        var second = await ReceiveBatchAsync(1);
        Assert.Equal(count, first.Count);

        // All of them: the pump takes a buffer only once a message's first frame arrives, after the first batch came back.
        Assert.Equal(count, second.Count(first.Contains));
    }

    // The pump rents on one thread while messages are disposed on others: a buffer is never handed out twice at once,
    // and every buffer returned while the pool has room is rented again.
    [Fact]
    public async Task Renting_races_returns_from_other_threads_without_handing_a_buffer_out_twice()
    {
        const int Rents = 200_000;
        var pool = new ReceiveBufferPool(100, maxRetained: 8);
        var outstanding = new System.Collections.Concurrent.ConcurrentDictionary<byte[], bool>(ReferenceEqualityComparer.Instance);
        var toReturn = new System.Collections.Concurrent.BlockingCollection<byte[]>(boundedCapacity: 16);
        var returners = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            foreach (var buffer in toReturn.GetConsumingEnumerable())
            {
                Assert.True(outstanding.TryRemove(buffer, out var _), "returned once");
                pool.Return(buffer);
            }
        })).ToArray();

        var reused = 0;
        await Task.Run(() =>
        {
            var seen = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < Rents; i++)
            {
                var buffer = pool.Rent();
                Assert.True(outstanding.TryAdd(buffer, true), "a buffer is out only once at a time");
                reused += seen.Add(buffer) ? 0 : 1;
                toReturn.Add(buffer);
            }

            toReturn.CompleteAdding();
        });
        await Task.WhenAll(returners);

        Assert.Empty(outstanding);
        Assert.True(reused > Rents / 2, $"only {reused} of {Rents} rents reused a returned buffer");
    }
}
