using System.ClientModel.Primitives;
using System.Net.WebSockets;
using OpenAI.Realtime;
using Realtime.Benchmarks.Receive;
using Realtime.Benchmarks.Serialization;

#pragma warning disable OPENAI002 // the SDK's realtime types are experimental

namespace Realtime.Api.Tests.Session;

/// <summary>
/// Correctness of the receive path over the harness the receive benchmark measures (its files are linked into this
/// project): the benchmark's event corpus, sent by the server end of an in-memory WebSocket pair in frames of any
/// size, comes out of <see cref="RealtimeConnection"/> as exactly the events <see cref="RealtimeJson"/> reads from
/// the corpus messages; the OpenAI baseline session and the recorded-frames feed deliver the same stream.
/// </summary>
public sealed class ReceiveOverInMemorySocketTests
{
    private const int DefaultReceiveBuffer = 16 * 1024;
    private const int SmallestReceiveBuffer = 16;

    private static readonly IReadOnlyList<byte[]> Corpus = ServerEventCorpus.Build();

    [Theory]
    [InlineData(ServerFrames.TypicalFrameBytes, ServerFrames.TypicalFrameBytes, DefaultReceiveBuffer)]
    [InlineData(1, 1, DefaultReceiveBuffer)]
    [InlineData(1, 64, DefaultReceiveBuffer)]
    [InlineData(1, 20_000, SmallestReceiveBuffer)]
    [InlineData(4095, 4097, SmallestReceiveBuffer)]
    [InlineData(int.MaxValue, int.MaxValue, SmallestReceiveBuffer)]
    public async Task Every_corpus_event_arrives_typed_whatever_the_frame_sizes(int minFrame, int maxFrame, int initialReceiveBuffer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var pair = InMemoryWebSocketPair.Create();
        await using var connection = RealtimeConnection.Create(RealtimeTransport.Create(
            pair.Client,
            new RealtimeTransportOptions { InitialReceiveBufferBytes = initialReceiveBuffer },
            ownsSocket: false));

        var server = SendCorpusThenCloseAsync(pair.Server, FrameSizes(minFrame, maxFrame), awaitCloseReply: true, timeout.Token);
        var received = new List<RealtimeServerEvent>();
        await foreach (var serverEvent in connection.ReceiveEventsAsync(timeout.Token))
        {
            received.Add(serverEvent);
        }

        await server;
        AssertSameEvents(Corpus, received);
    }

    [Fact]
    public async Task The_OpenAI_baseline_session_reads_the_same_updates_over_the_same_pair()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var pair = InMemoryWebSocketPair.Create();
        using var session = new OpenAiSessionOverSocket(pair.Client);

        var server = SendCorpusThenCloseAsync(pair.Server, FrameSizes(1, 20_000), awaitCloseReply: false, timeout.Token);
        var received = new List<RealtimeServerUpdate>();
        await foreach (var update in session.ReceiveUpdatesAsync(timeout.Token))
        {
            received.Add(update);
        }

        await server;
        var expected = Corpus.Select(json => ModelReaderWriter.Read<RealtimeServerUpdate>(BinaryData.FromBytes(json))!).ToList();
        Assert.Equal(Corpus.Count, received.Count);
        Assert.Equal(expected.Select(u => u.Kind), received.Select(u => u.Kind));
        Assert.Equal(
            expected.OfType<RealtimeServerUpdateResponseOutputAudioDelta>().Select(d => d.Delta.ToArray()),
            received.OfType<RealtimeServerUpdateResponseOutputAudioDelta>().Select(d => d.Delta.ToArray()));
    }

    [Fact]
    public async Task The_recorded_feed_replays_the_corpus_in_order_again_and_again()
    {
        var recording = ServerFrames.Record(Corpus);
        var replay = new ReplayedServerStream(recording);
        var connection = RealtimeConnection.Create(RealtimeTransport.Create(
            replay.CreateClient(),
            new RealtimeTransportOptions { CloseTimeout = TimeSpan.FromMilliseconds(100) }));
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var received = new List<RealtimeServerEvent>();
            for (var i = 0; i < 2 * Corpus.Count + 1; i++)
            {
                received.Add(Assert.IsAssignableFrom<RealtimeServerEvent>(await connection.ReceiveEventAsync(timeout.Token)));
            }

            AssertSameEvents([.. Corpus, .. Corpus, Corpus[0]], received);
        }
        finally
        {
            replay.End();
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public void A_recording_is_the_frames_a_server_socket_sends()
    {
        // One 5-byte message in 2-byte frames: text "ab", continuation "cd", final continuation "e" (server frames are unmasked).
        var recording = ServerFrames.Record([[(byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e']], frameBytes: 2);
        Assert.Equal(new byte[] { 0x01, 2, (byte)'a', (byte)'b', 0x00, 2, (byte)'c', (byte)'d', 0x80, 1, (byte)'e' }, recording);
    }

    /// <param name="awaitCloseReply">False for a client that never answers the close frame (the OpenAI session just stops reading).</param>
    private static async Task SendCorpusThenCloseAsync(WebSocket server, Func<int> frameSizes, bool awaitCloseReply, CancellationToken cancellationToken)
    {
        foreach (var message in Corpus)
        {
            await ServerFrames.SendAsync(server, message, frameSizes, cancellationToken);
        }

        if (awaitCloseReply)
        {
            // Close handshake, then drop the connection as a server does (a client waits up to 1 s for that).
            await server.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
            server.Dispose();
        }
        else
        {
            await server.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        }
    }

    /// <summary>Frame sizes drawn from [min, max] with a seed fixed by the case (reproducible).</summary>
    private static Func<int> FrameSizes(int min, int max)
    {
        if (min == max)
        {
            return () => min;
        }

        var random = new Random(HashCode.Combine(min, max) & int.MaxValue);
        return () => random.Next(min, max + 1);
    }

    /// <summary>Same count, same types in order, none unknown or malformed, and each event writes back the same JSON as the directly parsed one.</summary>
    private static void AssertSameEvents(IReadOnlyList<byte[]> messages, List<RealtimeServerEvent> received)
    {
        var expected = messages.Select(json => RealtimeJson.DeserializeRealtimeServerEvent(json)).ToList();
        try
        {
            Assert.Equal(messages.Count, received.Count);
            Assert.All(received, e => Assert.False(e is UnknownRealtimeServerEvent or MalformedRealtimeServerEvent, $"not a typed event: {e.GetType().Name} {e.Type}"));
            Assert.Equal(expected.Select(e => e.GetType()), received.Select(e => e.GetType()));
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(RealtimeJson.Serialize(expected[i]), RealtimeJson.Serialize(received[i]));
            }
        }
        finally
        {
            foreach (var delta in expected.Concat(received).OfType<ResponseAudioDeltaEvent>())
            {
                delta.Delta.Dispose();
            }
        }
    }
}
