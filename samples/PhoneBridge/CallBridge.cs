using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Realtime.Api;
using Realtime.Api.Audio;

namespace PhoneBridge;

/// <summary>Tuning of the bridge.</summary>
public sealed record PhoneBridgeOptions
{
    /// <summary>How long one send to the phone may take before the phone counts as not reading and the call ends.</summary>
    public TimeSpan PhoneSendTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the phone side has to send <c>start</c>.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long closing either side may take at the end of a call.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The largest phone message accepted (Media Streams messages are well under 1 KiB); larger ones end the call.</summary>
    public int MaxPhoneMessageBytes { get; init; } = 64 * 1024;
}

/// <summary>
/// One phone call: a Media Streams WebSocket on one side, a realtime session on the other.
/// <list type="bullet">
/// <item>Phone → session: each <c>media</c> frame's μ-law is decoded into a per-call buffer and handed to the session
/// (converted and framed there); the time from the frame's arrival to its append event leaving is recorded.</item>
/// <item>Session → phone: assistant audio is converted to μ-law and sent as <c>media</c>, each chunk followed by a
/// <c>mark</c>; when the phone echoes a mark, that audio was played (<see cref="AudioPlaybackTracker.OnAudioPlayed"/>).</item>
/// <item>Barge-in: on speech started, the assistant item is truncated at the played position and the phone told to
/// <c>clear</c> its queue.</item>
/// <item>Teardown: whichever side ends first (stop, a dropped or stalled phone, a failed session) ends the other,
/// returns the buffers and is logged once with its reason.</item>
/// </list>
/// Two loops run per call: the phone loop (the only reader of the phone socket) and the session loop (the only
/// writer to it); the playback state they share is locked.
/// </summary>
public sealed partial class CallBridge : IRealtimeCallEvents
{
    private readonly WebSocket _phone;
    private readonly IRealtimeCallSessionFactory _sessions;
    private readonly PhoneBridgeOptions _options;
    private readonly PhoneBridgeStatistics _statistics;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _sendDeadline = new();

    // Playback state, shared by the session loop (audio out, barge-in) and the phone loop (marks back).
    private readonly Lock _playback = new();
    private readonly Queue<(long Mark, int Bytes)> _pendingMarks = new();
    private AudioPlaybackTracker? _tracker;
    private long _nextMark;

    private IRealtimeCallSession? _session;
    private byte[] _streamSidJson = [];
    private AudioConverter? _toPhone;  // session output → μ-law; made with the first assistant audio
    private byte[] _muLaw = [];
    private ArrayBufferWriter<byte>? _phoneMessage;

    /// <summary>A bridge for one accepted phone WebSocket.</summary>
    public CallBridge(WebSocket phone, IRealtimeCallSessionFactory sessions, PhoneBridgeOptions options, PhoneBridgeStatistics statistics, ILogger logger)
    {
        _phone = phone;
        _sessions = sessions;
        _options = options;
        _statistics = statistics;
        _logger = logger;
    }

    /// <summary>The call's id once <c>start</c> arrived.</summary>
    public string? CallSid { get; private set; }

    /// <summary>Runs the call to its end; never throws for anything the phone or the session does.</summary>
    public async Task<CallEndReason> RunAsync(CancellationToken stopping)
    {
        var buffers = new PhoneBuffers();
        var reason = CallEndReason.NoStart;
        IDisposable? scope = null;
        try
        {
            if (await WaitForStartAsync(buffers, stopping) is { } noStart)
            {
                Log.NoStart(_logger, noStart);
                return reason = noStart;
            }

            var callSid = CallSid!;

            scope = _logger.BeginScope("call {CallSid}", callSid);
            try
            {
                _session = await _sessions.ConnectAsync(callSid, stopping);
            }
            catch (Exception ex) when (ex is RealtimeConnectionException or WebSocketException or IOException or OperationCanceledException or HttpRequestException)
            {
                Log.SessionConnectFailed(_logger, ex);
                await ClosePhoneAsync(WebSocketCloseStatus.InternalServerError, "the realtime session could not be opened");
                return reason = CallEndReason.SessionConnectFailed;
            }

            _statistics.CallStarted();
            Log.CallStarted(_logger, _session.OutputFormat.ToString());
            reason = await BridgeAsync(buffers, stopping);
            return reason;
        }
        finally
        {
            buffers.Release();
            _sendDeadline.Dispose();
            if (CallSid is not null)
            {
                _statistics.CallEnded(reason, _session is not null);
                Log.CallEnded(_logger, reason);
            }

            scope?.Dispose();
        }
    }

