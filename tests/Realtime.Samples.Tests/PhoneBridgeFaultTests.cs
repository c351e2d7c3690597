using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using PhoneBridge;
using Realtime.Api;
using Realtime.LocalServer;

namespace Realtime.Samples.Tests;

/// <summary>
/// One bad call among healthy ones, through the phone bridge against the local server: the bad call ends cleanly
/// (its reason logged in its own scope, its session closed, the active count back down) while every healthy call
/// streams all its frames, ends with stop, and the forward latency stays low.
/// </summary>
public sealed class PhoneBridgeFaultTests
{
    private const int HealthyCalls = 3;

    // Generous for a shared 2-core CI machine; the quiet-machine figure is well under a millisecond.
    private const double LatencyBoundMs = 50;

    private static readonly TimeSpan Talk = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_dropped_phone_socket_ends_that_call_only()
    {
        await using var kit = await Kit.StartAsync();
        var faulty = await kit.PlaceFaultyCallAsync(new SimulatedCallOptions { MuLaw = kit.Voice, TalkFor = Talk, DropAfter = TimeSpan.FromSeconds(1) });

        await kit.AssertIsolatedAsync(faulty, CallEndReason.PhoneDropped);
    }

    [Fact]
    public async Task A_failing_session_ends_that_call_only_and_closes_its_phone_socket_with_an_error()
    {
        await using var kit = await Kit.StartAsync();
        var faulty = await kit.PlaceFaultyCallAsync(new SimulatedCallOptions { MuLaw = kit.Voice, TalkFor = Talk }, async connection =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            connection.Abort(); // the realtime server drops this session
        });

