// The phone bridge at scale: N concurrent simulated calls at real-time pace through the bridge against the local
// realtime server on loopback, per session layer. See the README section "Phone bridge load".
//
//   dotnet run -c Release --project tests/Realtime.Load -- [--steps 10,100,250,500,1000] [--seconds 30]
//       [--layers realtime,openai] [--audio pcm|pcmu] [--idle 200] [--p99 20]
//
// The bridge runs in a child process per step (this program with "bridge"), so its CPU, allocation and memory are
// the bridge's alone; the local server and the callers run here.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using PhoneBridge;
using Realtime.Api;
using Realtime.Load;
using Realtime.LocalServer;

if (args.FirstOrDefault() == "bridge")
    return await BridgeProcess.RunAsync(args[1..]);

var options = LoadOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: Realtime.Load [--steps 10,100,250,500,1000] [--seconds 30] [--layers realtime,openai] [--audio pcm|pcmu] [--idle N] [--p99 MS]");
    return 2;
}

await using var server = await LocalRealtimeServer.StartAsync();
var voice = CallerAudio.CreateTwoTurns();
var results = new List<StepResult>();
var idle = new List<IdleResult>();
Console.Error.WriteLine($"{Environment.ProcessorCount} cores, load average {LoadAverage()}; steps {string.Join(",", options.Steps)} × {options.Seconds} s; layers {string.Join(",", options.Layers)}; audio {options.Audio}");
foreach (var layer in options.Layers)
{
    if (options.IdleCalls > 0)
        idle.Add(await Steps.MeasureIdleAsync(server, layer, options, voice));
    foreach (var calls in options.Steps)
    {
        var result = await Steps.RunStepAsync(server, layer, calls, options, voice);
        results.Add(result);
        Console.Error.WriteLine(result.Describe());
        if (!result.Holds(options.P99LimitMs))
            break; // the limit is crossed: larger steps would only cross it further
    }
}

Console.WriteLine(Report.Markdown(results, idle, options));
return 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

namespace Realtime.Load
{
    internal sealed record LoadOptions(int[] Steps, int Seconds, string[] Layers, SessionAudioMode Audio, int IdleCalls, double P99LimitMs)
    {
        public static LoadOptions? Parse(string[] args)
        {
            var steps = new[] { 10, 100, 250, 500, 1000 };
            var seconds = 30;
            var layers = new[] { "realtime", "openai" };
            var audio = SessionAudioMode.Pcm;
            var idleCalls = 200;
            var p99 = 20.0;
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--steps" when value is not null:
                        steps = value.Split(',').Select(int.Parse).ToArray();
                        break;
                    case "--seconds" when value is not null:
                        seconds = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "--layers" when value is not null && value.Split(',').All(l => l is "realtime" or "openai"):
                        layers = value.Split(',');
                        break;
                    case "--audio" when value is "pcm" or "pcmu":
                        audio = value == "pcmu" ? SessionAudioMode.Pcmu : SessionAudioMode.Pcm;
                        break;
                    case "--idle" when value is not null:
                        idleCalls = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "--p99" when value is not null:
                        p99 = double.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    default:
                        return null;
                }

                i++;
            }

