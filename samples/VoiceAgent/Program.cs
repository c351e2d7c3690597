// Voice agent: a WAV file in, a spoken reply (WAV) out, with a function call in between.
//
//   dotnet run --project samples/VoiceAgent                      offline: local server, a generated speech-like input
//   dotnet run --project samples/VoiceAgent -- my.wav            offline, your recording (PCM16 / G.711 WAV, any common rate)
//   dotnet run --project samples/VoiceAgent -- my.wav --live     wss://api.openai.com/v1/realtime with OPENAI_API_KEY
using System.Text.Json;
using Realtime.Api;
using Realtime.Api.Audio;
using Realtime.LocalServer;
using VoiceAgent;

var live = args.Contains("--live");
var inputPath = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
var outputDir = Path.Combine(Path.GetTempPath(), "realtime-codegen-samples", "voice-agent");
Directory.CreateDirectory(outputDir);
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

if (inputPath is null)
{
    inputPath = Path.Combine(outputDir, "input.wav");
    WavFile.Write(inputPath, new AudioFormat(AudioEncoding.Pcm16, 16_000), SpeechLikeSignal.Create(16_000, TimeSpan.FromSeconds(2)));
    Console.WriteLine($"No input given: generated a speech-like recording at {inputPath}");
}

WavAudio input;
try
{
    input = WavFile.Read(inputPath);
}
catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Cannot read '{inputPath}': {ex.Message}");
    return 2;
}

Console.WriteLine($"Input: {input.Format}, {input.Duration.TotalSeconds:0.00} s");

LocalRealtimeServer? server = null;
RealtimeConnectionOptions connectionOptions;
if (live)
{
    var key = RealtimeCredential.FromEnvironment();
    if (key is null)
    {
        Console.Error.WriteLine("--live needs the OPENAI_API_KEY environment variable.");
        return 2;
    }

    connectionOptions = new RealtimeConnectionOptions { Model = "gpt-realtime", Credential = key };
    Console.WriteLine($"Connecting to {RealtimeConnectionOptions.DefaultEndpoint} …");
}
else
{
    server = await LocalRealtimeServer.StartAsync(cancellationToken: cancel.Token);
    connectionOptions = new RealtimeConnectionOptions { Endpoint = server.RealtimeUri, Model = "gpt-realtime" };
    Console.WriteLine($"Offline: local realtime server at {server.RealtimeUri}");
}