    private async Task<CallEndReason> BridgeAsync(PhoneBuffers buffers, CancellationToken stopping)
    {
        var session = _session!;
        using var callEnd = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var phoneLoop = PumpPhoneAsync(buffers, callEnd.Token);
        var sessionLoop = session.RunAsync(this, callEnd.Token);
        CallEndReason reason;
        if (await Task.WhenAny(phoneLoop, sessionLoop) == phoneLoop)
        {
            reason = await phoneLoop;
            if (reason == CallEndReason.SessionFailed)
            {
                // The phone loop found the session gone first; the session loop has (or soon has) the error.
                callEnd.CancelAfter(_options.CloseTimeout);
                Log.SessionFailed(_logger, await ErrorOfAsync(sessionLoop));
            }
            else if (reason == CallEndReason.PhoneStoppedReading)
            {
                Log.PhoneStoppedReading(_logger, _options.PhoneSendTimeout.TotalSeconds);
            }
            else if (reason == CallEndReason.Stopped)
            {
                try
                {
                    await session.FlushPhoneAudioAsync(callEnd.Token); // the caller's last partial frame
                }
                catch (Exception ex) when (IsSessionGone(ex))
                {
                    Log.FlushFailed(_logger, ex);
                }
            }

            await session.DisposeAsync(); // closes the realtime socket: the session loop ends
            callEnd.Cancel();
            await ObserveAsync(sessionLoop);
            if (reason == CallEndReason.SessionFailed)
                await ClosePhoneAsync(WebSocketCloseStatus.InternalServerError, "the realtime session ended");
            else
                await ClosePhoneAsync(WebSocketCloseStatus.NormalClosure, null);
        }
        else
        {
            reason = Classify(sessionLoop.Exception?.InnerException, stopping);
            if (reason is CallEndReason.SessionFailed)
                Log.SessionFailed(_logger, sessionLoop.Exception?.InnerException);
            else if (reason is CallEndReason.PhoneStoppedReading)
                Log.PhoneStoppedReading(_logger, _options.PhoneSendTimeout.TotalSeconds);

            // Tell the phone side the call is over, then stop reading it.
            await ClosePhoneAsync(reason == CallEndReason.SessionEnded ? WebSocketCloseStatus.NormalClosure : WebSocketCloseStatus.InternalServerError, "the realtime session ended");
            callEnd.CancelAfter(_options.CloseTimeout);
            await phoneLoop;
            await session.DisposeAsync();
        }

        return reason;
    }

    private static async Task ObserveAsync(Task loop)
    {
        try
        {
            await loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or RealtimeConnectionException or ObjectDisposedException or WebSocketException or IOException or PhoneNotReadingException)
        {
            // The call is over already (its reason was decided by the phone side): how the session loop noticed does not matter.
        }
    }