            return steps.Length == 0 || steps.Any(s => s < 1) || seconds < 1 ? null : new LoadOptions(steps, seconds, layers, audio, idleCalls, p99);
        }
    }

    /// <summary>One step: N calls for the measured seconds.</summary>
    internal sealed record StepResult(string Layer, int Calls, int Seconds, double CpuMsPerCallSecond, double AllocatedBytesPerCallSecond,
        double WorkingSetBytesPerCall, LatencySummary Latency, long FramesLost, long CallsFailed, string LoadAverage, string CallEndings)
    {
        public bool Holds(double p99LimitMs) => Latency.P99Ms <= p99LimitMs && FramesLost == 0 && CallsFailed == 0;

        public string Describe() =>
            $"{Layer} {Calls} calls: CPU {CpuMsPerCallSecond:0.00} ms/call-s, alloc {AllocatedBytesPerCallSecond / 1024:0.0} KB/call-s, WS {WorkingSetBytesPerCall / 1024:0} KB/call, " +
            $"p50 {Latency.P50Ms:0.00} p99 {Latency.P99Ms:0.00} max {Latency.MaxMs:0.0} ms, lost {FramesLost}, failed {CallsFailed}, load {LoadAverage}" +
            (CallsFailed > 0 ? $"; calls ended: {CallEndings}" : "");
    }

    internal sealed record IdleResult(string Layer, int Calls, double ManagedBytesPerCall, double WorkingSetBytesPerCall);

    /// <summary>What the bridge process reports about itself.</summary>
    internal sealed record ProcessFigures(double CpuMs, long AllocatedBytes, long WorkingSetBytes, long ManagedBytes);

    internal static class Steps
    {
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

        public static async Task<StepResult> RunStepAsync(LocalRealtimeServer server, string layer, int calls, LoadOptions options, byte[] voice)
        {
            await using var bridge = await BridgeChild.StartAsync(server, layer, options.Audio);
            var connectionsBefore = server.Connections.Count;
            var warmUp = TimeSpan.FromSeconds(3);
            var ramp = TimeSpan.FromMilliseconds(Math.Max(1000, calls * 4)); // ~250 call setups a second
            var talk = ramp + warmUp + TimeSpan.FromSeconds(options.Seconds) + TimeSpan.FromSeconds(1);
            using var cancel = new CancellationTokenSource(talk + TimeSpan.FromMinutes(2));
            var callers = new List<Task<SimulatedCallResult>>(calls);
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < calls; i++)
            {
                callers.Add(Task.Run(() => SimulatedCaller.CallAsync(bridge.MediaStreamUri, $"CAload{i:D6}", new SimulatedCallOptions
                {
                    MuLaw = voice,
                    TalkFor = talk - Stopwatch.GetElapsedTime(start),
                    RecordAudio = false,
                }, cancel.Token)));
                var due = ramp * (i + 1) / calls;
                var wait = due - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait);
            }

            await Task.Delay(warmUp);
            await Http.PostAsync(new Uri(bridge.BaseUri, "stats/reset"), null);
            var before = await bridge.ProcessAsync(gc: false);
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
            var after = await bridge.ProcessAsync(gc: false);
            var stats = await Http.GetFromJsonAsync<JsonElement>(new Uri(bridge.BaseUri, "stats"));
            var loadAverage = File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

            var callerErrors = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
            var results = await Task.WhenAll(callers.Select(async c =>
            {
                try
                {
                    return await c;
                }
                catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or OperationCanceledException or IOException)
                {
                    callerErrors.AddOrUpdate($"caller {ex.GetType().Name}", 1, (_, n) => n + 1);
                    return null;
                }
            }));
            await Task.Delay(500); // the last sessions close
            // Why calls ended, as the bridge saw it and as the callers did: the first thing to look at when some failed.
            var ended = await Http.GetFromJsonAsync<JsonElement>(new Uri(bridge.BaseUri, "stats"));
            var endings = string.Join(", ", ended.EnumerateObject()
                .Where(p => p.Name.StartsWith("ended", StringComparison.Ordinal) && p.Value.GetInt64() > 0)
                .Select(p => $"{p.Name[5..]} {p.Value.GetInt64()}")
                .Concat(callerErrors.Select(e => $"{e.Key} {e.Value}"))
                .Concat(results.Where(r => r is not null && (r.EndedByBridge || r.CloseStatus != System.Net.WebSockets.WebSocketCloseStatus.NormalClosure))
                    .GroupBy(r => (r!.CloseStatus, r.EndedByBridge, Silent: r.FramesSent == 0))
                    .Select(g => $"caller saw close {g.Key.CloseStatus?.ToString() ?? "none"}{(g.Key.EndedByBridge ? " while sending" : "")}{(g.Key.Silent ? " before any frame" : "")} {g.Count()}")));
            var frameBytes = options.Audio == SessionAudioMode.Pcmu ? 160 : 960;
            var sessions = server.Connections.Skip(connectionsBefore).ToList();
            var sent = results.Sum(r => r?.FramesSent ?? 0);
            var received = sessions.Sum(s => s.ReceivedAudioBytes) / frameBytes;
            var failed = results.Count(r => r is null || r.EndedByBridge || r.CloseStatus != System.Net.WebSockets.WebSocketCloseStatus.NormalClosure);

            var callSeconds = (double)calls * options.Seconds;
            var latency = new LatencySummary(
                stats.GetProperty("latencyCount").GetInt64(),
                stats.GetProperty("latencyP50Ms").GetDouble(),
                stats.GetProperty("latencyP99Ms").GetDouble(),
                stats.GetProperty("latencyMaxMs").GetDouble());
            return new StepResult(layer, calls, options.Seconds,
                (after.CpuMs - before.CpuMs) / callSeconds,
                (after.AllocatedBytes - before.AllocatedBytes) / callSeconds,
                (after.WorkingSetBytes - bridge.BaselineWorkingSet) / (double)calls,
                latency,
                Math.Max(0, sent - received),
                failed,
                loadAverage,
                endings);
        }

        /// <summary>Memory per connected call with no audio flowing (phone socket, session, their buffers).</summary>
        public static async Task<IdleResult> MeasureIdleAsync(LocalRealtimeServer server, string layer, LoadOptions options, byte[] voice)
        {
            await using var bridge = await BridgeChild.StartAsync(server, layer, options.Audio);
            var before = await bridge.ProcessAsync(gc: true);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var hold = TimeSpan.FromSeconds(5 + options.IdleCalls / 100.0);
            var callers = Enumerable.Range(0, options.IdleCalls).Select(i => SimulatedCaller.CallAsync(bridge.MediaStreamUri, $"CAidle{i:D6}", new SimulatedCallOptions
            {
                MuLaw = voice,
                TalkFor = TimeSpan.Zero,
                ListenAfter = hold,
                RecordAudio = false,
            }, cancel.Token)).ToList();
            while (true)
            {
                var stats = await Http.GetFromJsonAsync<JsonElement>(new Uri(bridge.BaseUri, "stats"));
                if (stats.GetProperty("activeCalls").GetInt64() >= options.IdleCalls)
                    break;
                await Task.Delay(100);
            }

            await Task.Delay(1000);
            var after = await bridge.ProcessAsync(gc: true);
            await Task.WhenAll(callers);
            return new IdleResult(layer, options.IdleCalls,
                (after.ManagedBytes - before.ManagedBytes) / (double)options.IdleCalls,
                (after.WorkingSetBytes - before.WorkingSetBytes) / (double)options.IdleCalls);
        }
    }

    /// <summary>The bridge in its own process (this program with "bridge").</summary>
    internal sealed class BridgeChild : IAsyncDisposable
    {
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };
        private readonly Process _process;

        private BridgeChild(Process process, Uri baseUri)
        {
            _process = process;
            BaseUri = baseUri;
            MediaStreamUri = new UriBuilder(baseUri) { Scheme = "ws", Path = PhoneBridgeEndpoints.MediaStreamPath }.Uri;
        }

        public Uri BaseUri { get; }

        public Uri MediaStreamUri { get; }

        public long BaselineWorkingSet { get; private set; }

        public static async Task<BridgeChild> StartAsync(LocalRealtimeServer server, string layer, SessionAudioMode audio)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!)
            {
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            var entry = typeof(BridgeChild).Assembly.Location;
            if (Path.GetFileName(Environment.ProcessPath!).StartsWith("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                start.ArgumentList.Add("exec"); // run through the dotnet host
                start.ArgumentList.Add(entry);
            }

            foreach (var arg in new[] { "bridge", layer, server.RealtimeUri.ToString(), audio.ToString() })
                start.ArgumentList.Add(arg);
            var process = Process.Start(start)!;
            var ready = await process.StandardOutput.ReadLineAsync()
                ?? throw new InvalidOperationException($"The bridge process ({start.FileName} {string.Join(" ", start.ArgumentList)}) exited before it was ready.");
            var child = new BridgeChild(process, new Uri(ready));
            child.BaselineWorkingSet = (await child.ProcessAsync(gc: true)).WorkingSetBytes;
            return child;
        }

        public async Task<ProcessFigures> ProcessAsync(bool gc) =>
            (await Http.GetFromJsonAsync<ProcessFigures>(new Uri(BaseUri, gc ? "process?gc=1" : "process")))!;

        public async ValueTask DisposeAsync()
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
                _process.Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }

    internal static class BridgeProcess
    {
        public static async Task<int> RunAsync(string[] args)
        {
            var layer = args[0];
            var realtimeUri = new Uri(args[1]);
            var audio = Enum.Parse<SessionAudioMode>(args[2]);
            IRealtimeCallSessionFactory sessions = layer == "openai"
                ? new OpenAiCallSessionFactory(new UriBuilder(realtimeUri) { Path = "/v1" }.Uri, audio)
                : new RealtimeApiCallSessionFactory(new RealtimeCallSessionOptions { Connection = new RealtimeConnectionOptions { Endpoint = realtimeUri, Model = "gpt-realtime" }, Audio = audio });
            await using var bridge = await PhoneBridgeHost.StartAsync(sessions, new PhoneBridgeOptions());
            bridge.App.MapPost("/stats/reset", (PhoneBridgeStatistics statistics) => statistics.ResetLatency());
            bridge.App.MapGet("/process", (HttpContext context) =>
            {
                if (context.Request.Query.ContainsKey("gc"))
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                }

                using var self = Process.GetCurrentProcess();
                return new ProcessFigures(self.TotalProcessorTime.TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: false), Environment.WorkingSet, GC.GetTotalMemory(false));
            });
            Console.WriteLine(bridge.BaseUri);
            await Console.In.ReadToEndAsync(); // the driver closes our input to stop us
            return 0;
        }
    }

    internal static class Report
    {
        public static string Markdown(IReadOnlyList<StepResult> steps, IReadOnlyList<IdleResult> idle, LoadOptions options)
        {
            var text = new System.Text.StringBuilder();
            text.AppendLine($"Audio {options.Audio.ToString().ToLowerInvariant()}, {options.Seconds} s per step, {Environment.ProcessorCount} cores.");
            text.AppendLine();
            text.AppendLine("| layer | calls | CPU ms / call-s | alloc / call-s | working set / call | p50 ms | p99 ms | max ms | frames lost | calls failed | load avg |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            foreach (var s in steps)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {s.Layer} | {s.Calls} | {s.CpuMsPerCallSecond:0.00} | {s.AllocatedBytesPerCallSecond / 1024:0.0} KB | {s.WorkingSetBytesPerCall / 1024:0} KB | {s.Latency.P50Ms:0.00} | {s.Latency.P99Ms:0.00} | {s.Latency.MaxMs:0.0} | {s.FramesLost} | {s.CallsFailed} | {s.LoadAverage} |");
            }

            text.AppendLine();
            foreach (var layer in steps.Select(s => s.Layer).Distinct())
            {
                var held = steps.Where(s => s.Layer == layer && s.Holds(options.P99LimitMs)).Select(s => s.Calls).DefaultIfEmpty(0).Max();
                text.AppendLine(CultureInfo.InvariantCulture, $"- {layer}: largest N with p99 ≤ {options.P99LimitMs} ms, 0 frames lost and no failed call: {held}");
            }

            foreach (var i in idle)
                text.AppendLine(CultureInfo.InvariantCulture, $"- {i.Layer}: idle memory per call ({i.Calls} calls): managed {i.ManagedBytesPerCall / 1024:0.0} KB, working set {i.WorkingSetBytesPerCall / 1024:0.0} KB");
            return text.ToString();
        }
    }
}
