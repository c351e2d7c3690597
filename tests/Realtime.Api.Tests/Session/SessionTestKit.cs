using Realtime.Api;
using Realtime.Api.Audio;
using Realtime.LocalServer;

namespace Realtime.Api.Tests.Session;

/// <summary>A local server, a connection to it, and helpers that read the event stream with a deadline.</summary>
internal sealed class SessionTestKit : IAsyncDisposable
{
    public const string ApiKey = "sk-local-test-key-0123456789";

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));
    private IAsyncEnumerator<RealtimeServerEvent>? _events;

    private SessionTestKit(LocalRealtimeServer server)
    {
        Server = server;
    }

    public LocalRealtimeServer Server { get; }

    public RealtimeConnection Connection { get; private set; } = null!;

    public LocalRealtimeConnection ServerSide { get; private set; } = null!;

    public CancellationToken Timeout => _timeout.Token;

    public static async Task<SessionTestKit> StartAsync(
        RealtimeTransportOptions? transport = null,
        LocalRealtimeServerOptions? server = null,
        Func<RealtimeConnectionOptions, RealtimeConnectionOptions>? configure = null)
    {
        var kit = new SessionTestKit(await LocalRealtimeServer.StartAsync(server ?? new() { RequiredApiKey = ApiKey }));
        var options = new RealtimeConnectionOptions
        {
            Endpoint = kit.Server.RealtimeUri,
            Model = "gpt-realtime",
            Credential = RealtimeCredential.FromApiKey(ApiKey),
        };
        kit.Connection = await RealtimeConnection.ConnectAsync(configure?.Invoke(options) ?? options, transport, kit.Timeout);
        kit.ServerSide = await kit.Server.AcceptConnectionAsync(kit.Timeout);
        return kit;
    }

    /// <summary>The next event from one long-lived enumeration (so events are never lost between helpers).</summary>
    public async Task<RealtimeServerEvent> NextAsync()
    {
        _events ??= Connection.ReceiveEventsAsync(Timeout).GetAsyncEnumerator(Timeout);
        Assert.True(await _events.MoveNextAsync(), "the event stream ended");
        return _events.Current;
    }

    /// <summary>Reads until an event of type <typeparamref name="T"/>, returning it and the events before it.</summary>
    public async Task<(T Event, List<RealtimeServerEvent> Before)> UntilAsync<T>()
        where T : RealtimeServerEvent
    {
        var before = new List<RealtimeServerEvent>();
        while (true)
        {
            var next = await NextAsync();
            if (next is T match)
            {
                return (match, before);
            }

            Assert.False(next is RealtimeErrorEvent, $"unexpected error event: {(next as RealtimeErrorEvent)?.Error.Message}");
            before.Add(next);
        }
    }

    public static byte[] Sine(int milliseconds, double frequency = 440, short amplitude = 8000)
    {
        var samples = milliseconds * 24;
        var pcm = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(amplitude * Math.Sin(2 * Math.PI * frequency * i / 24000.0));
            pcm[2 * i] = (byte)value;
            pcm[2 * i + 1] = (byte)(value >> 8);
        }

        return pcm;
    }

    public async ValueTask DisposeAsync()
    {
        if (_events is not null)
        {
            await _events.DisposeAsync();
        }

        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        await Server.DisposeAsync();
        _timeout.Dispose();
    }
}
