using System.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PhoneBridge;

/// <summary>The bridge's HTTP surface: the Media Streams WebSocket and the TwiML that points a call at it.</summary>
public static class PhoneBridgeEndpoints
{
    /// <summary>The Media Streams WebSocket path.</summary>
    public const string MediaStreamPath = "/media-stream";

    /// <summary>
    /// Registers what the endpoints need: <see cref="PhoneBridgeOptions"/>, <see cref="PhoneBridgeStatistics"/> and the
    /// session factory.
    /// </summary>
    public static IServiceCollection AddPhoneBridge(this IServiceCollection services, IRealtimeCallSessionFactory sessions, PhoneBridgeOptions? options = null)
    {
        services.AddSingleton(sessions);
        services.AddSingleton(options ?? new PhoneBridgeOptions());
        services.AddSingleton<PhoneBridgeStatistics>();
        return services;
    }

    /// <summary>
    /// Maps <see cref="MediaStreamPath"/> (one <see cref="CallBridge"/> per WebSocket) and <c>POST /incoming-call</c>
    /// (TwiML connecting the call's audio to it).
    /// </summary>
    public static WebApplication MapPhoneBridge(this WebApplication app)
    {
        app.UseWebSockets();
        app.Map(MediaStreamPath, async (HttpContext context, IRealtimeCallSessionFactory sessions, PhoneBridgeOptions options,
            PhoneBridgeStatistics statistics, ILoggerFactory loggers, IHostApplicationLifetime lifetime) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("Expected a Media Streams WebSocket.");
                return;
            }

            using var phone = await context.WebSockets.AcceptWebSocketAsync();
            var bridge = new CallBridge(phone, sessions, options, statistics, loggers.CreateLogger<CallBridge>());
            await bridge.RunAsync(lifetime.ApplicationStopping);
        });

        app.MapPost("/incoming-call", (HttpContext context) =>
        {
            var scheme = context.Request.IsHttps ? "wss" : "ws";
            var url = $"{scheme}://{context.Request.Host}{MediaStreamPath}";
            return Results.Content(
                $"""<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="{SecurityElement.Escape(url)}" /></Connect></Response>""",
                "application/xml");
        });

        app.MapGet("/stats", (PhoneBridgeStatistics statistics) => Results.Json(StatisticsJson(statistics)));
        return app;
    }

    /// <summary>The figures as a JSON-friendly dictionary (what <c>GET /stats</c> returns).</summary>
    public static Dictionary<string, object> StatisticsJson(PhoneBridgeStatistics statistics)
    {
        var latency = statistics.GetLatency();
        var json = new Dictionary<string, object>
        {
            ["activeCalls"] = statistics.ActiveCalls,
            ["callsStarted"] = statistics.CallsStarted,
            ["phoneFrames"] = statistics.PhoneFrames,
            ["appendEvents"] = statistics.AppendEvents,
            ["assistantChunks"] = statistics.AssistantChunks,
            ["bargeIns"] = statistics.BargeIns,
            ["badMessages"] = statistics.BadMessages,
            ["latencyCount"] = latency.Count,
            ["latencyP50Ms"] = latency.P50Ms,
            ["latencyP99Ms"] = latency.P99Ms,
            ["latencyMaxMs"] = latency.MaxMs,
        };
        foreach (var reason in Enum.GetValues<CallEndReason>())
            json["ended" + reason] = statistics.CallsEnded(reason);
        return json;
    }

    /// <summary>The first address the started app listens on (with port 0, the port the OS picked).</summary>
    public static Uri ListeningUri(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no listening address."));
}
