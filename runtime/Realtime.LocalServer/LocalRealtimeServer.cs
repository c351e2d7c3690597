using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Realtime.LocalServer;

/// <summary>
/// A Realtime protocol server on 127.0.0.1 (random port) for tests and offline samples: <c>/v1/realtime</c>
/// (conversation and <c>?intent=transcription</c> sessions) and <c>/v1/realtime/translations</c> over WebSocket, and
/// <c>POST /v1/realtime/client_secrets</c> and <c>/v1/realtime/translations/client_secrets</c>.
/// It simulates the model: replies echo the user's audio, transcripts describe it, and a configured function tool
/// is called once per user turn. See <see cref="LocalRealtimeConnection"/> for the events it speaks.
/// </summary>
public sealed class LocalRealtimeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<LocalRealtimeConnection> _accepted = Channel.CreateUnbounded<LocalRealtimeConnection>();
    private readonly ConcurrentQueue<LocalRealtimeConnection> _connections = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _clientSecrets = new();
    private int _nextId;

    private LocalRealtimeServer(WebApplication app, LocalRealtimeServerOptions options)
    {
        _app = app;
        Options = options;
    }

    /// <summary>Starts a server on 127.0.0.1 with a port the OS picks.</summary>
    public static async Task<LocalRealtimeServer> StartAsync(LocalRealtimeServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalRealtimeServerOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LocalRealtimeServer(app, options);

        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Map("/v1/realtime", server.HandleRealtimeAsync);
        app.Map("/v1/realtime/translations", server.HandleRealtimeAsync);
        app.MapPost("/v1/realtime/client_secrets", server.HandleClientSecretAsync);
        app.MapPost("/v1/realtime/translations/client_secrets", server.HandleClientSecretAsync);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no listening address.");
        var port = new Uri(address).Port;
        server.HttpBaseUri = new Uri($"http://127.0.0.1:{port}/v1/");
        server.RealtimeUri = new Uri($"ws://127.0.0.1:{port}/v1/realtime");
        return server;
    }

    /// <summary>The options in effect.</summary>
    public LocalRealtimeServerOptions Options { get; }

    /// <summary>The REST base address (<c>http://127.0.0.1:port/v1/</c>), for an <c>HttpClient</c> or the REST client.</summary>
    public Uri HttpBaseUri { get; private set; } = null!;

    /// <summary>The realtime WebSocket endpoint (<c>ws://127.0.0.1:port/v1/realtime</c>).</summary>
    public Uri RealtimeUri { get; private set; } = null!;

    /// <summary>Every connection accepted so far.</summary>
    public IReadOnlyCollection<LocalRealtimeConnection> Connections => _connections;

    /// <summary>The next accepted connection (in order), e.g. to inject frames or drop it from a test.</summary>
    public ValueTask<LocalRealtimeConnection> AcceptConnectionAsync(CancellationToken cancellationToken = default) =>
        _accepted.Reader.ReadAsync(cancellationToken);

    internal string NewId(string prefix) => $"{prefix}_local{Interlocked.Increment(ref _nextId):D6}";

    private bool IsAuthorized(HttpContext context)
    {
        if (Options.RequiredApiKey is null)
        {
            return true;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        var token = header["Bearer ".Length..].Trim();
        return token == Options.RequiredApiKey
            || (_clientSecrets.TryGetValue(token, out var expires) && expires > DateTimeOffset.UtcNow);
    }

    private static Task RejectAsync(HttpContext context)
    {
        // Like the real service: a JSON error body, never echoing what was presented.
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"error":{"message":"Missing or invalid bearer credential.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""");
    }

    private async Task HandleRealtimeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("Expected a WebSocket request.").ConfigureAwait(false);
            return;
        }

        if (!IsAuthorized(context))
        {
            await RejectAsync(context).ConfigureAwait(false);
            return;
        }

        var kind = IsTranslationPath(context)
            ? LocalSessionKind.Translation
            : context.Request.Query["intent"] == "transcription" ? LocalSessionKind.Transcription : LocalSessionKind.Conversation;
        var model = context.Request.Query["model"].ToString();
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var connection = new LocalRealtimeConnection(this, context, socket, kind, model.Length > 0 ? model : Options.DefaultModel);
        _connections.Enqueue(connection);
        _accepted.Writer.TryWrite(connection);
        await connection.RunAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private async Task HandleClientSecretAsync(HttpContext context)
    {
        if (!IsAuthorized(context))
        {
            await RejectAsync(context).ConfigureAwait(false);
            return;
        }

        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject ?? new JsonObject();
        }
        catch (JsonException ex)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new JsonObject
            {
                ["error"] = new JsonObject { ["message"] = "The body is not valid JSON: " + ex.Message, ["type"] = "invalid_request_error", ["code"] = "invalid_json" },
            })).ConfigureAwait(false);
            return;
        }

        var lifetime = Options.ClientSecretLifetime;
        if (body["expires_after"]?["seconds"] is JsonValue seconds && seconds.TryGetValue(out double s))
        {
            lifetime = TimeSpan.FromSeconds(s);
        }

        var expires = DateTimeOffset.UtcNow + lifetime;
        var requested = body["session"] as JsonObject;
        var translation = IsTranslationPath(context);
        if (translation && requested?["model"] is not JsonValue)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":{"message":"A translation session needs a 'model'.","type":"invalid_request_error","param":"session.model","code":"missing_required_parameter"}}""").ConfigureAwait(false);
            return;
        }

        var value = "ek_" + NewId("secret");
        _clientSecrets[value] = expires;
        if (translation)
        {
            var translationSession = LocalRealtimeConnection.DefaultTranslationSession(this, requested!["model"]!.GetValue<string>(), expires);
            LocalRealtimeConnection.Merge(translationSession, requested);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject
            {
                ["expires_at"] = expires.ToUnixTimeSeconds(),
                ["session"] = translationSession,
                ["value"] = value,
            }.ToJsonString()).ConfigureAwait(false);
            return;
        }

        var transcription = requested?["type"]?.GetValue<string>() == "transcription";
        var session = LocalRealtimeConnection.DefaultSession(this, transcription, requested?["model"]?.GetValue<string>() ?? Options.DefaultModel, expires);
        if (requested is not null)
        {
            LocalRealtimeConnection.Merge(session, requested);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["expires_at"] = expires.ToUnixTimeSeconds(),
            ["session"] = session,
            ["value"] = value,
        }.ToJsonString()).ConfigureAwait(false);
    }

    private static bool IsTranslationPath(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/v1/realtime/translations", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        _accepted.Writer.TryComplete();
        foreach (var connection in _connections)
        {
            connection.Abort();
        }

        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
