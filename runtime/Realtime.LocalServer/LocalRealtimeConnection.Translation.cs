using System.Text.Json.Nodes;

namespace Realtime.LocalServer;

/// <summary>Which endpoint a local connection serves.</summary>
internal enum LocalSessionKind
{
    Conversation,
    Transcription,
    Translation,
}

/// <summary>
/// Translation sessions: <c>session.update</c> (audio settings only; type and model are fixed at creation),
/// <c>session.input_audio_buffer.append</c> and <c>session.close</c>. The simulated translator works in 200 ms steps
/// of input: each step yields a source transcript delta (when input transcription is configured), a "translated"
/// transcript delta naming the output language, and a <c>session.output_audio.delta</c> echoing that step's audio.
/// <c>session.close</c> flushes the last partial step, answers <c>session.closed</c> and closes the socket.
/// </summary>
public sealed partial class LocalRealtimeConnection
{
    private const int TranslationStepBytes = 200 * PcmBytesPerMs;

    private readonly MemoryStream _untranslated = new();
    private long _translatedMs;

    internal static JsonObject DefaultTranslationSession(LocalRealtimeServer server, string model, DateTimeOffset expires) => new()
    {
        ["id"] = server.NewId("sess"),
        ["type"] = "translation",
        ["model"] = model,
        ["expires_at"] = expires.ToUnixTimeSeconds(),
        ["audio"] = new JsonObject
        {
            ["input"] = new JsonObject(),
            ["output"] = new JsonObject { ["language"] = "es" },
        },
    };

    private async Task HandleTranslationEventAsync(string? type, JsonObject evt, string? eventId)
    {
        switch (type)
        {
            case "session.update":
                await OnTranslationSessionUpdateAsync(evt).ConfigureAwait(false);
                break;
            case "session.input_audio_buffer.append":
                await OnTranslationAppendAsync(evt).ConfigureAwait(false);
                break;
            case "session.close":
                await TranslateAsync(flush: true).ConfigureAwait(false);
                await SendEventAsync("session.closed", null).ConfigureAwait(false);
                await CloseAsync().ConfigureAwait(false);
                break;
            case null:
                throw new InvalidEventException("missing_required_parameter", "The event has no string 'type'.", "type");
            default:
                throw new InvalidEventException("invalid_value", $"'{type}' is not a translation client event (session.update, session.input_audio_buffer.append, session.close).", "type");
        }
    }

    private async Task OnTranslationSessionUpdateAsync(JsonObject evt)
    {
        if (evt["session"] is not JsonObject update)
        {
            throw new InvalidEventException("missing_required_parameter", "session.update needs a 'session' object.", "session");
        }

        foreach (var fixedField in (string[])["type", "model"])
        {
            if (update.ContainsKey(fixedField))
            {
                throw new InvalidEventException("invalid_value", $"The translation session's '{fixedField}' is set at creation and cannot be updated.", "session." + fixedField);
            }
        }

        Merge(_session, update);
        await SendEventAsync("session.updated", w => WriteNode(w, "session", _session)).ConfigureAwait(false);
    }

    private async Task OnTranslationAppendAsync(JsonObject evt)
    {
        var base64 = Str(evt["audio"]) ?? throw new InvalidEventException("missing_required_parameter", "session.input_audio_buffer.append needs 'audio' (base64 PCM16).", "audio");
        try
        {
            _untranslated.Write(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw new InvalidEventException("invalid_value", "'audio' is not valid base64.", "audio");
        }

        await TranslateAsync(flush: false).ConfigureAwait(false);
    }

    /// <summary>Emits one step per 200 ms of buffered input (and, when flushing, the shorter rest in whole samples).</summary>
    private async Task TranslateAsync(bool flush)
    {
        var buffered = _untranslated.GetBuffer().AsMemory(0, (int)_untranslated.Length);
        var offset = 0;
        while (buffered.Length - offset >= TranslationStepBytes || (flush && buffered.Length - offset >= 2))
        {
            var length = Math.Min(TranslationStepBytes, (buffered.Length - offset) & ~1);
            var step = buffered.Slice(offset, length);
            offset += length;
            _translatedMs += length / PcmBytesPerMs;
            var elapsed = _translatedMs;
            var seconds = length / (double)(PcmBytesPerMs * 1000);
            if (_session["audio"]?["input"]?["transcription"] is JsonObject)
            {
                await SendEventAsync("session.input_transcript.delta", w =>
                {
                    w.WriteString("delta", $"[heard {seconds:0.00} s]");
                    w.WriteNumber("elapsed_ms", elapsed);
                }).ConfigureAwait(false);
            }

            var language = Str(_session["audio"]?["output"]?["language"]) ?? "es";
            await SendEventAsync("session.output_transcript.delta", w =>
            {
                w.WriteString("delta", $"[{language}: {seconds:0.00} s]");
                w.WriteNumber("elapsed_ms", elapsed);
            }).ConfigureAwait(false);
            await SendEventAsync("session.output_audio.delta", w =>
            {
                w.WriteBase64String("delta", step.Span);
                w.WriteNumber("elapsed_ms", elapsed);
                w.WriteString("format", "pcm16");
                w.WriteNumber("sample_rate", 24000);
                w.WriteNumber("channels", 1);
            }).ConfigureAwait(false);
        }

        // Keep the untranslated rest (a partial step, or an odd trailing byte) for the next append.
        var rest = buffered[offset..].ToArray();
        _untranslated.SetLength(0);
        _untranslated.Write(rest);
    }
}
