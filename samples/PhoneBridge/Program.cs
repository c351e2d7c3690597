// Phone bridge: Twilio Media Streams (μ-law 8 kHz over a WebSocket) ↔ one realtime session per call.
//
//   dotnet run --project samples/PhoneBridge                     offline: local realtime server + one simulated call
//   dotnet run --project samples/PhoneBridge -- my.wav           offline, the simulated caller plays your recording
//   dotnet run --project samples/PhoneBridge -- --pcmu           the session takes audio/pcmu: μ-law straight through
//   dotnet run --project samples/PhoneBridge -- --serve --live   a bridge for real calls (POST /incoming-call, /media-stream),
//                                                                sessions at wss://api.openai.com/v1/realtime with OPENAI_API_KEY
using System.Net;
using PhoneBridge;
using Realtime.Api;
using Realtime.Api.Audio;
using Realtime.LocalServer;

var live = args.Contains("--live");
var serve = args.Contains("--serve");
var audioMode = args.Contains("--pcmu") ? SessionAudioMode.Pcmu : SessionAudioMode.Pcm;
var port = args.SkipWhile(a => a != "--port").Skip(1).Select(int.Parse).FirstOrDefault();
var inputPath = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _));
var outputDir = Path.Combine(Path.GetTempPath(), "realtime-codegen-samples", "phone-bridge");
Directory.CreateDirectory(outputDir);

RealtimeConnectionOptions connection;
LocalRealtimeServer? server = null;
if (live)
{
    var key = RealtimeCredential.FromEnvironment();
    if (key is null)
    {
        Console.Error.WriteLine("--live needs the OPENAI_API_KEY environment variable.");
        return 2;
    }

    connection = new RealtimeConnectionOptions { Model = "gpt-realtime", Credential = key };
}
else
{
    server = await LocalRealtimeServer.StartAsync();
    connection = new RealtimeConnectionOptions { Endpoint = server.RealtimeUri, Model = "gpt-realtime" };
    Console.WriteLine($"Offline: local realtime server at {server.RealtimeUri}");
}

byte[] callerAudio;
try
{
    callerAudio = CallerAudio.Load(inputPath, Path.Combine(outputDir, "caller.wav"));
}
catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Cannot read '{inputPath}': {ex.Message}");
    return 2;
}

await using var bridge = await PhoneBridgeHost.StartAsync(
    new RealtimeApiCallSessionFactory(new RealtimeCallSessionOptions { Connection = connection, Audio = audioMode }),
    logging: logging => logging.AddSimpleConsole(o =>
    {
        o.IncludeScopes = true;
        o.SingleLine = true;
        o.TimestampFormat = "HH:mm:ss.fff ";
    }),
    listen: new IPEndPoint(serve ? IPAddress.Any : IPAddress.Loopback, port));
Console.WriteLine($"Bridge listening at {bridge.BaseUri} (Media Streams at {PhoneBridgeEndpoints.MediaStreamPath}, session audio {audioMode.ToString().ToLowerInvariant()})");

try
{
    if (serve)
    {
        Console.WriteLine("Point your Twilio number's voice webhook at POST /incoming-call (over a public https tunnel). Ctrl+C stops.");
        await bridge.App.WaitForShutdownAsync();
        return 0;
    }

    // One simulated call: the recording, then a few seconds listening to the reply.
    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
    var result = await SimulatedCaller.CallAsync(bridge.MediaStreamUri, "CAsample0001", new SimulatedCallOptions
    {
        MuLaw = callerAudio,
        ListenAfter = TimeSpan.FromSeconds(3),
    }, timeout.Token);

    var statistics = bridge.Statistics;
    var latency = statistics.GetLatency();
    var replyPath = Path.Combine(outputDir, "heard-by-caller.wav");
    WavFile.Write(replyPath, AudioFormat.G711MuLaw, result.PlayedAudio);
    Console.WriteLine($"Caller sent {result.FramesSent} frames ({result.FramesSent * 20 / 1000.0:0.00} s); the bridge sent {statistics.AppendEvents} append events.");
    Console.WriteLine($"Caller heard {result.PlayedAudio.Length / 8000.0:0.00} s of assistant audio ({result.MarksEchoed} marks echoed, {result.Clears} barge-in clears): {replyPath}");
    Console.WriteLine($"Forward latency (phone frame → append event sent): p50 {latency.P50Ms:0.00} ms, p99 {latency.P99Ms:0.00} ms, max {latency.MaxMs:0.00} ms over {latency.Count} frames");
    Console.WriteLine($"Call ended: {(statistics.CallsEnded(CallEndReason.Stopped) == 1 ? "stop" : "abnormally")}, close status {result.CloseStatus?.ToString() ?? "none"}");
    return statistics.CallsEnded(CallEndReason.Stopped) == 1 && result.PlayedAudio.Length > 0 ? 0 : 1;
}
finally
{
    if (server is not null)
        await server.DisposeAsync();
}
