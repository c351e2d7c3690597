using System.ClientModel.Primitives;
using BenchmarkDotNet.Attributes;
using OpenAI.Realtime;
using Realtime.Api;
using Realtime.Benchmarks.Serialization;

#pragma warning disable OPENAI002 // the SDK's realtime types are experimental

namespace Realtime.Benchmarks.Receive;

/// <summary>Where the client's WebSocket gets the server's frames from.</summary>
public enum ServerFeed
{
    /// <summary>
    /// The frames a server-side WebSocket wrote for the corpus (4 KiB frames), recorded once and replayed forever by
    /// the client's stream: no producer thread, so the figures are the receive path alone.
    /// </summary>
    Recorded,

    /// <summary>
    /// An in-memory WebSocket pair: a server task sends the corpus in 4 KiB frames, over and over, through a 256 KiB
    /// socket-like buffer (<see cref="InMemorySocketBuffer"/>); adds the producer and the thread hand-offs of a real
    /// connection (same cost for every library).
    /// </summary>
    Live,
}

/// <summary>
/// The receive path, per event: server frames → WebSocket → reassembled message → typed event, consumed by the caller
/// (an audio delta's PCM is read, and ours is disposed back to the pool as a player would). OpenAI 2.15.0's
/// <c>RealtimeSessionClient.ReceiveUpdatesAsync</c> is the baseline. Both read the same stream of
/// <see cref="ServerEventCorpus"/> events through the same managed WebSocket implementation; connecting is done
/// once in the global setup. Each operation receives the corpus <see cref="CorpusRepeats"/> times; Mean and
/// Allocated are per event (OperationsPerInvoke).
/// </summary>
[Config(typeof(ReceiveBenchmarkConfig))]
public class ReceiveBenchmarks
{
    /// <summary>Events in <see cref="ServerEventCorpus"/> (checked in the setup: OperationsPerInvoke must be a constant).</summary>
    public const int CorpusEvents = 51;

    public const int CorpusRepeats = 20;

    public const int EventsPerOperation = CorpusEvents * CorpusRepeats;

    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<byte[]> _corpus = [];
    private OpenAiSessionOverSocket? _openAi;
    private RealtimeConnection? _connection;
    private InMemoryWebSocketPair? _pair;
    private ReplayedServerStream? _replay;
    private Task _server = Task.CompletedTask;
    private System.Net.WebSockets.WebSocket? _bare;
    private byte[] _bareBuffer = [];

    [Params(ServerFeed.Recorded, ServerFeed.Live)]
    public ServerFeed Feed { get; set; }

    [GlobalSetup(Target = nameof(OpenAi_ReceiveUpdatesAsync))]
    public void SetupOpenAi()
    {
        _openAi = new OpenAiSessionOverSocket(OpenClientSocket());

        // The SDK skips messages it reads as null: every corpus event must come out, in order, or the counts drift.
        var expected = _corpus.Select(json => ModelReaderWriter.Read<RealtimeServerUpdate>(BinaryData.FromBytes(json))?.Kind).ToArray();
        var received = 0;
        foreach (var update in ReceiveOpenAiAsync(EventsPerOperation).GetAwaiter().GetResult())
        {
            if (update.Kind != expected[received % expected.Length])
            {
                throw new InvalidOperationException($"OpenAI read event {received} as {update.Kind}, expected {expected[received % expected.Length]}.");
            }

            received++;
        }
    }

    private async Task<List<RealtimeServerUpdate>> ReceiveOpenAiAsync(int count)
    {
        var updates = new List<RealtimeServerUpdate>(count);
        await foreach (var update in _openAi!.ReceiveUpdatesAsync())
        {
            updates.Add(update);
            if (updates.Count == count)
            {
                break;
            }
        }

        return updates;
    }

    [GlobalSetup(Targets = [nameof(RealtimeApi_ReceiveEventsAsync), nameof(RealtimeApi_ReceiveEventAsync)])]
    public void SetupRealtimeApi()
    {
        _connection = RealtimeConnection.Create(RealtimeTransport.Create(OpenClientSocket()));

        // Every event must come out typed, or the comparison is not like for like.
        for (var i = 0; i < EventsPerOperation; i++)
        {
            var serverEvent = _connection.ReceiveEventAsync().AsTask().GetAwaiter().GetResult();
            if (serverEvent is null or UnknownRealtimeServerEvent or MalformedRealtimeServerEvent)
            {
                throw new InvalidOperationException($"Realtime.Api did not read event {i} as a known event: {serverEvent?.GetType().Name ?? "end of stream"}.");
            }

            (serverEvent as ResponseAudioDeltaEvent)?.Delta.Dispose();
        }
    }