        var result = await kit.AssertIsolatedAsync(faulty, CallEndReason.SessionFailed);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, result.CloseStatus);
    }

    [Fact]
    public async Task A_caller_that_stops_reading_is_ended_after_the_send_timeout_while_the_others_go_on()
    {
        await using var kit = await Kit.StartAsync();

        // A long turn and a short pause: the reply echoes it, more than the stalled socket's buffers hold.
        var faulty = await kit.PlaceFaultyCallAsync(new SimulatedCallOptions
        {
            MuLaw = kit.LongTurns,
            TalkFor = TimeSpan.FromSeconds(30), // ended by the bridge long before
            StopReadingAfter = TimeSpan.FromMilliseconds(200),
            SocketReceiveBufferBytes = 4096,
        });

        await kit.AssertIsolatedAsync(faulty, CallEndReason.PhoneStoppedReading);
    }

    private sealed class Kit : IAsyncDisposable
    {
        private readonly ConcurrentQueue<(string? CallSid, LogLevel Level, string Message)> _logs = new();
        private LocalRealtimeServer _server = null!;
        private PhoneBridgeHost _bridge = null!;
        private int _nextCall;

        public byte[] Voice { get; } = CallerAudio.CreateTwoTurns();

        /// <summary>4 s of speech and 0.6 s of silence, repeated: each reply is 4 s of audio.</summary>
        public byte[] LongTurns { get; } = CreateLongTurns();

        public CancellationToken Timeout { get; } = new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token;

        public static async Task<Kit> StartAsync()
        {
            var kit = new Kit();
            kit._server = await LocalRealtimeServer.StartAsync();
            kit._bridge = await PhoneBridgeHost.StartAsync(
                new RealtimeApiCallSessionFactory(new RealtimeCallSessionOptions { Connection = new RealtimeConnectionOptions { Endpoint = kit._server.RealtimeUri, Model = "gpt-realtime" } }),
                new PhoneBridgeOptions { PhoneSendTimeout = TimeSpan.FromSeconds(1) },
                logging => logging.AddProvider(new CapturingLoggerProvider(kit._logs)),
                kestrel => kestrel.Limits.MaxResponseBufferSize = 4096,
                sockets: sockets => sockets.CreateBoundListenSocket = endpoint =>
                {
                    // Small buffers toward the phone (accepted sockets inherit the listener's), so a caller that
                    // stops reading blocks the bridge's sends within its first reply rather than after minutes.
                    var listener = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
                    listener.SendBufferSize = 4096;
                    return listener;
                });
            return kit;
        }

        /// <summary>The faulty call first (so its session is the first the server accepts), then the healthy ones.</summary>
        public async Task<FaultyCall> PlaceFaultyCallAsync(SimulatedCallOptions faultyOptions, Func<LocalRealtimeConnection, Task>? onSession = null)
        {
            var faultyCallSid = NewCallSid();
            var faulty = SimulatedCaller.CallAsync(_bridge.MediaStreamUri, faultyCallSid, faultyOptions, Timeout);
            var faultySession = await _server.AcceptConnectionAsync(Timeout);
            var sessionAction = onSession?.Invoke(faultySession) ?? Task.CompletedTask;

            var healthy = new List<(string CallSid, Task<SimulatedCallResult> Call)>();
            for (var i = 0; i < HealthyCalls; i++)
            {
                var callSid = NewCallSid();
                healthy.Add((callSid, SimulatedCaller.CallAsync(_bridge.MediaStreamUri, callSid, new SimulatedCallOptions { MuLaw = Voice, TalkFor = Talk, RecordAudio = false }, Timeout)));
            }

            await sessionAction;
            return new FaultyCall(faultyCallSid, faulty, faultySession, healthy);
        }

        public async Task<SimulatedCallResult> AssertIsolatedAsync(FaultyCall call, CallEndReason expected)
        {
            var faultyResult = await call.Call;
            await call.Session.Completion.WaitAsync(Timeout); // its realtime session was closed
            var healthyResults = await Task.WhenAll(call.Healthy.Select(h => h.Call));
            await WaitUntilAsync(() => _bridge.Statistics.ActiveCalls == 0);

            var statistics = _bridge.Statistics;
            Assert.True(statistics.CallsEnded(expected) == 1, "call ends: " + string.Join(", ", Enum.GetValues<CallEndReason>().Select(r => $"{r} {statistics.CallsEnded(r)}")) + "\n" + string.Join("\n", _logs));
            Assert.Equal(HealthyCalls, statistics.CallsEnded(CallEndReason.Stopped));
            Assert.Equal(HealthyCalls + 1, statistics.CallsStarted);
            Assert.Contains(_logs, l => l.CallSid == call.CallSid && l.Message == $"Call ended: {expected}");
            Assert.DoesNotContain(_logs, l => l.CallSid != call.CallSid && l.Level >= LogLevel.Warning);

            // Every frame of every healthy call reached its session: 160 μ-law bytes become 960 bytes of 24 kHz PCM16.
            foreach (var result in healthyResults)
            {
                Assert.Equal((long)(Talk / TimeSpan.FromMilliseconds(20)), result.FramesSent);
                Assert.Equal(WebSocketCloseStatus.NormalClosure, result.CloseStatus);
            }

            var healthySessions = _server.Connections.Where(c => c != call.Session).ToList();
            Assert.Equal(HealthyCalls, healthySessions.Count);
            Assert.All(healthySessions, s => Assert.Equal(healthyResults[0].FramesSent * 960, s.ReceivedAudioBytes));

            var latency = statistics.GetLatency();
            Assert.True(latency.P99Ms <= LatencyBoundMs, $"p99 forward latency {latency.P99Ms} ms over {latency.Count} frames (max {latency.MaxMs} ms)");
            return faultyResult;
        }

        private string NewCallSid() => $"CAtest{Interlocked.Increment(ref _nextCall):D4}";

        private async Task WaitUntilAsync(Func<bool> condition)
        {
            while (!condition())
                await Task.Delay(20, Timeout);
        }

        private static byte[] CreateLongTurns()
        {
            var voice = new List<byte>();
            var turn = CallerAudio.CreateTwoTurns().AsSpan(0, 8000 * 2).ToArray(); // the first 2 s of speech
            voice.AddRange(turn);
            voice.AddRange(turn);
            voice.AddRange(Enumerable.Repeat((byte)0xFF, 8000 * 6 / 10)); // μ-law silence
            return [.. voice];
        }

        public async ValueTask DisposeAsync()
        {
            await _bridge.DisposeAsync();
            await _server.DisposeAsync();
        }
    }

    private sealed record FaultyCall(string CallSid, Task<SimulatedCallResult> Call, LocalRealtimeConnection Session, List<(string CallSid, Task<SimulatedCallResult> Call)> Healthy);

    /// <summary>Keeps every log entry with the call id of the bridge's scope (the scope's <c>CallSid</c>).</summary>
    private sealed class CapturingLoggerProvider(ConcurrentQueue<(string? CallSid, LogLevel Level, string Message)> entries) : ILoggerProvider
    {
        private static readonly AsyncLocal<string?> CurrentCall = new();

        public ILogger CreateLogger(string categoryName) => new Logger(entries);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(string? CallSid, LogLevel Level, string Message)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                if (state is not IEnumerable<KeyValuePair<string, object?>> values || values.FirstOrDefault(v => v.Key == "CallSid").Value is not string callSid)
                    return null;
                var outer = CurrentCall.Value;
                CurrentCall.Value = callSid;
                return new Restore(outer);
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((CurrentCall.Value, logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception)));
        }

        private sealed class Restore(string? outer) : IDisposable
        {
            public void Dispose() => CurrentCall.Value = outer;
        }
    }
}
