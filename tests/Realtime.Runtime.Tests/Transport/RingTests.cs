using Realtime.Api;

namespace Realtime.Runtime.Tests.Transport;

/// <summary><see cref="Ring{T}"/> parts the queue tests do not reach directly.</summary>
public sealed class RingTests
{
    [Fact]
    public void Peeking_shows_the_next_item_and_leaves_it()
    {
        var ring = new Ring<int>(4);
        Assert.False(ring.TryPeekSeen(out _));
        ring.TryEnqueue(1);
        ring.TryEnqueue(2);
        ring.TryEnqueue(3);

        // The dequeuer's copy of the count is refreshed when it finds the ring empty by it: the first take does.
        Assert.True(ring.TryDequeue(out var first));
        Assert.Equal(1, first);
        Assert.True(ring.TryPeekSeen(out var next));
        Assert.Equal(2, next);
        Assert.True(ring.TryPeekSeen(out next));
        Assert.Equal(2, next);
        Assert.True(ring.TryDequeue(out var second));
        Assert.Equal(2, second);
        Assert.True(ring.TryDequeue(out var third));
        Assert.Equal(3, third);
        Assert.False(ring.TryPeekSeen(out _));
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void Peeking_does_not_fetch_the_enqueuers_count()
    {
        var ring = new Ring<int>(4);
        ring.TryEnqueue(1);
        Assert.True(ring.TryDequeue(out _));
        ring.TryEnqueue(2); // the dequeuer has not looked since
        Assert.False(ring.TryPeekSeen(out _));
        Assert.True(ring.TryDequeue(out var item)); // a take looks
        Assert.Equal(2, item);
    }
}
