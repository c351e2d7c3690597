using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace PhoneBridge;

/// <summary>What a <see cref="SimulatedCaller"/> does.</summary>
public sealed record SimulatedCallOptions
{
    /// <summary>The caller's voice: G.711 μ-law, 8 kHz (played from the start again when <see cref="TalkFor"/> is longer).</summary>
    public required ReadOnlyMemory<byte> MuLaw { get; init; }

    /// <summary>How long the caller streams audio (default: the audio once).</summary>
    public TimeSpan? TalkFor { get; init; }

    /// <summary>How long the caller keeps listening (playing what comes back, echoing marks) after its audio, before <c>stop</c>.</summary>
    public TimeSpan ListenAfter { get; init; } = TimeSpan.Zero;

    /// <summary>Keep the received audio as played (for a WAV); off for load runs.</summary>
    public bool RecordAudio { get; init; } = true;

    /// <summary>Fault: drop the TCP connection (no close handshake) this long into the call.</summary>
    public TimeSpan? DropAfter { get; init; }

    /// <summary>Fault: stop reading the socket this long into the call (audio keeps being sent).</summary>
    public TimeSpan? StopReadingAfter { get; init; }

    /// <summary>The socket's receive buffer in bytes (small values make a caller that stops reading block the bridge sooner).</summary>
    public int? SocketReceiveBufferBytes { get; init; }
}

/// <summary>How a simulated call went.</summary>
public sealed record SimulatedCallResult
{
    /// <summary>Media frames (20 ms) sent.</summary>
    public long FramesSent { get; init; }

    /// <summary>μ-law bytes received from the bridge.</summary>
    public long AudioReceivedBytes { get; init; }

    /// <summary>μ-law bytes played (received and not cleared), in order.</summary>
    public byte[] PlayedAudio { get; init; } = [];

    /// <summary>Marks received and echoed.</summary>
    public long MarksEchoed { get; init; }

    /// <summary><c>clear</c> messages received (barge-ins).</summary>
    public long Clears { get; init; }

    /// <summary>The close status the bridge sent, or null when the connection ended without one.</summary>
    public WebSocketCloseStatus? CloseStatus { get; init; }

    /// <summary>The caller's own sends started failing before it was done (the bridge ended the call).</summary>
    public bool EndedByBridge { get; init; }
}

