using Realtime.Benchmarks.Receive;

namespace Realtime.Api.Tests.Session;

/// <summary>
/// The receive benchmark's in-memory socket buffer (linked from the benchmark project): bytes arrive whole and in
/// order whatever the write and read sizes, a writer waits for room, the ends of the connection behave as a socket's.
/// </summary>
public sealed class InMemorySocketBufferTests
{
    [Theory]
    [InlineData(16, 1, 1)]
    [InlineData(16, 7, 5)]
    [InlineData(64, 200, 13)] // writes larger than the buffer
    [InlineData(4096, 5000, 4096)]
    public async Task Bytes_arrive_in_order_across_the_wrap(int capacity, int maxWrite, int maxRead)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new InMemorySocketBuffer(capacity);
        var sent = new byte[200_000];
        new Random(capacity).NextBytes(sent);

        var writer = Task.Run(async () =>
        {
            var random = new Random(maxWrite);
            for (var offset = 0; offset < sent.Length;)
            {
                var count = Math.Min(random.Next(1, maxWrite + 1), sent.Length - offset);
                await buffer.WriteAsync(sent.AsMemory(offset, count), timeout.Token);
                offset += count;
            }

            buffer.CompleteWriting();
        });

        var received = new List<byte>();
        var chunk = new byte[maxRead];
        var reads = new Random(maxRead);
        int read;
        while ((read = await buffer.ReadAsync(chunk.AsMemory(0, reads.Next(1, maxRead + 1)), timeout.Token)) > 0)
        {
            received.AddRange(chunk.AsSpan(0, read));
        }

        await writer;
        Assert.Equal(sent, received.ToArray());
    }

    [Fact]
    public async Task A_writer_waits_for_room_and_resumes_once_half_is_free()
    {
        var buffer = new InMemorySocketBuffer(8);
        await buffer.WriteAsync(new byte[8], CancellationToken.None);
        var blocked = buffer.WriteAsync(new byte[1], CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(blocked.IsCompleted);

        var destination = new byte[3];
        Assert.Equal(3, await buffer.ReadAsync(destination, CancellationToken.None));
        await Task.Delay(50);
        Assert.False(blocked.IsCompleted); // 3 of 8 free: under half

        Assert.Equal(1, await buffer.ReadAsync(destination.AsMemory(0, 1), CancellationToken.None));
        await blocked.WaitAsync(TimeSpan.FromSeconds(10)); // 4 of 8 free
    }

    [Fact]
    public async Task The_reader_gets_what_is_buffered_then_the_end()
    {
        var buffer = new InMemorySocketBuffer(16);
        await buffer.WriteAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);
        buffer.CompleteWriting();
        var destination = new byte[16];
        Assert.Equal(3, await buffer.ReadAsync(destination, CancellationToken.None));
        Assert.Equal(0, await buffer.ReadAsync(destination, CancellationToken.None));
    }

    [Fact]
    public async Task A_waiting_reader_sees_the_end_when_the_writer_completes()
    {
        var buffer = new InMemorySocketBuffer(16);
        var read = buffer.ReadAsync(new byte[4], CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(read.IsCompleted);
        buffer.CompleteWriting();
        Assert.Equal(0, await read.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Writing_to_a_closed_reader_fails_like_a_closed_socket()
    {
        var buffer = new InMemorySocketBuffer(4);
        await buffer.WriteAsync(new byte[4], CancellationToken.None);
        var blocked = buffer.WriteAsync(new byte[4], CancellationToken.None).AsTask();
        buffer.CompleteReading();
        await Assert.ThrowsAsync<IOException>(() => blocked.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<IOException>(() => buffer.WriteAsync(new byte[1], CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Waits_are_cancellable()
    {
        using var cancel = new CancellationTokenSource();
        var full = new InMemorySocketBuffer(4);
        await full.WriteAsync(new byte[4], CancellationToken.None);
        var blockedWrite = full.WriteAsync(new byte[1], cancel.Token).AsTask();
        var blockedRead = new InMemorySocketBuffer(4).ReadAsync(new byte[1], cancel.Token).AsTask();
        await Task.Delay(50);
        Assert.False(blockedWrite.IsCompleted || blockedRead.IsCompleted);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blockedWrite.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blockedRead.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
