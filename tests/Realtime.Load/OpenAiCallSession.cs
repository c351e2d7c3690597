using System.ClientModel;
using OpenAI.Realtime;
using PhoneBridge;
using Realtime.Api.Audio;

namespace Realtime.Load;

/// <summary>
/// The baseline session layer: OpenAI 2.15.0's <see cref="RealtimeSessionClient"/>, used as its documentation shows
/// (audio in as <see cref="BinaryData"/> per 20 ms frame, updates enumerated from <c>ReceiveUpdatesAsync</c>). The audio
/// conversion is the same runtime code as the other layer's, so only the session layer differs.
/// </summary>
internal sealed class OpenAiCallSessionFactory(Uri endpoint, SessionAudioMode audio) : IRealtimeCallSessionFactory
{
    private readonly RealtimeClient _client = new(new ApiKeyCredential("local"), new RealtimeClientOptions { Endpoint = endpoint });

    public async Task<IRealtimeCallSession> ConnectAsync(string callSid, CancellationToken cancellationToken)
    {
        var session = await _client.StartConversationSessionAsync("gpt-realtime", cancellationToken: cancellationToken);
        try
        {
            // The same session.update the other layer sends, as protocol JSON through the SDK's send path.
            var format = audio == SessionAudioMode.Pcmu ? """{"type":"audio/pcmu"}""" : """{"type":"audio/pcm","rate":24000}""";
            await session.SendCommandAsync(BinaryData.FromString(
                """{"type":"session.update","session":{"type":"realtime","instructions":"You are a friendly phone assistant. Keep answers short.","audio":{"input":{"format":"""
                + format + """},"output":{"format":""" + format + "}}}}"), null);
            return new OpenAiCallSession(session, audio == SessionAudioMode.Pcmu ? AudioFormat.G711MuLaw : AudioFormat.Pcm16Realtime);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}

internal sealed class OpenAiCallSession(RealtimeSessionClient session, AudioFormat format) : IRealtimeCallSession
{
    private AudioConverter? _converter;
    private AudioFramer? _framer;
    private byte[] _converted = [];

    public AudioFormat OutputFormat => format;

    public async ValueTask<int> SendPhoneAudioAsync(ReadOnlyMemory<byte> muLaw, CancellationToken cancellationToken)
    {
        _converter ??= new AudioConverter(AudioFormat.G711MuLaw, format);
        _framer ??= new AudioFramer(new AudioFramerOptions { Format = format });
        var length = _converter.GetOutputByteCount(muLaw.Length);
        if (_converted.Length < length)
            _converted = new byte[length];
        var written = _converter.Convert(muLaw.Span, _converted);
        return await SendFramesAsync(written, cancellationToken);
    }

    public async ValueTask<int> FlushPhoneAudioAsync(CancellationToken cancellationToken)
    {
        if (_converter is null || _framer is null)
            return 0;
        var tail = new byte[_converter.GetFlushByteCount()];
        var written = _converter.Flush(tail);
        tail.AsSpan(0, written).CopyTo(EnsureConverted(written));
        var sent = await SendFramesAsync(written, cancellationToken);
        if (TakeFlushFrame() is { } last)
        {
            await session.SendInputAudioAsync(BinaryData.FromBytes(last), cancellationToken);
            sent++;
        }

        return sent;
    }

    public ValueTask TruncateAsync(AudioTruncatePoint point, CancellationToken cancellationToken) =>
        new(session.TruncateItemAsync(point.ItemId, point.ContentIndex, TimeSpan.FromMilliseconds(point.AudioEndMs), cancellationToken));

    public async Task RunAsync(IRealtimeCallEvents events, CancellationToken cancellationToken)
    {
        await foreach (var update in session.ReceiveUpdatesAsync(cancellationToken))
        {
            switch (update)
            {
                case RealtimeServerUpdateResponseOutputAudioDelta delta:
                    await events.OnAssistantAudioAsync(delta.ItemId, delta.ContentIndex, delta.Delta.ToMemory(), cancellationToken);
                    break;
                case RealtimeServerUpdateResponseOutputAudioDone:
                    await events.OnAssistantAudioDoneAsync(cancellationToken);
                    break;
                case RealtimeServerUpdateInputAudioBufferSpeechStarted:
                    await events.OnSpeechStartedAsync(cancellationToken);
                    break;
                case RealtimeServerUpdateError error:
                    events.OnSessionError(error.Error?.Code, error.Error?.Message ?? "(no message)");
                    break;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        session.Dispose();
        return ValueTask.CompletedTask;
    }

    private byte[] EnsureConverted(int length)
    {
        if (_converted.Length < length)
            _converted = new byte[length];
        return _converted;
    }

    // Whole frames of the converted audio, each as its own BinaryData (the SDK takes ownership of nothing smaller).
    private async ValueTask<int> SendFramesAsync(int length, CancellationToken cancellationToken)
    {
        var sent = 0;
        var offset = 0;
        while (true)
        {
            var frame = NextFrame(ref offset, length);
            if (frame is null)
                return sent;
            await session.SendInputAudioAsync(BinaryData.FromBytes(frame), cancellationToken);
            sent++;
        }
    }

    private byte[]? NextFrame(ref int offset, int length)
    {
        ReadOnlySpan<byte> input = _converted.AsSpan(offset, length - offset);
        var before = input.Length;
        var complete = _framer!.TryReadFrame(ref input, out var frame);
        offset += before - input.Length;
        return complete ? frame.ToArray() : null;
    }

    private byte[]? TakeFlushFrame() => _framer!.TryFlush(out var frame) ? frame.ToArray() : null;
}