/// <summary>
/// A phone as Twilio Media Streams presents it, for tests and the load tool: it sends <c>connected</c> and
/// <c>start</c>, then the audio in 20 ms <c>media</c> frames at real-time pace (catching up after a late timer tick,
/// never running ahead), plays what comes back at real-time pace, echoes each <c>mark</c> when the audio before it has
/// been played (at once after a <c>clear</c>, as Twilio does), and ends with <c>stop</c>.
/// </summary>
public static class SimulatedCaller
{
    private const int FrameBytes = 160; // 20 ms of 8 kHz μ-law
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    /// <summary>Places one call to the bridge's Media Streams WebSocket.</summary>
    public static async Task<SimulatedCallResult> CallAsync(Uri mediaStreamUri, string callSid, SimulatedCallOptions options, CancellationToken cancellationToken)
    {
        if (options.MuLaw.Length < FrameBytes)
            throw new ArgumentException("The caller needs at least 20 ms of audio.", nameof(options));
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (options.SocketReceiveBufferBytes is { } receiveBuffer)
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, ct) =>
                {
                    var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = receiveBuffer };
                    try
                    {
                        await tcp.ConnectAsync(context.DnsEndPoint, ct);
                        return new NetworkStream(tcp, ownsSocket: true);
                    }
                    catch
                    {
                        tcp.Dispose();
                        throw;
                    }
                },
            };
            using var invoker = new HttpMessageInvoker(handler);
            await socket.ConnectAsync(mediaStreamUri, invoker, cancellationToken);
        }
        else
        {
            await socket.ConnectAsync(mediaStreamUri, cancellationToken);
        }

        var call = new Call(socket, callSid, options);
        return await call.RunAsync(cancellationToken);
    }

    private sealed class Call(ClientWebSocket socket, string callSid, SimulatedCallOptions options)
    {
        private readonly Lock _lock = new();
        private readonly Queue<byte[]> _queued = new();
        private readonly Queue<(long Position, byte[] Name)> _marks = new();
        private readonly MemoryStream _played = new();
        private readonly ArrayBufferWriter<byte> _send = new(1024);
        private readonly string _streamSid = "MZ" + callSid;
        private int _headOffset;
        private long _received;  // bytes received
        private long _consumed;  // bytes played or cleared
        private long _marksEchoed;
        private long _clears;
        private volatile bool _stopReading;

        public async Task<SimulatedCallResult> RunAsync(CancellationToken cancellationToken)
        {
            await SendTextAsync("""{"event":"connected","protocol":"Call","version":"1.0.0"}""", cancellationToken);
            await SendTextAsync($$$"""{"event":"start","sequenceNumber":"1","start":{"accountSid":"ACsimulated","streamSid":"{{{_streamSid}}}","callSid":"{{{callSid}}}","tracks":["inbound"],"customParameters":{},"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}},"streamSid":"{{{_streamSid}}}"}""", cancellationToken);
            var receiving = ReceiveAsync(cancellationToken);
            long framesSent = 0;
            var endedByBridge = false;
            try
            {
                framesSent = await StreamAsync(cancellationToken);
                if (options.DropAfter is null)
                {
                    await SendTextAsync($$$"""{"event":"stop","sequenceNumber":"{{{framesSent + 2}}}","streamSid":"{{{_streamSid}}}","stop":{"accountSid":"ACsimulated","callSid":"{{{callSid}}}"}}""", cancellationToken);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                endedByBridge = true;
            }

            if (options.DropAfter is null && !_stopReading)
            {
                // The bridge closes after stop; wait for its close frame (bounded), then answer it.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(TimeSpan.FromSeconds(10));
                try
                {
                    await receiving.WaitAsync(wait.Token);
                    if (socket.State == WebSocketState.CloseReceived)
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, wait.Token);
                }
                catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
                {
                    socket.Abort();
                }
            }
            else
            {
                socket.Abort();
            }

            try
            {
                await receiving;
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
            {
                // The connection was dropped (by us or the bridge).
            }

            lock (_lock)
            {
                return new SimulatedCallResult
                {
                    FramesSent = framesSent,
                    AudioReceivedBytes = _received,
                    PlayedAudio = _played.ToArray(),
                    MarksEchoed = _marksEchoed,
                    Clears = _clears,
                    CloseStatus = socket.CloseStatus,
                    EndedByBridge = endedByBridge,
                };
            }
        }

        /// <summary>Sends the audio in real time, plays what came back, echoes marks; returns the frames sent.</summary>
        private async Task<long> StreamAsync(CancellationToken cancellationToken)
        {
            var talkFrames = (long)((options.TalkFor ?? TimeSpan.FromSeconds(options.MuLaw.Length / 8000.0)) / Frame);
            var totalFrames = talkFrames + (long)(options.ListenAfter / Frame);
            using var timer = new PeriodicTimer(Frame);
            var start = Stopwatch.GetTimestamp();
            long sent = 0, played = 0;
            while (played < totalFrames)
            {
                var elapsed = Stopwatch.GetElapsedTime(start);
                if (options.DropAfter is { } drop && elapsed >= drop)
                {
                    socket.Abort();
                    return sent;
                }

                if (options.StopReadingAfter is { } stall && elapsed >= stall)
                    _stopReading = true;

                var due = Math.Min(talkFrames, (long)(elapsed / Frame) + 1);
                for (; sent < due; sent++)
                    await SendFrameAsync(sent, cancellationToken);

                var playDue = Math.Min(totalFrames, (long)(elapsed / Frame));
                for (; played < playDue; played++)
                    PlayFrame();
                await EchoMarksAsync(cancellationToken);
                await timer.WaitForNextTickAsync(cancellationToken);
            }

            return sent;
        }

        private ValueTask SendFrameAsync(long index, CancellationToken cancellationToken)
        {
            var audio = options.MuLaw.Span;
            var offset = (int)(index * FrameBytes % (audio.Length - audio.Length % FrameBytes));
            _send.ResetWrittenCount();
            Write(_send, "{\"event\":\"media\",\"sequenceNumber\":\"" + (index + 2) + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\"" + (index + 1)
                + "\",\"timestamp\":\"" + index * 20 + "\",\"payload\":\"");
            var span = _send.GetSpan(Base64.GetMaxEncodedToUtf8Length(FrameBytes));
            Base64.EncodeToUtf8(audio.Slice(offset, FrameBytes), span, out _, out var encoded);
            _send.Advance(encoded);
            Write(_send, "\"},\"streamSid\":\"" + _streamSid + "\"}");
            return socket.SendAsync(_send.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken);
        }

        private void PlayFrame()
        {
            lock (_lock)
            {
                var left = FrameBytes;
                while (left > 0 && _queued.TryPeek(out var chunk))
                {
                    var take = Math.Min(left, chunk.Length - _headOffset);
                    if (options.RecordAudio)
                        _played.Write(chunk, _headOffset, take);
                    _headOffset += take;
                    _consumed += take;
                    left -= take;
                    if (_headOffset == chunk.Length)
                    {
                        _queued.Dequeue();
                        _headOffset = 0;
                    }
                }
            }
        }

        private async ValueTask EchoMarksAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                byte[] name;
                lock (_lock)
                {
                    if (!_marks.TryPeek(out var mark) || mark.Position > _consumed)
                        return;
                    name = _marks.Dequeue().Name;
                    _marksEchoed++;
                }

                await SendTextAsync($$$"""{"event":"mark","sequenceNumber":"0","streamSid":"{{{_streamSid}}}","mark":{"name":"{{{Encoding.UTF8.GetString(name)}}}"}}""", cancellationToken);
            }
        }

        private async Task ReceiveAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[16 * 1024];
            var payload = new byte[4096];
            while (!_stopReading)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                        Array.Resize(ref buffer, buffer.Length * 2);
                    result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                        return;
                    count += result.Count;
                }
                while (!result.EndOfMessage);

                Handle(buffer.AsSpan(0, count), ref payload);
            }
        }

        private void Handle(ReadOnlySpan<byte> utf8, ref byte[] payload)
        {
            var message = MediaStreamProtocol.Read(utf8, ref payload);
            lock (_lock)
            {
                switch (message.Kind)
                {
                    case MediaStreamEventKind.Media:
                        _queued.Enqueue(payload.AsSpan(0, message.PayloadLength).ToArray());
                        _received += message.PayloadLength;
                        break;
                    case MediaStreamEventKind.Mark:
                        _marks.Enqueue((_received, message.MarkName.ToArray()));
                        break;
                    case MediaStreamEventKind.Clear:
                        _clears++;
                        _queued.Clear();
                        _headOffset = 0;
                        _consumed = _received; // dropped unplayed: every pending mark is due now
                        break;
                }
            }
        }

        private ValueTask SendTextAsync(string text, CancellationToken cancellationToken) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(text).AsMemory(), WebSocketMessageType.Text, true, cancellationToken);

        private static void Write(ArrayBufferWriter<byte> output, string text)
        {
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            output.Advance(Encoding.UTF8.GetBytes(text, span));
        }
    }
}
