using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Realtime.LocalServer;

/// <summary>
/// One realtime WebSocket on the local server: a simulated session. Client events handled:
/// <c>session.update</c>, <c>input_audio_buffer.append/commit/clear</c> (server VAD emits speech started/stopped and
/// commits on silence), <c>conversation.item.create/retrieve/delete/truncate</c>, <c>response.create/cancel</c>,
/// <c>output_audio_buffer.clear</c>. A response calls the first function tool when the last item is a user turn,
/// otherwise streams an assistant message (audio echoing the user's last audio, with a transcript; or text).
/// Bad JSON, unknown events and invalid values get <c>error</c> events. Tests can inject raw frames, close or drop it.
/// Translation sessions (<c>/v1/realtime/translations</c>) speak their own events: see the Translation part of this class.
/// </summary>
public sealed partial class LocalRealtimeConnection
{
    private const int PcmBytesPerMs = 48; // 24 kHz PCM16 mono

    private readonly LocalRealtimeServer _server;
    private readonly HttpContext _context;
    private readonly WebSocket _socket;
    private readonly bool _transcriptionOnly;
    private readonly bool _translation;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _sendBuffer = new(4096);
    private readonly List<JsonObject> _items = [];
    private readonly Dictionary<string, byte[]> _itemAudio = [];
    private readonly MemoryStream _inputAudio = new();
    private readonly ConcurrentQueue<string> _receivedTypes = new();
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JsonObject _session;
    private byte[] _lastUserAudio = [];
    private long _audioWrittenMs;
    private long _receivedAudioBytes;
    private int _sentEvents;
    private bool _inSpeech;
    private long _silenceMs;
    private string? _speechItemId;

    internal LocalRealtimeConnection(LocalRealtimeServer server, HttpContext context, WebSocket socket, LocalSessionKind kind, string model)
    {
        _server = server;
        _context = context;
        _socket = socket;
        _transcriptionOnly = kind == LocalSessionKind.Transcription;
        _translation = kind == LocalSessionKind.Translation;
        var expires = DateTimeOffset.UtcNow.AddMinutes(30);
        _session = _translation ? DefaultTranslationSession(server, model, expires) : DefaultSession(server, _transcriptionOnly, model, expires);
        RequestPath = context.Request.Path + context.Request.QueryString;
        RequestHeaders = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The request path and query the client opened.</summary>
    public string RequestPath { get; }

    /// <summary>The handshake's request headers (a test server: this includes the Authorization header).</summary>
    public IReadOnlyDictionary<string, string> RequestHeaders { get; }

    /// <summary>The <c>type</c> of every client event received, in order (<c>&lt;invalid&gt;</c> for unparseable messages).</summary>
    public IReadOnlyCollection<string> ReceivedEventTypes => _receivedTypes;

    /// <summary>The current session configuration (a copy).</summary>
    public JsonObject Session => (JsonObject)_session.DeepClone();

    /// <summary>Bytes of input audio received in <c>input_audio_buffer.append</c> events.</summary>
    public long ReceivedAudioBytes => Interlocked.Read(ref _receivedAudioBytes);

    /// <summary>How many protocol events this server sent (raw test frames not counted).</summary>
    public int SentEventCount => Volatile.Read(ref _sentEvents);

    /// <summary>Completes when the connection ends.</summary>
    public Task Completion => _completed.Task;

    // ---- test hooks ----

    /// <summary>Sends raw bytes as one frame (<paramref name="endOfMessage"/> false leaves the message open).</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> data, bool endOfMessage = true, WebSocketMessageType messageType = WebSocketMessageType.Text, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(data, messageType, endOfMessage, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a text message as is (e.g. an event this server does not know, or malformed JSON).</summary>
    public Task SendTextAsync(string text, CancellationToken cancellationToken = default) =>
        SendRawAsync(Encoding.UTF8.GetBytes(text), cancellationToken: cancellationToken);

    /// <summary>Starts the close handshake from the server side.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string? description = null, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.CloseOutputAsync(status, description, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close frame.</summary>
    public void Abort()
    {
        if (_completed.Task.IsCompleted)
        {
            return;
        }

        try
        {
            _context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request finished meanwhile: nothing left to drop.
        }
    }

    // ---- loop ----

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SendEventAsync("session.created", w => WriteNode(w, "session", _session)).ConfigureAwait(false);
            if (!_transcriptionOnly && !_translation)
            {
                await SendEventAsync("conversation.created", w =>
                {
                    w.WriteStartObject("conversation");
                    w.WriteString("id", _server.NewId("conv"));
                    w.WriteString("object", "realtime.conversation");
                    w.WriteEndObject();
                }).ConfigureAwait(false);
            }

            var buffer = new ArrayBufferWriter<byte>(64 * 1024);
            while (true)
            {
                buffer.ResetWrittenCount();
                var tooLarge = false;
                long received = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        if (_socket.State == WebSocketState.CloseReceived)
                        {
                            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                            try
                            {
                                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
                            }
                            finally
                            {
                                _sendLock.Release();
                            }
                        }

                        return;
                    }

                    received += result.Count;
                    if (tooLarge || received > _server.Options.MaxClientMessageBytes)
                    {
                        tooLarge = true;
                        buffer.ResetWrittenCount();
                    }
                    else
                    {
                        buffer.Advance(result.Count);
                    }
                }
                while (!result.EndOfMessage);