try
{
    await using var connection = await RealtimeConnection.ConnectAsync(connectionOptions, cancellationToken: cancel.Token);

    // Manual turns (we commit once the file is sent), input transcription, and one tool.
    using var weatherParameters = JsonDocument.Parse("""
        {"type":"object","properties":{"city":{"type":"string","description":"City name"}},"required":["city"]}
        """);
    await connection.SendAsync(new SessionUpdateEvent
    {
        Session = new RealtimeSessionCreateRequest
        {
            Instructions = "You are a concise voice assistant. Use get_weather when asked about the weather.",
            Audio = new RealtimeAudioConfig
            {
                Input = new RealtimeAudioConfigInput
                {
                    TurnDetection = Optional<RealtimeAudioInputTurnDetection>.Null,
                    Transcription = new AudioTranscription { Model = "gpt-4o-transcribe" },
                },
            },
            Tools = [new RealtimeFunctionTool { Name = "get_weather", Description = "Current weather for a city.", Parameters = weatherParameters.RootElement.Clone() }],
        },
    }, cancel.Token);

    // Stream the recording through the framer (resampled to 24 kHz PCM16, 20 ms frames), 100 ms of input at a time.
    using (var pipeline = new AudioInputPipeline(input.Format))
    {
        var chunk = input.Format.DurationToBytes(TimeSpan.FromMilliseconds(100));
        var frames = 0;
        for (var offset = 0; offset < input.Data.Length; offset += chunk)
        {
            pipeline.Write(input.Data.Span.Slice(offset, Math.Min(chunk, input.Data.Length - offset)));
            frames += await connection.SendAudioAsync(pipeline, cancel.Token);
            Progress("Streaming audio", (double)Math.Min(offset + chunk, input.Data.Length) / input.Data.Length);
        }

        pipeline.Complete();
        frames += await connection.SendAudioAsync(pipeline, cancel.Token);
        Console.WriteLine($"\nSent {frames} audio frames.");
    }

    await connection.SendAsync(new InputAudioBufferCommitEvent(), cancel.Token);
    await connection.SendAsync(new ResponseCreateEvent(), cancel.Token);

    var replyPath = Path.Combine(outputDir, "reply.wav");
    using var reply = new WavWriter(replyPath, AudioFormat.Pcm16Realtime);
    var callsAnswered = 0;
    await foreach (var evt in connection.ReceiveEventsAsync(cancel.Token))
    {
        switch (evt)
        {
            case ConversationItemInputAudioTranscriptionCompletedEvent heard:
                Console.WriteLine($"You:       {heard.Transcript}");
                break;
            case ResponseFunctionCallArgumentsDoneEvent call:
                var result = RunTool(call.Name, call.Arguments);
                Console.WriteLine($"Tool call: {call.Name}({call.Arguments}) → {result}");
                await connection.SendAsync(new ConversationItemCreateEvent
                {
                    Item = new RealtimeConversationItemFunctionCallOutput { CallId = call.CallId, Output = result },
                }, cancel.Token);
                callsAnswered++;
                break;
            case ResponseAudioDeltaEvent audio:
                reply.Write(audio.Delta.Span);
                audio.Delta.Dispose(); // back to the pool
                Progress("Receiving reply audio", double.NaN, reply.DataLength / (double)AudioFormat.Pcm16Realtime.BytesPerSecond);
                break;
            case ResponseAudioTranscriptDoneEvent said:
                Console.WriteLine($"\nAssistant: {said.Transcript}");
                break;
            case ResponseTextDoneEvent text:
                Console.WriteLine($"Assistant: {text.Text}");
                break;
            case RealtimeErrorEvent error:
                Console.Error.WriteLine($"Server error {error.Error.Code}: {error.Error.Message}");
                break;
            case MalformedRealtimeServerEvent malformed:
                Console.Error.WriteLine($"Skipped a malformed message: {malformed.Message}");
                break;
            case ResponseDoneEvent when callsAnswered > 0:
                callsAnswered = 0;
                await connection.SendAsync(new ResponseCreateEvent(), cancel.Token); // answer with the tool's result
                break;
            case ResponseDoneEvent:
                reply.Complete();
                Console.WriteLine($"Reply audio: {replyPath} ({reply.DataLength / (double)AudioFormat.Pcm16Realtime.BytesPerSecond:0.00} s)");
                await connection.CloseAsync(cancellationToken: cancel.Token);
                return 0;
        }
    }

    Console.Error.WriteLine("The connection ended before the reply was complete.");
    return 1;
}
catch (RealtimeConnectionException ex)
{
    Console.Error.WriteLine($"Connection problem: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Cancelled (Ctrl+C or the 2-minute limit).");
    return 1;
}
finally
{
    if (server is not null)
    {
        await server.DisposeAsync();
    }
}

static string RunTool(string name, string arguments)
{
    if (name != "get_weather")
    {
        return JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = $"unknown tool {name}" });
    }

    using var args = JsonDocument.Parse(arguments);
    var city = args.RootElement.TryGetProperty("city", out var c) ? c.GetString() : "somewhere";
    return $$"""{"city":{{JsonSerializer.Serialize(city)}},"temperature_c":21,"sky":"clear"}""";
}

static void Progress(string what, double fraction, double seconds = double.NaN)
{
    const int width = 30;
    if (double.IsNaN(fraction))
    {
        Console.Write($"\r{what}: {seconds:0.00} s   ");
        return;
    }

    var filled = (int)Math.Round(fraction * width);
    Console.Write($"\r{what} [{new string('#', filled)}{new string('.', width - filled)}] {fraction:P0}   ");
}