    private static async Task<Exception?> ErrorOfAsync(Task loop)
    {
        try
        {
            await loop;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private CallEndReason Classify(Exception? sessionError, CancellationToken stopping) => sessionError switch
    {
        null => CallEndReason.SessionEnded,
        PhoneNotReadingException => CallEndReason.PhoneStoppedReading,
        WebSocketException or IOException or ConnectionAbortedException when !stopping.IsCancellationRequested && sessionError is not RealtimeConnectionException => CallEndReason.PhoneDropped,
        OperationCanceledException when stopping.IsCancellationRequested => CallEndReason.Shutdown,
        _ => CallEndReason.SessionFailed,
    };

    private static bool IsSessionGone(Exception ex) =>
        ex is RealtimeConnectionException or ObjectDisposedException or OperationCanceledException or WebSocketException or IOException;

    // ---- phone → session ----

    /// <summary>
    /// The phone message and its decoded audio: rented once the message's first frame arrives and given back once it
    /// is handled, so a call waiting for the phone holds neither.
    /// </summary>
    private sealed class PhoneBuffers
    {
        public byte[] Receive = [];
        public byte[] Payload = [];

        public bool Held => Receive.Length > 0;

        public void Rent()
        {
            Receive = ArrayPool<byte>.Shared.Rent(1024);
            Payload = ArrayPool<byte>.Shared.Rent(512);
        }

        public void Release()
        {
            if (!Held)
                return;
            ArrayPool<byte>.Shared.Return(Receive);
            ArrayPool<byte>.Shared.Return(Payload);
            Receive = [];
            Payload = [];
        }
    }

    /// <summary>Reads until <c>start</c> (then null, with <see cref="CallSid"/> set), or why there was none.</summary>
    private async Task<CallEndReason?> WaitForStartAsync(PhoneBuffers buffers, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(_options.StartTimeout);
        try
        {
            while (true)
            {
                var length = await ReceiveMessageAsync(buffers, deadline.Token);
                if (length < 0)
                    return CallEndReason.PhoneClosed;
                var kind = ParseStart(buffers, length);
                buffers.Release();
                switch (kind)
                {
                    case MediaStreamEventKind.Start:
                        return null;
                    case MediaStreamEventKind.Stop:
                        return CallEndReason.Stopped;
                }
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return CallEndReason.NoStart;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ConnectionAbortedException)
        {
            return CallEndReason.PhoneDropped;
        }
    }

    private MediaStreamEventKind ParseStart(PhoneBuffers buffers, int length)
    {
        MediaStreamMessage message;
        try
        {
            message = MediaStreamProtocol.Read(buffers.Receive.AsSpan(0, length), ref buffers.Payload);
        }
        catch (FormatException ex)
        {
            _statistics.BadMessage();
            Log.BadMessage(_logger, ex.Message);
            return MediaStreamEventKind.Other;
        }

        if (message.Kind == MediaStreamEventKind.Start)
        {
            if (message.Encoding is { } encoding && (encoding != MediaStreamProtocol.MuLawEncoding || message.SampleRate is not (0 or 8000)))
                Log.UnexpectedFormat(_logger, encoding, message.SampleRate);
            _streamSidJson = MediaStreamProtocol.JsonString(message.StreamSid!);
            CallSid = message.CallSid;
        }

        return message.Kind;
    }

    private async Task<CallEndReason> PumpPhoneAsync(PhoneBuffers buffers, CancellationToken callEnd)
    {
        var session = _session!;
        try
        {
            while (true)
            {
                var length = await ReceiveMessageAsync(buffers, callEnd);
                if (length < 0)
                    return CallEndReason.PhoneClosed;
                var arrival = Stopwatch.GetTimestamp();
                try
                {
                    switch (Parse(buffers, length, out var payloadLength))
                    {
                        case MediaStreamEventKind.Media:
                            var appends = await session.SendPhoneAudioAsync(buffers.Payload.AsMemory(0, payloadLength), callEnd);
                            _statistics.FrameForwarded(arrival, appends);
                            break;
                        case MediaStreamEventKind.Stop:
                            return CallEndReason.Stopped;
                    }
                }
                finally
                {
                    buffers.Release();
                }
            }
        }
        catch (OperationCanceledException) when (callEnd.IsCancellationRequested)
        {
            return CallEndReason.SessionEnded; // the session side ended the call
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ConnectionAbortedException)
        {
            // A send that timed out aborts the socket, which is what this read may have seen.
            return _sendDeadline.IsCancellationRequested ? CallEndReason.PhoneStoppedReading : CallEndReason.PhoneDropped;
        }
        catch (Exception ex) when (ex is RealtimeConnectionException or ObjectDisposedException)
        {
            return CallEndReason.SessionFailed; // the session loop reports it
        }
        catch (InvalidDataException ex)
        {
            Log.BadMessage(_logger, ex.Message);
            return CallEndReason.PhoneDropped;
        }
    }

    /// <summary>Parses one phone message and applies marks; returns its kind (media: its audio is in the payload buffer).</summary>
    private MediaStreamEventKind Parse(PhoneBuffers buffers, int length, out int payloadLength)
    {
        payloadLength = 0;
        MediaStreamMessage message;
        try
        {
            message = MediaStreamProtocol.Read(buffers.Receive.AsSpan(0, length), ref buffers.Payload);
        }
        catch (FormatException ex)
        {
            _statistics.BadMessage();
            Log.BadMessage(_logger, ex.Message);
            return MediaStreamEventKind.Other;
        }

        switch (message.Kind)
        {
            case MediaStreamEventKind.Media when !message.OutboundTrack:
                payloadLength = message.PayloadLength;
                return MediaStreamEventKind.Media;
            case MediaStreamEventKind.Mark:
                if (MediaStreamProtocol.TryParseMarkName(message.MarkName, out var mark))
                    OnMarkPlayed(mark);
                return MediaStreamEventKind.Mark;
            case MediaStreamEventKind.Other:
                Log.SkippedEvent(_logger, message.OtherEvent);
                return MediaStreamEventKind.Other;
            default:
                return message.Kind;
        }
    }

    /// <summary>Reads one whole message into the receive buffer (renting the call's buffers once its first frame arrives); -1 when the phone closed the socket.</summary>
    private async ValueTask<int> ReceiveMessageAsync(PhoneBuffers buffers, CancellationToken cancellationToken)
    {
        if (!buffers.Held)
        {
            // No buffer yet: the socket waits for the next frame and reads its header, no payload.
            var first = await _phone.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
            if (first.MessageType == WebSocketMessageType.Close)
                return -1;
            buffers.Rent();
            if (first.EndOfMessage)
                return 0;
        }

        var count = 0;
        while (true)
        {
            if (count == buffers.Receive.Length)
            {
                if (count >= _options.MaxPhoneMessageBytes)
                    throw new InvalidDataException($"A phone message exceeded {_options.MaxPhoneMessageBytes} bytes.");
                var bigger = ArrayPool<byte>.Shared.Rent(count * 2);
                buffers.Receive.AsSpan(0, count).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffers.Receive);
                buffers.Receive = bigger;
            }

            var result = await _phone.ReceiveAsync(buffers.Receive.AsMemory(count), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
                return -1;
            count += result.Count;
            if (result.EndOfMessage)
                return count;
        }
    }

    private void OnMarkPlayed(long mark)
    {
        lock (_playback)
        {
            long played = 0;
            while (_pendingMarks.TryPeek(out var pending) && pending.Mark <= mark)
            {
                played += _pendingMarks.Dequeue().Bytes;
            }

            if (played > 0)
                _tracker!.OnAudioPlayed(played);
        }
    }

    // ---- session → phone (the session loop) ----

    /// <inheritdoc/>
    public async ValueTask OnAssistantAudioAsync(string itemId, int contentIndex, ReadOnlyMemory<byte> audio, CancellationToken cancellationToken)
    {
        var format = _session!.OutputFormat;
        _toPhone ??= new AudioConverter(format, AudioFormat.G711MuLaw);
        var needed = _toPhone.GetOutputByteCount(audio.Length);
        if (_muLaw.Length < needed)
            _muLaw = new byte[Math.Max(needed, 1024)];
        var muLawBytes = _toPhone.Convert(audio.Span, _muLaw);

        long mark;
        lock (_playback)
        {
            _tracker ??= new AudioPlaybackTracker(format);
            _tracker.OnAudioReceived(itemId, contentIndex, audio.Length);
            mark = ++_nextMark;
            _pendingMarks.Enqueue((mark, audio.Length)); // before the mark is sent: its echo may come back at once
        }

        if (muLawBytes > 0)
        {
            await SendMediaAsync(_muLaw.AsMemory(0, muLawBytes));
        }

        var message = PhoneMessage();
        MediaStreamProtocol.WriteMark(message, _streamSidJson, mark);
        await SendToPhoneAsync(message.WrittenMemory);
        _statistics.AssistantChunk();
    }

    /// <inheritdoc/>
    public async ValueTask OnAssistantAudioDoneAsync(CancellationToken cancellationToken)
    {
        if (_toPhone is null)
            return;
        var tail = _toPhone.GetFlushByteCount();
        if (_muLaw.Length < tail)
            _muLaw = new byte[tail];
        var written = _toPhone.Flush(_muLaw);
        if (written > 0)
            await SendMediaAsync(_muLaw.AsMemory(0, written));
    }

    /// <inheritdoc/>
    public async ValueTask OnSpeechStartedAsync(CancellationToken cancellationToken)
    {
        AudioTruncatePoint point;
        lock (_playback)
        {
            if (_tracker is not { QueuedBytes: > 0 } || !_tracker.TryInterrupt(out point))
                return; // nothing is playing: nothing to interrupt
            _pendingMarks.Clear(); // the phone drops that audio; marks it echoes for it match nothing now
        }

        _toPhone?.Reset();
        var message = PhoneMessage();
        MediaStreamProtocol.WriteClear(message, _streamSidJson);
        await SendToPhoneAsync(message.WrittenMemory);
        await _session!.TruncateAsync(point, cancellationToken);
        _statistics.BargeIn();
        Log.BargeIn(_logger, point.ItemId, point.AudioEndMs);
    }

    /// <inheritdoc/>
    public void OnSessionError(string? code, string message) => Log.SessionError(_logger, code, message);

    private ValueTask SendMediaAsync(ReadOnlyMemory<byte> muLaw)
    {
        var message = PhoneMessage();
        MediaStreamProtocol.WriteMedia(message, _streamSidJson, muLaw.Span);
        return SendToPhoneAsync(message.WrittenMemory);
    }

    private ArrayBufferWriter<byte> PhoneMessage()
    {
        _phoneMessage ??= new ArrayBufferWriter<byte>(2048);
        _phoneMessage.ResetWrittenCount();
        return _phoneMessage;
    }

    /// <summary>Sends to the phone within <see cref="PhoneBridgeOptions.PhoneSendTimeout"/>; a phone that does not take it is not reading.</summary>
    private async ValueTask SendToPhoneAsync(ReadOnlyMemory<byte> message)
    {
        _sendDeadline.CancelAfter(_options.PhoneSendTimeout);
        try
        {
            await _phone.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _sendDeadline.Token);
        }
        catch (OperationCanceledException ex) when (_sendDeadline.IsCancellationRequested)
        {
            throw new PhoneNotReadingException(ex);
        }

        _sendDeadline.TryReset();
    }

    private async Task ClosePhoneAsync(WebSocketCloseStatus status, string? description)
    {
        if (_phone.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            return;
        using var timeout = new CancellationTokenSource(_options.CloseTimeout);
        try
        {
            await _phone.CloseOutputAsync(status, description, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The phone is gone already.
        }
    }

    private sealed class PhoneNotReadingException(Exception inner) : Exception("The phone did not take a message within the send timeout.", inner);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Call started (session audio {Format})")]
        public static partial void CallStarted(ILogger logger, string format);

        [LoggerMessage(2, LogLevel.Information, "Call ended: {Reason}")]
        public static partial void CallEnded(ILogger logger, CallEndReason reason);

        [LoggerMessage(3, LogLevel.Warning, "A phone stream ended before a valid start ({Reason})")]
        public static partial void NoStart(ILogger logger, CallEndReason reason);

        [LoggerMessage(4, LogLevel.Error, "The realtime session could not be opened")]
        public static partial void SessionConnectFailed(ILogger logger, Exception exception);

        [LoggerMessage(5, LogLevel.Error, "The realtime session failed")]
        public static partial void SessionFailed(ILogger logger, Exception? exception);

        [LoggerMessage(6, LogLevel.Warning, "The phone stopped reading: a send took over {Seconds} s")]
        public static partial void PhoneStoppedReading(ILogger logger, double seconds);

        [LoggerMessage(7, LogLevel.Warning, "Skipped a phone message: {Problem}")]
        public static partial void BadMessage(ILogger logger, string problem);

        [LoggerMessage(8, LogLevel.Debug, "Skipped a phone event '{Event}'")]
        public static partial void SkippedEvent(ILogger logger, string? @event);

        [LoggerMessage(9, LogLevel.Warning, "The phone streams {Encoding} at {SampleRate} Hz; the bridge reads it as 8 kHz μ-law")]
        public static partial void UnexpectedFormat(ILogger logger, string encoding, int sampleRate);

        [LoggerMessage(10, LogLevel.Information, "Barge-in: truncated {ItemId} at {AudioEndMs} ms and cleared the phone's queue")]
        public static partial void BargeIn(ILogger logger, string itemId, long audioEndMs);

        [LoggerMessage(11, LogLevel.Warning, "Session error {Code}: {Message}")]
        public static partial void SessionError(ILogger logger, string? code, string message);

        [LoggerMessage(12, LogLevel.Warning, "Could not send the caller's last audio")]
        public static partial void FlushFailed(ILogger logger, Exception exception);
    }
}