                if (tooLarge)
                {
                    _receivedTypes.Enqueue("<too large>");
                    await SendErrorAsync("message_too_large", $"The client event is {received} bytes, over the limit of {_server.Options.MaxClientMessageBytes} bytes.", null, null).ConfigureAwait(false);
                    continue;
                }

                await HandleMessageAsync(buffer.WrittenMemory).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ConnectionAbortedException)
        {
            // The client went away.
        }
        finally
        {
            _completed.TrySetResult();
        }
    }

    private async Task HandleMessageAsync(ReadOnlyMemory<byte> message)
    {
        if (!_translation && TryReadAppend(message.Span, out var appended))
        {
            _receivedTypes.Enqueue("input_audio_buffer.append");
            await AppendAudioAsync(appended).ConfigureAwait(false);
            return;
        }

        JsonObject evt;
        try
        {
            evt = JsonNode.Parse(message.Span) as JsonObject ?? throw new JsonException("The event is not a JSON object.");
        }
        catch (JsonException ex)
        {
            _receivedTypes.Enqueue("<invalid>");
            await SendErrorAsync("invalid_json", "The client event is not valid JSON: " + ex.Message, null, null).ConfigureAwait(false);
            return;
        }

        var type = Str(evt["type"]);
        var eventId = Str(evt["event_id"]);
        _receivedTypes.Enqueue(type ?? "<no type>");
        try
        {
            if (_translation)
            {
                await HandleTranslationEventAsync(type, evt, eventId).ConfigureAwait(false);
                return;
            }

            switch (type)
            {
                case "session.update":
                    await OnSessionUpdateAsync(evt, eventId).ConfigureAwait(false);
                    break;
                case "input_audio_buffer.append":
                    await OnAppendAsync(evt, eventId).ConfigureAwait(false);
                    break;
                case "input_audio_buffer.commit":
                    await CommitAsync(eventId, fromVad: false).ConfigureAwait(false);
                    break;
                case "input_audio_buffer.clear":
                    _inputAudio.SetLength(0);
                    _inSpeech = false;
                    await SendEventAsync("input_audio_buffer.cleared", null).ConfigureAwait(false);
                    break;
                case "conversation.item.create":
                    await OnItemCreateAsync(evt, eventId).ConfigureAwait(false);
                    break;
                case "conversation.item.retrieve":
                    await OnItemRetrieveAsync(evt, eventId).ConfigureAwait(false);
                    break;
                case "conversation.item.delete":
                    await OnItemDeleteAsync(evt, eventId).ConfigureAwait(false);
                    break;
                case "conversation.item.truncate":
                    await OnTruncateAsync(evt, eventId).ConfigureAwait(false);
                    break;
                case "response.create":
                    await OnResponseCreateAsync(evt["response"] as JsonObject, eventId).ConfigureAwait(false);
                    break;
                case "response.cancel":
                    // Responses here are produced in one go: there is never one in progress to cancel.
                    await SendErrorAsync("response_cancel_not_active", "There is no active response to cancel.", null, eventId).ConfigureAwait(false);
                    break;
                case "output_audio_buffer.clear":
                    await SendEventAsync("output_audio_buffer.cleared", w => w.WriteString("response_id", "")).ConfigureAwait(false);
                    break;
                case null:
                    await SendErrorAsync("missing_required_parameter", "The event has no string 'type'.", "type", eventId).ConfigureAwait(false);
                    break;
                default:
                    await SendErrorAsync("invalid_value", $"Unknown client event type '{type}'.", "type", eventId).ConfigureAwait(false);
                    break;
            }
        }
        catch (InvalidEventException ex)
        {
            await SendErrorAsync(ex.Code, ex.Message, ex.Param, eventId).ConfigureAwait(false);
        }
    }

    // ---- session ----

    internal static JsonObject DefaultSession(LocalRealtimeServer server, bool transcription, string model, DateTimeOffset expires)
    {
        var format = new JsonObject { ["type"] = "audio/pcm", ["rate"] = 24000 };
        var vad = new JsonObject
        {
            ["type"] = "server_vad",
            ["threshold"] = 0.5,
            ["prefix_padding_ms"] = 300,
            ["silence_duration_ms"] = 500,
            ["create_response"] = !transcription,
            ["interrupt_response"] = !transcription,
        };

        if (transcription)
        {
            return new JsonObject
            {
                ["id"] = server.NewId("sess"),
                ["object"] = "realtime.transcription_session",
                ["type"] = "transcription",
                ["expires_at"] = expires.ToUnixTimeSeconds(),
                ["audio"] = new JsonObject
                {
                    ["input"] = new JsonObject
                    {
                        ["format"] = format,
                        ["transcription"] = new JsonObject { ["model"] = "gpt-4o-transcribe" },
                        ["turn_detection"] = vad,
                    },
                },
            };
        }

        return new JsonObject
        {
            ["id"] = server.NewId("sess"),
            ["object"] = "realtime.session",
            ["type"] = "realtime",
            ["model"] = model,
            ["expires_at"] = expires.ToUnixTimeSeconds(),
            ["output_modalities"] = new JsonArray("audio"),
            ["instructions"] = "",
            ["tool_choice"] = "auto",
            ["tools"] = new JsonArray(),
            ["max_output_tokens"] = "inf",
            ["audio"] = new JsonObject
            {
                ["input"] = new JsonObject { ["format"] = format, ["turn_detection"] = vad },
                ["output"] = new JsonObject { ["format"] = format.DeepClone(), ["voice"] = "alloy", ["speed"] = 1.0 },
            },
        };
    }

    /// <summary>Deep-merges <paramref name="update"/> into <paramref name="target"/>: objects merge, anything else (null too) replaces.</summary>
    internal static void Merge(JsonObject target, JsonObject update) => Merge(target, update, topLevel: true);

    private static void Merge(JsonObject target, JsonObject update, bool topLevel)
    {
        foreach (var (name, value) in update)
        {
            if (topLevel && name is "id" or "object" or "type")
            {
                continue; // the session's own, set by the server (nested ones, like a format's type, are the client's)
            }

            if (value is JsonObject patch && target[name] is JsonObject existing)
            {
                // A format of another type is replaced whole: a PCM rate must not stay on a μ-law format.
                if (patch["type"] is JsonValue newType && existing["type"] is JsonValue oldType && Str(newType) != Str(oldType))
                {
                    target[name] = patch.DeepClone();
                }
                else
                {
                    Merge(existing, patch, topLevel: false);
                }
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }

    private async Task OnSessionUpdateAsync(JsonObject evt, string? eventId)
    {
        if (evt["session"] is not JsonObject update)
        {
            throw new InvalidEventException("missing_required_parameter", "session.update needs a 'session' object.", "session");
        }

        var requestedType = Str(update["type"]);
        var currentType = Str(_session["type"]);
        if (requestedType is not null && requestedType != currentType)
        {
            throw new InvalidEventException("invalid_value", $"The session type cannot change from '{currentType}' to '{requestedType}'.", "session.type");
        }

        if (update["tools"] is JsonArray tools)
        {
            foreach (var tool in tools)
            {
                if (tool is not JsonObject t || Str(t["type"]) is not ("function" or "mcp") || (Str(t["type"]) == "function" && Str(t["name"]) is null))
                {
                    throw new InvalidEventException("invalid_value", "Each tool needs a type ('function' or 'mcp') and a function tool a name.", "session.tools");
                }
            }
        }

        Merge(_session, update);
        await SendEventAsync("session.updated", w => WriteNode(w, "session", _session)).ConfigureAwait(false);
    }

    // ---- input audio ----

    private string InputFormat => Str(_session["audio"]?["input"]?["format"]?["type"]) ?? "audio/pcm";

    private int InputBytesPerMs => InputFormat == "audio/pcm" ? PcmBytesPerMs : 8;

    private string OutputFormat => Str(_session["audio"]?["output"]?["format"]?["type"]) ?? "audio/pcm";

    // audio/pcmu and audio/pcma are 8 kHz, one byte per sample.
    private int OutputBytesPerMs => OutputFormat == "audio/pcm" ? PcmBytesPerMs : 8;

    private JsonObject? TurnDetection => _session["audio"]?["input"]?["turn_detection"] as JsonObject;

    private Task OnAppendAsync(JsonObject evt, string? eventId)
    {
        var base64 = Str(evt["audio"]) ?? throw new InvalidEventException("missing_required_parameter", "input_audio_buffer.append needs 'audio' (base64).", "audio");
        byte[] audio;
        try
        {
            audio = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidEventException("invalid_value", "'audio' is not valid base64.", "audio");
        }

        return AppendAudioAsync(audio);
    }

    /// <summary>
    /// The common case of a stream, read without building a JSON tree (load tests send thousands a second): an object of
    /// <c>type</c> <c>input_audio_buffer.append</c>, an optional string <c>event_id</c> and valid base64 <c>audio</c>,
    /// nothing else. Anything else returns false and takes the general path, which reports its errors.
    /// </summary>
    private static bool TryReadAppend(ReadOnlySpan<byte> message, out byte[] audio)
    {
        audio = [];
        var reader = new Utf8JsonReader(message);
        var isAppend = false;
        var hasAudio = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    isAppend = reader.Read() && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("input_audio_buffer.append"u8);
                    if (!isAppend)
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("audio"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String || !reader.TryGetBytesFromBase64(out var bytes) || bytes is null)
                    {
                        return false;
                    }

                    audio = bytes;
                    hasAudio = true;
                }
                else if (!reader.ValueTextEquals("event_id"u8) || !reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }
            }

            return isAppend && hasAudio && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task AppendAudioAsync(byte[] audio)
    {
        Interlocked.Add(ref _receivedAudioBytes, audio.Length);
        var startMs = _audioWrittenMs;
        _inputAudio.Write(audio);
        _audioWrittenMs += audio.Length / InputBytesPerMs;

        if (TurnDetection is { } vad && InputFormat is "audio/pcm" or "audio/pcmu")
        {
            await DetectSpeechAsync(audio, startMs, vad).ConfigureAwait(false);
        }
    }

    /// <summary>Energy VAD over 10 ms windows: loud → speech started; a silence of silence_duration_ms → stopped and committed.</summary>
    private async Task DetectSpeechAsync(byte[] audio, long startMs, JsonObject vad)
    {
        var silenceLimit = Num(vad["silence_duration_ms"]) ?? 500;
        var muLaw = InputFormat == "audio/pcmu";
        var bytesPerMs = InputBytesPerMs;
        var window = 10 * bytesPerMs;
        for (var offset = 0; offset + window <= audio.Length; offset += window)
        {
            var samples = audio.AsSpan(offset, window);
            var loud = (muLaw ? MuLawRms(samples) : Rms(samples)) > _server.Options.SpeechRmsThreshold;
            var atMs = startMs + offset / bytesPerMs;
            if (loud && !_inSpeech)
            {
                _inSpeech = true;
                _silenceMs = 0;
                _speechItemId = _server.NewId("item");
                var itemId = _speechItemId;
                await SendEventAsync("input_audio_buffer.speech_started", w =>
                {
                    w.WriteNumber("audio_start_ms", atMs);
                    w.WriteString("item_id", itemId);
                }).ConfigureAwait(false);
            }
            else if (_inSpeech)
            {
                _silenceMs = loud ? 0 : _silenceMs + 10;
                if (_silenceMs >= silenceLimit)
                {
                    _inSpeech = false;
                    var itemId = _speechItemId!;
                    await SendEventAsync("input_audio_buffer.speech_stopped", w =>
                    {
                        w.WriteNumber("audio_end_ms", atMs + 10);
                        w.WriteString("item_id", itemId);
                    }).ConfigureAwait(false);
                    await CommitAsync(null, fromVad: true).ConfigureAwait(false);
                }
            }
        }
    }

    private static double Rms(ReadOnlySpan<byte> pcm)
    {
        double sum = 0;
        var samples = pcm.Length / 2;
        for (var i = 0; i < samples; i++)
        {
            double s = (short)(pcm[2 * i] | pcm[2 * i + 1] << 8);
            sum += s * s;
        }

        return samples == 0 ? 0 : Math.Sqrt(sum / samples);
    }

    private static double MuLawRms(ReadOnlySpan<byte> muLaw)
    {
        double sum = 0;
        foreach (var code in muLaw)
        {
            double s = MuLawToLinear(code);
            sum += s * s;
        }

        return muLaw.Length == 0 ? 0 : Math.Sqrt(sum / muLaw.Length);
    }

    // G.711 μ-law, written out here so the server stays independent of the client's runtime.
    private static short MuLawToLinear(byte code)
    {
        var u = ~code & 0xFF;
        var magnitude = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (short)((u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84);
    }

    private static byte LinearToMuLaw(short sample)
    {
        var value = (int)sample;
        var sign = value < 0 ? 0x80 : 0;
        var magnitude = Math.Min(Math.Abs(value), 32635) + 0x84;
        var exponent = 7;
        for (var mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        var mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    private async Task CommitAsync(string? eventId, bool fromVad)
    {
        if (_inputAudio.Length == 0)
        {
            throw new InvalidEventException("input_audio_buffer_commit_empty", "The input audio buffer is empty: nothing to commit.", null);
        }

        var audio = _inputAudio.ToArray();
        _inputAudio.SetLength(0);
        var itemId = fromVad && _speechItemId is not null ? _speechItemId : _server.NewId("item");
        _speechItemId = null;
        _inSpeech = false;
        _lastUserAudio = audio;
        var previous = _items.Count > 0 ? Str(_items[^1]["id"]) : null;

        await SendEventAsync("input_audio_buffer.committed", w =>
        {
            w.WriteString("item_id", itemId);
            if (previous is not null)
            {
                w.WriteString("previous_item_id", previous);
            }
        }).ConfigureAwait(false);

        var transcriptionConfigured = _session["audio"]?["input"]?["transcription"] is JsonObject;
        var item = new JsonObject
        {
            ["id"] = itemId,
            ["type"] = "message",
            ["object"] = "realtime.item",
            ["status"] = "completed",
            ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "input_audio" }),
        };
        _items.Add(item);
        _itemAudio[itemId] = audio;
        await SendItemEventAsync("conversation.item.added", item, previous).ConfigureAwait(false);
        await SendItemEventAsync("conversation.item.done", item, previous).ConfigureAwait(false);

        if (transcriptionConfigured || _transcriptionOnly)
        {
            var transcript = DescribeAudio(audio.Length);
            foreach (var delta in Chunks(transcript))
            {
                await SendEventAsync("conversation.item.input_audio_transcription.delta", w =>
                {
                    w.WriteString("item_id", itemId);
                    w.WriteNumber("content_index", 0);
                    w.WriteString("delta", delta);
                }).ConfigureAwait(false);
            }

            ((JsonObject)item["content"]![0]!)["transcript"] = transcript;
            var seconds = Math.Max(1, (int)Math.Ceiling(audio.Length / (double)(InputBytesPerMs * 1000)));
            await SendEventAsync("conversation.item.input_audio_transcription.completed", w =>
            {
                w.WriteString("item_id", itemId);
                w.WriteNumber("content_index", 0);
                w.WriteString("transcript", transcript);
                w.WriteStartObject("usage");
                w.WriteString("type", "duration");
                w.WriteNumber("seconds", seconds);
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }

        if (fromVad && !_transcriptionOnly && TurnDetection?["create_response"]?.GetValue<bool>() != false)
        {
            await OnResponseCreateAsync(null, null).ConfigureAwait(false);
        }
    }

    private string DescribeAudio(int bytes) =>
        $"[local transcription: {bytes / (double)(InputBytesPerMs * 1000):0.00} s of audio]";

    // ---- conversation items ----

    private async Task OnItemCreateAsync(JsonObject evt, string? eventId)
    {
        if (_transcriptionOnly)
        {
            throw new InvalidEventException("invalid_request_error", "Transcription sessions have no conversation.", "type");
        }

        if (evt["item"]?.DeepClone() is not JsonObject item || Str(item["type"]) is not { } itemType)
        {
            throw new InvalidEventException("missing_required_parameter", "conversation.item.create needs an 'item' with a 'type'.", "item");
        }

        switch (itemType)
        {
            case "message" when Str(item["role"]) is "user" or "assistant" or "system" && item["content"] is JsonArray:
                break;
            case "function_call_output" when Str(item["call_id"]) is { } callId && Str(item["output"]) is not null:
                if (!_items.Any(i => Str(i["type"]) == "function_call" && Str(i["call_id"]) == callId))
                {
                    throw new InvalidEventException("invalid_value", $"No function call with call_id '{callId}' in the conversation.", "item.call_id");
                }

                break;
            case "function_call" when Str(item["name"]) is not null && Str(item["arguments"]) is not null:
                break;
            default:
                throw new InvalidEventException("invalid_value", $"Invalid or incomplete conversation item of type '{itemType}'.", "item");
        }

        item["id"] ??= _server.NewId("item");
        item["object"] = "realtime.item";
        item["status"] = "completed";
        var requestedPrevious = Str(evt["previous_item_id"]);
        var index = _items.Count;
        if (requestedPrevious is not null)
        {
            index = requestedPrevious == "root" ? 0 : _items.FindIndex(i => Str(i["id"]) == requestedPrevious) + 1;
            if (index == 0 && requestedPrevious != "root")
            {
                throw new InvalidEventException("invalid_value", $"No item '{requestedPrevious}' to insert after.", "previous_item_id");
            }
        }

        var previous = index > 0 ? Str(_items[index - 1]["id"]) : null;
        _items.Insert(index, item);
        await SendItemEventAsync("conversation.item.added", item, previous).ConfigureAwait(false);
        await SendItemEventAsync("conversation.item.done", item, previous).ConfigureAwait(false);
    }

    private Task OnItemRetrieveAsync(JsonObject evt, string? eventId)
    {
        var item = FindItem(evt);
        return SendEventAsync("conversation.item.retrieved", w => WriteNode(w, "item", item));
    }

    private Task OnItemDeleteAsync(JsonObject evt, string? eventId)
    {
        var item = FindItem(evt);
        _items.Remove(item);
        var id = Str(item["id"])!;
        return SendEventAsync("conversation.item.deleted", w => w.WriteString("item_id", id));
    }

    private JsonObject FindItem(JsonObject evt)
    {
        var id = Str(evt["item_id"]) ?? throw new InvalidEventException("missing_required_parameter", "The event needs an 'item_id'.", "item_id");
        return _items.Find(i => Str(i["id"]) == id)
            ?? throw new InvalidEventException("item_not_found", $"No conversation item '{id}'.", "item_id");
    }

    private async Task OnTruncateAsync(JsonObject evt, string? eventId)
    {
        var item = FindItem(evt);
        var id = Str(item["id"])!;
        var contentIndex = Num(evt["content_index"]) ?? throw new InvalidEventException("missing_required_parameter", "conversation.item.truncate needs 'content_index'.", "content_index");
        var audioEndMs = Num(evt["audio_end_ms"]) ?? throw new InvalidEventException("missing_required_parameter", "conversation.item.truncate needs 'audio_end_ms'.", "audio_end_ms");
        if (Str(item["role"]) != "assistant" || !_itemAudio.TryGetValue(id, out var audio) || contentIndex != 0)
        {
            throw new InvalidEventException("invalid_value", $"Item '{id}' has no assistant audio at content index {contentIndex}.", "item_id");
        }

        var durationMs = audio.Length / OutputBytesPerMs;
        if (audioEndMs < 0 || audioEndMs > durationMs)
        {
            throw new InvalidEventException("invalid_value", $"audio_end_ms {audioEndMs} is outside the item's audio (0..{durationMs} ms).", "audio_end_ms");
        }

        _itemAudio[id] = audio[..(int)(audioEndMs * OutputBytesPerMs)];
        if (item["content"]?[0] is JsonObject part)
        {
            part.Remove("transcript"); // the real service drops the transcript of truncated audio
        }

        await SendEventAsync("conversation.item.truncated", w =>
        {
            w.WriteString("item_id", id);
            w.WriteNumber("content_index", contentIndex);
            w.WriteNumber("audio_end_ms", audioEndMs);
        }).ConfigureAwait(false);
    }

    // ---- responses ----

    private async Task OnResponseCreateAsync(JsonObject? parameters, string? eventId)
    {
        if (_transcriptionOnly)
        {
            throw new InvalidEventException("invalid_request_error", "Transcription sessions do not create responses.", "type");
        }

        var responseId = _server.NewId("resp");
        var modalities = (parameters?["output_modalities"] ?? _session["output_modalities"]) as JsonArray;
        var audioOut = modalities is null || modalities.Any(m => Str(m) == "audio");
        await SendEventAsync("response.created", w => WriteResponse(w, responseId, "in_progress", [], modalities)).ConfigureAwait(false);

        var tools = (parameters?["tools"] ?? _session["tools"]) as JsonArray;
        var toolChoice = parameters?["tool_choice"] ?? _session["tool_choice"];
        var lastItem = _items.Count > 0 ? _items[^1] : null;
        var tool = Str(toolChoice) == "none" || lastItem is null || Str(lastItem["role"]) != "user"
            ? null
            : tools?.OfType<JsonObject>().FirstOrDefault(t => Str(t["type"]) == "function"
                && (toolChoice is not JsonObject choice || Str(choice["name"]) == Str(t["name"])));

        JsonObject output = tool is not null
            ? await StreamFunctionCallAsync(responseId, tool).ConfigureAwait(false)
            : await StreamMessageAsync(responseId, audioOut, parameters).ConfigureAwait(false);

        await SendEventAsync("response.done", w => WriteResponse(w, responseId, "completed", [output], modalities)).ConfigureAwait(false);
        await SendEventAsync("rate_limits.updated", w =>
        {
            w.WriteStartArray("rate_limits");
            w.WriteStartObject();
            w.WriteString("name", "requests");
            w.WriteNumber("limit", 1000);
            w.WriteNumber("remaining", 999);
            w.WriteNumber("reset_seconds", 60);
            w.WriteEndObject();
            w.WriteEndArray();
        }).ConfigureAwait(false);
    }

    private async Task<JsonObject> StreamFunctionCallAsync(string responseId, JsonObject tool)
    {
        var itemId = _server.NewId("item");
        var callId = _server.NewId("call");
        var name = Str(tool["name"])!;
        var arguments = BuildArguments(tool["parameters"] as JsonObject);
        var item = new JsonObject
        {
            ["id"] = itemId,
            ["type"] = "function_call",
            ["object"] = "realtime.item",
            ["status"] = "in_progress",
            ["name"] = name,
            ["call_id"] = callId,
            ["arguments"] = "",
        };
        var previous = Str(_items[^1]["id"]);
        await SendOutputItemEventAsync("response.output_item.added", responseId, item).ConfigureAwait(false);
        await SendItemEventAsync("conversation.item.added", item, previous).ConfigureAwait(false);
        foreach (var delta in Chunks(arguments))
        {
            await SendEventAsync("response.function_call_arguments.delta", w =>
            {
                w.WriteString("response_id", responseId);
                w.WriteString("item_id", itemId);
                w.WriteNumber("output_index", 0);
                w.WriteString("call_id", callId);
                w.WriteString("delta", delta);
            }).ConfigureAwait(false);
        }

        await SendEventAsync("response.function_call_arguments.done", w =>
        {
            w.WriteString("response_id", responseId);
            w.WriteString("item_id", itemId);
            w.WriteNumber("output_index", 0);
            w.WriteString("call_id", callId);
            w.WriteString("name", name);
            w.WriteString("arguments", arguments);
        }).ConfigureAwait(false);

        item["status"] = "completed";
        item["arguments"] = arguments;
        _items.Add(item);
        await SendItemEventAsync("conversation.item.done", item, previous).ConfigureAwait(false);
        await SendOutputItemEventAsync("response.output_item.done", responseId, item).ConfigureAwait(false);
        return item;
    }

    /// <summary>Arguments for a simulated call: a value per declared property (strings "local", numbers the last user audio's milliseconds, booleans true).</summary>
    private string BuildArguments(JsonObject? parameters)
    {
        var args = new JsonObject();
        if (parameters?["properties"] is JsonObject properties)
        {
            foreach (var (name, schema) in properties)
            {
                args[name] = Str(schema?["type"]) switch
                {
                    "number" or "integer" => JsonValue.Create(_lastUserAudio.Length / InputBytesPerMs),
                    "boolean" => JsonValue.Create(true),
                    "array" => new JsonArray(),
                    "object" => new JsonObject(),
                    _ => schema?["enum"] is JsonArray { Count: > 0 } values ? values[0]!.DeepClone() : JsonValue.Create("local"),
                };
            }
        }

        return args.ToJsonString();
    }

    private async Task<JsonObject> StreamMessageAsync(string responseId, bool audioOut, JsonObject? parameters)
    {
        var text = ReplyText(parameters);
        var itemId = _server.NewId("item");
        var item = new JsonObject
        {
            ["id"] = itemId,
            ["type"] = "message",
            ["object"] = "realtime.item",
            ["status"] = "in_progress",
            ["role"] = "assistant",
            ["content"] = new JsonArray(),
        };
        var previous = _items.Count > 0 ? Str(_items[^1]["id"]) : null;
        await SendOutputItemEventAsync("response.output_item.added", responseId, item).ConfigureAwait(false);
        await SendItemEventAsync("conversation.item.added", item, previous).ConfigureAwait(false);

        var kind = audioOut ? "output_audio" : "output_text";
        await SendPartEventAsync("response.content_part.added", responseId, itemId, new JsonObject { ["type"] = kind, [audioOut ? "transcript" : "text"] = "" }).ConfigureAwait(false);

        JsonObject part;
        if (audioOut)
        {
            // The reply echoes the user's audio when it is already in the output format, else it is a tone.
            var audio = _lastUserAudio.Length > 0 && InputFormat == OutputFormat && OutputFormat is "audio/pcm" or "audio/pcmu"
                ? _lastUserAudio
                : Tone(text.Length * 40, OutputFormat == "audio/pcmu");
            var textChunks = Chunks(text).ToList();
            var deltaBytes = Math.Max(1, _server.Options.AudioDeltaBytes * OutputBytesPerMs / PcmBytesPerMs); // the same duration in any format
            var audioChunkCount = (audio.Length + deltaBytes - 1) / deltaBytes;
            for (var i = 0; i < Math.Max(audioChunkCount, textChunks.Count); i++)
            {
                if (i < audioChunkCount)
                {
                    var start = i * deltaBytes;
                    var chunk = audio.AsMemory(start, Math.Min(deltaBytes, audio.Length - start));
                    await SendContentEventAsync("response.output_audio.delta", responseId, itemId, w => w.WriteBase64String("delta", chunk.Span)).ConfigureAwait(false);
                }

                if (i < textChunks.Count)
                {
                    var delta = textChunks[i];
                    await SendContentEventAsync("response.output_audio_transcript.delta", responseId, itemId, w => w.WriteString("delta", delta)).ConfigureAwait(false);
                }
            }

            await SendContentEventAsync("response.output_audio.done", responseId, itemId, null).ConfigureAwait(false);
            await SendContentEventAsync("response.output_audio_transcript.done", responseId, itemId, w => w.WriteString("transcript", text)).ConfigureAwait(false);
            _itemAudio[itemId] = audio;
            part = new JsonObject { ["type"] = "output_audio", ["transcript"] = text };
        }
        else
        {
            foreach (var delta in Chunks(text))
            {
                await SendContentEventAsync("response.output_text.delta", responseId, itemId, w => w.WriteString("delta", delta)).ConfigureAwait(false);
            }

            await SendContentEventAsync("response.output_text.done", responseId, itemId, w => w.WriteString("text", text)).ConfigureAwait(false);
            part = new JsonObject { ["type"] = "output_text", ["text"] = text };
        }

        await SendPartEventAsync("response.content_part.done", responseId, itemId, part).ConfigureAwait(false);
        item["status"] = "completed";
        item["content"] = new JsonArray(part.DeepClone());
        _items.Add(item);
        await SendOutputItemEventAsync("response.output_item.done", responseId, item).ConfigureAwait(false);
        await SendItemEventAsync("conversation.item.done", item, previous).ConfigureAwait(false);
        return item;
    }

    private string ReplyText(JsonObject? parameters)
    {
        var last = _items.Count > 0 ? _items[^1] : null;
        if (last is not null && Str(last["type"]) == "function_call_output")
        {
            var call = _items.LastOrDefault(i => Str(i["type"]) == "function_call" && Str(i["call_id"]) == Str(last["call_id"]));
            return $"The {Str(call?["name"]) ?? "function"} tool returned {Str(last["output"])}.";
        }

        if (last is not null && Str(last["role"]) == "user" && last["content"]?[0] is JsonObject content)
        {
            if (Str(content["text"]) is { } said)
            {
                return $"You said: {said}";
            }

            if (Str(content["type"]) == "input_audio")
            {
                return $"I heard {_lastUserAudio.Length / (double)(InputBytesPerMs * 1000):0.00} seconds of audio.";
            }
        }

        return Str(parameters?["instructions"]) is { Length: > 0 } instructions ? $"Following: {instructions}" : "Hello from the local realtime server.";
    }

    /// <summary>A 440 Hz tone: 24 kHz PCM16, or 8 kHz μ-law for <c>audio/pcmu</c>.</summary>
    private static byte[] Tone(int milliseconds, bool muLaw)
    {
        var rate = muLaw ? 8000 : 24000;
        var samples = milliseconds * rate / 1000;
        var audio = new byte[muLaw ? samples : samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(6000 * Math.Sin(2 * Math.PI * 440 * i / rate));
            if (muLaw)
            {
                audio[i] = LinearToMuLaw(value);
            }
            else
            {
                audio[2 * i] = (byte)value;
                audio[2 * i + 1] = (byte)(value >> 8);
            }
        }

        return audio;
    }

    private IEnumerable<string> Chunks(string text)
    {
        var size = Math.Max(1, _server.Options.TextDeltaChars);
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }

    // ---- writing events ----

    private void WriteResponse(Utf8JsonWriter w, string responseId, string status, JsonObject[] output, JsonArray? modalities)
    {
        w.WriteStartObject("response");
        w.WriteString("id", responseId);
        w.WriteString("object", "realtime.response");
        w.WriteString("status", status);
        w.WriteString("conversation_id", "conv_local");
        w.WriteStartArray("output_modalities");
        foreach (var modality in modalities ?? new JsonArray("audio"))
        {
            w.WriteStringValue(Str(modality));
        }

        w.WriteEndArray();
        w.WriteStartArray("output");
        foreach (var item in output)
        {
            item.WriteTo(w);
        }

        w.WriteEndArray();
        if (status == "completed")
        {
            w.WriteStartObject("usage");
            w.WriteNumber("input_tokens", 10);
            w.WriteNumber("output_tokens", 20);
            w.WriteNumber("total_tokens", 30);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private Task SendItemEventAsync(string type, JsonObject item, string? previous) =>
        SendEventAsync(type, w =>
        {
            if (previous is not null)
            {
                w.WriteString("previous_item_id", previous);
            }

            WriteNode(w, "item", item);
        });

    private Task SendOutputItemEventAsync(string type, string responseId, JsonObject item) =>
        SendEventAsync(type, w =>
        {
            w.WriteString("response_id", responseId);
            w.WriteNumber("output_index", 0);
            WriteNode(w, "item", item);
        });

    private Task SendPartEventAsync(string type, string responseId, string itemId, JsonObject part) =>
        SendContentEventAsync(type, responseId, itemId, w => WriteNode(w, "part", part));

    private Task SendContentEventAsync(string type, string responseId, string itemId, Action<Utf8JsonWriter>? fields) =>
        SendEventAsync(type, w =>
        {
            w.WriteString("response_id", responseId);
            w.WriteString("item_id", itemId);
            w.WriteNumber("output_index", 0);
            w.WriteNumber("content_index", 0);
            fields?.Invoke(w);
        });

    private static void WriteNode(Utf8JsonWriter w, string name, JsonNode node)
    {
        w.WritePropertyName(name);
        node.WriteTo(w);
    }

    private Task SendErrorAsync(string code, string message, string? param, string? clientEventId) =>
        SendEventAsync("error", w =>
        {
            w.WriteStartObject("error");
            w.WriteString("type", "invalid_request_error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            if (param is not null)
            {
                w.WriteString("param", param);
            }

            if (clientEventId is not null)
            {
                w.WriteString("event_id", clientEventId);
            }

            w.WriteEndObject();
        });

    /// <summary>Writes <c>{"type", "event_id", …fields}</c> with <see cref="Utf8JsonWriter"/> and sends it as one message.</summary>
    private async Task SendEventAsync(string type, Action<Utf8JsonWriter>? fields)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _sendBuffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_sendBuffer))
            {
                writer.WriteStartObject();
                writer.WriteString("type", type);
                writer.WriteString("event_id", _server.NewId("event"));
                fields?.Invoke(writer);
                writer.WriteEndObject();
            }

            await _socket.SendAsync(_sendBuffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref _sentEvents);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private static string? Str(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? s) ? s : null;

    private static long? Num(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out double d) ? (long)d : null;

    private sealed class InvalidEventException(string code, string message, string? param) : Exception(message)
    {
        public string Code { get; } = code;

        public string? Param { get; } = param;
    }
}
