using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace PhoneBridge;

/// <summary>A running bridge on 127.0.0.1 (a port the OS picks): for the offline demo, the tests and the load tool.</summary>
public sealed class PhoneBridgeHost : IAsyncDisposable
{
    private PhoneBridgeHost(WebApplication app)
    {
        App = app;
        BaseUri = PhoneBridgeEndpoints.ListeningUri(app);
        MediaStreamUri = new UriBuilder(BaseUri) { Scheme = "ws", Path = PhoneBridgeEndpoints.MediaStreamPath }.Uri;
        Statistics = app.Services.GetRequiredService<PhoneBridgeStatistics>();
    }

    /// <summary>The web application.</summary>
    public WebApplication App { get; }

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The Media Streams WebSocket (<c>ws://127.0.0.1:port/media-stream</c>).</summary>
    public Uri MediaStreamUri { get; }

    /// <summary>The bridge's figures.</summary>
    public PhoneBridgeStatistics Statistics { get; }

    /// <summary>Starts a bridge whose calls open sessions through <paramref name="sessions"/>.</summary>
    public static async Task<PhoneBridgeHost> StartAsync(
        IRealtimeCallSessionFactory sessions,
        PhoneBridgeOptions? options = null,
        Action<ILoggingBuilder>? logging = null,
        Action<KestrelServerOptions>? kestrel = null,
        IPEndPoint? listen = null,
        Action<SocketTransportOptions>? sockets = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.None);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(listen ?? new IPEndPoint(IPAddress.Loopback, 0));
            kestrel?.Invoke(k);
        });
        if (sockets is not null)
            builder.WebHost.UseSockets(sockets);
        builder.Services.AddPhoneBridge(sessions, options);
        var app = builder.Build();
        app.MapPhoneBridge();
        await app.StartAsync();
        return new PhoneBridgeHost(app);
    }

    /// <summary>Stops the bridge (calls in progress end with <see cref="CallEndReason.Shutdown"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await App.StopAsync(stop.Token);
        }

        await App.DisposeAsync();
    }
}