    [GlobalSetup(Target = nameof(Floor_WebSocketReceiveAsync))]
    public void SetupFloor()
    {
        _bare = OpenClientSocket();
        _bareBuffer = new byte[64 * 1024];
    }

    private System.Net.WebSockets.WebSocket OpenClientSocket()
    {
        _corpus = ServerEventCorpus.Build();
        if (_corpus.Count != CorpusEvents)
        {
            throw new InvalidOperationException($"The corpus has {_corpus.Count} events; set {nameof(CorpusEvents)} to that.");
        }

        if (Feed == ServerFeed.Recorded)
        {
            _replay = new ReplayedServerStream(ServerFrames.Record(_corpus));
            return _replay.CreateClient();
        }

        _pair = InMemoryWebSocketPair.Create();
        var server = _pair.Server;
        var stop = _stop.Token;
        _server = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    foreach (var message in _corpus)
                    {
                        await ServerFrames.SendAsync(server, message, ServerFrames.TypicalFrameBytes, stop);
                    }
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Told to stop: cancelling a send aborts the socket, so the send fails as cancelled or as aborted.
            }
        });
        return _pair.Client;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _stop.Cancel();
        _replay?.End();
        await _server;

        _openAi?.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _bare?.Dispose();
        _pair?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerOperation)]
    public async Task<long> OpenAi_ReceiveUpdatesAsync()
    {
        long checksum = 0;
        var received = 0;
        await foreach (var update in _openAi!.ReceiveUpdatesAsync())
        {
            checksum += update is RealtimeServerUpdateResponseOutputAudioDelta audio
                ? audio.Delta.ToMemory().Span[^1] + audio.Delta.ToMemory().Length
                : update.Kind.ToString().Length;
            if (++received == EventsPerOperation)
            {
                break;
            }
        }

        return checksum;
    }

    [Benchmark(OperationsPerInvoke = EventsPerOperation)]
    public async Task<long> RealtimeApi_ReceiveEventsAsync()
    {
        long checksum = 0;
        var received = 0;
        await foreach (var serverEvent in _connection!.ReceiveEventsAsync())
        {
            checksum += Consume(serverEvent);
            if (++received == EventsPerOperation)
            {
                break;
            }
        }

        return checksum;
    }

    [Benchmark(OperationsPerInvoke = EventsPerOperation)]
    public async Task<long> RealtimeApi_ReceiveEventAsync()
    {
        long checksum = 0;
        for (var i = 0; i < EventsPerOperation; i++)
        {
            checksum += Consume((await _connection!.ReceiveEventAsync())!);
        }

        return checksum;
    }

    /// <summary>
    /// The feed's own cost: the same WebSocket receiving whole messages into one buffer, parsing nothing. No client
    /// receives faster than this, so the baseline's time over this one is the largest ratio the feed can show.
    /// </summary>
    [Benchmark(OperationsPerInvoke = EventsPerOperation)]
    public async Task<long> Floor_WebSocketReceiveAsync()
    {
        long checksum = 0;
        for (var i = 0; i < EventsPerOperation; i++)
        {
            var count = 0;
            while (true)
            {
                var result = await _bare!.ReceiveAsync(_bareBuffer.AsMemory(count), CancellationToken.None);
                count += result.Count;
                if (result.EndOfMessage)
                {
                    break;
                }
            }

            checksum += count;
        }

        return checksum;
    }

    private static int Consume(RealtimeServerEvent serverEvent)
    {
        if (serverEvent is ResponseAudioDeltaEvent audio)
        {
            var pcm = audio.Delta.Span;
            var touched = pcm[^1] + pcm.Length;
            audio.Delta.Dispose(); // played: the PCM buffer goes back to the pool
            return touched;
        }

        return serverEvent.Type.Length;
    }
}
