using System.Net.WebSockets;
using System.Text;

namespace Realtime.Api;

/// <summary>Which realtime WebSocket a connection opens (the URL differs per kind).</summary>
public enum RealtimeSessionKind
{
    /// <summary>A conversation (voice agent) session: <c>/v1/realtime?model=…</c>.</summary>
    Conversation,

    /// <summary>A transcription-only session: <c>/v1/realtime?intent=transcription</c>.</summary>
    Transcription,

    /// <summary>A translation session: <c>/v1/realtime/translations?model=…</c>.</summary>
    Translation,
}

/// <summary>Where and how to open a realtime WebSocket.</summary>
public sealed record RealtimeConnectionOptions
{
    /// <summary>The public realtime endpoint.</summary>
    public static Uri DefaultEndpoint { get; } = new("wss://api.openai.com/v1/realtime");

    /// <summary>The realtime endpoint (<c>ws</c>/<c>wss</c>; <c>http</c>/<c>https</c> are mapped to them). Translation sessions append <c>/translations</c>.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>The model (<c>model</c> query parameter); omitted when null.</summary>
    public string? Model { get; init; }

    /// <summary>Which kind of session the URL opens.</summary>
    public RealtimeSessionKind Kind { get; init; } = RealtimeSessionKind.Conversation;

    /// <summary>Attaches to an existing call (SIP/WebRTC) as the <c>call_id</c> query parameter; omitted when null.</summary>
    public string? CallId { get; init; }

    /// <summary>The secret sent as <c>Authorization: Bearer …</c>; none when null (e.g. a local server).</summary>
    public RealtimeCredential? Credential { get; init; }

    /// <summary>Extra query parameters, appended after the ones above.</summary>
    public IReadOnlyDictionary<string, string> QueryParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra request headers (e.g. <c>OpenAI-Organization</c>, <c>OpenAI-Project</c>). Their values are never logged.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>WebSocket keep-alive (ping) interval; null keeps the platform default.</summary>
    public TimeSpan? KeepAliveInterval { get; init; }

    /// <summary>A last hook on the <see cref="ClientWebSocketOptions"/> (proxy, certificates, …).</summary>
    public Action<ClientWebSocketOptions>? ConfigureWebSocket { get; init; }

    /// <summary>The WebSocket URL these options open.</summary>
    public Uri BuildUri()
    {
        var endpoint = Endpoint ?? throw new InvalidOperationException("The realtime endpoint is not set.");
        if (!endpoint.IsAbsoluteUri)
        {
            throw new InvalidOperationException($"The realtime endpoint must be an absolute URI, not '{endpoint}'.");
        }

        var builder = new UriBuilder(endpoint)
        {
            Scheme = endpoint.Scheme switch
            {
                "ws" or "http" => "ws",
                "wss" or "https" => "wss",
                _ => throw new InvalidOperationException($"The realtime endpoint must use ws, wss, http or https, not '{endpoint.Scheme}'."),
            },
        };

        // UriBuilder keeps the default port of the original scheme explicit; drop it when it is the new default.
        if (endpoint.IsDefaultPort)
        {
            builder.Port = -1;
        }

        if (Kind == RealtimeSessionKind.Translation)
        {
            builder.Path = builder.Path.TrimEnd('/') + "/translations";
        }

        var query = new StringBuilder(endpoint.Query.TrimStart('?'));
        if (Model is not null)
        {
            Append(query, "model", Model);
        }

        if (Kind == RealtimeSessionKind.Transcription)
        {
            Append(query, "intent", "transcription");
        }

        if (CallId is not null)
        {
            Append(query, "call_id", CallId);
        }

        foreach (var (name, value) in QueryParameters)
        {
            Append(query, name, value);
        }

        builder.Query = query.ToString();
        return builder.Uri;
    }

    private static void Append(StringBuilder query, string name, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
    }

    /// <summary>Applies the credential, headers and hooks to a client socket's options.</summary>
    internal void ApplyTo(ClientWebSocketOptions options)
    {
        options.CollectHttpResponseDetails = true;
        if (KeepAliveInterval is { } keepAlive)
        {
            options.KeepAliveInterval = keepAlive;
        }

        foreach (var (name, value) in Headers)
        {
            if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase) && Credential is not null)
            {
                throw new InvalidOperationException("Set either Credential or an Authorization header, not both.");
            }

            options.SetRequestHeader(name, value);
        }

        if (Credential is not null)
        {
            options.SetRequestHeader("Authorization", Credential.AuthorizationHeaderValue);
        }

        ConfigureWebSocket?.Invoke(options);
    }

    /// <summary>The URL for messages and logs: scheme, host, port and path only (query values may be private).</summary>
    internal static string Describe(Uri uri) => uri.GetLeftPart(UriPartial.Path);
}
