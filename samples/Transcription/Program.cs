// Transcription-only session: stream a WAV file and print the transcript as it arrives.
//
//   dotnet run --project samples/Transcription                    offline: local server, a generated 3 s test tone
//   dotnet run --project samples/Transcription -- my.wav          offline, your recording
//   dotnet run --project samples/Transcription -- my.wav --live   wss://api.openai.com/v1/realtime?intent=transcription
using Realtime.Api;
using Realtime.Api.Audio;
using Realtime.LocalServer;

var live = args.Contains("--live");
var inputPath = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

WavAudio input;
if (inputPath is null)
{
    // A 3 s, 44.1 kHz stereo tone (downmixed and resampled to 24 kHz mono by the pipeline).
    var format = new AudioFormat(AudioEncoding.Pcm16, 44_100, 2);
    var pcm = new byte[format.BytesPerSecond * 3];
    for (var i = 0; i < pcm.Length / 4; i++)
    {
        var s = (short)(7000 * Math.Sin(2 * Math.PI * 330 * i / 44_100.0));
        pcm[4 * i] = pcm[4 * i + 2] = (byte)s;
        pcm[4 * i + 1] = pcm[4 * i + 3] = (byte)(s >> 8);
    }

    input = new WavAudio(format, pcm);
    Console.WriteLine("No input given: using a generated 3 s tone.");
}
else
{
    try
    {
        input = WavFile.Read(inputPath);
    }
    catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"Cannot read '{inputPath}': {ex.Message}");
        return 2;
    }
}

LocalRealtimeServer? server = null;
var options = new RealtimeConnectionOptions { Kind = RealtimeSessionKind.Transcription };
if (live)
{
    if (RealtimeCredential.FromEnvironment() is not { } key)
    {
        Console.Error.WriteLine("--live needs the OPENAI_API_KEY environment variable.");
        return 2;
    }

    options = options with { Credential = key };
}
else
{
    server = await LocalRealtimeServer.StartAsync(cancellationToken: cancel.Token);
    options = options with { Endpoint = server.RealtimeUri };
    Console.WriteLine($"Offline: local realtime server at {server.RealtimeUri}");
}

try
{
    await using var connection = await RealtimeConnection.ConnectAsync(options, cancellationToken: cancel.Token);
    await connection.SendAsync(new SessionUpdateEvent
    {
        Session = new RealtimeTranscriptionSessionCreateRequest
        {
            Audio = new RealtimeTranscriptionSessionAudio
            {
                Input = new RealtimeTranscriptionSessionAudioInput
                {
                    Transcription = new AudioTranscription { Model = "gpt-4o-transcribe" },
                    TurnDetection = Optional<RealtimeTranscriptionSessionAudioInputTurnDetection>.Null,
                },
            },
        },
    }, cancel.Token);

    using (var pipeline = new AudioInputPipeline(input.Format))
    {
        var chunk = input.Format.DurationToBytes(TimeSpan.FromMilliseconds(200));
        for (var offset = 0; offset < input.Data.Length; offset += chunk)
        {
            pipeline.Write(input.Data.Span.Slice(offset, Math.Min(chunk, input.Data.Length - offset)));
            await connection.SendAudioAsync(pipeline, cancel.Token);
            Console.Write($"\rStreaming {Math.Min(offset + chunk, input.Data.Length) * 100L / input.Data.Length,3}%");
        }

        pipeline.Complete();
        await connection.SendAudioAsync(pipeline, cancel.Token);
        Console.WriteLine();
    }

    await connection.SendAsync(new InputAudioBufferCommitEvent(), cancel.Token);
    await foreach (var evt in connection.ReceiveEventsAsync(cancel.Token))
    {
        switch (evt)
        {
            case ConversationItemInputAudioTranscriptionDeltaEvent delta:
                Console.Write(delta.Delta);
                break;
            case ConversationItemInputAudioTranscriptionCompletedEvent done:
                Console.WriteLine();
                Console.WriteLine($"Transcript: {done.Transcript}");
                await connection.CloseAsync(cancellationToken: cancel.Token);
                return 0;
            case ConversationItemInputAudioTranscriptionFailedEvent failed:
                Console.Error.WriteLine($"Transcription failed: {failed.Error.Message}");
                return 1;
            case RealtimeErrorEvent error:
                Console.Error.WriteLine($"Server error {error.Error.Code}: {error.Error.Message}");
                return 1;
        }
    }

    Console.Error.WriteLine("The connection ended before the transcript was complete.");
    return 1;
}
catch (RealtimeConnectionException ex)
{
    Console.Error.WriteLine($"Connection problem: {ex.Message}");
    return 1;
}
finally
{
    if (server is not null)
    {
        await server.DisposeAsync();
    }
}
