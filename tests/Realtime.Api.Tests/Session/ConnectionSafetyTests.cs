using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Realtime.Api.Tests.Session;

/// <summary>Secrets stay out of messages and logs through a whole session; connecting can be cancelled.</summary>
public class ConnectionSafetyTests
{
    private const string SecretHeaderValue = "org-secret-header-value-77";

    [Fact]
    public async Task The_key_and_header_values_never_reach_exceptions_logs_or_option_text_over_a_whole_session()
    {
        var logs = new ListLogger();
        await using var kit = await SessionTestKit.StartAsync(
            new RealtimeTransportOptions { Logger = logs },
            configure: o => o with
            {
                Headers = new Dictionary<string, string> { ["OpenAI-Organization"] = SecretHeaderValue },
                QueryParameters = new Dictionary<string, string> { ["token"] = "query-secret-99" },
            });
        Assert.Equal("Bearer " + SessionTestKit.ApiKey, kit.ServerSide.RequestHeaders["Authorization"]); // it was sent
        await kit.UntilAsync<ConversationCreatedEvent>();

        // An error status from the server, then a dropped connection: both end up in messages and logs.
        await kit.ServerSide.SendRawAsync("""{"type":"response.done","""u8.ToArray(), endOfMessage: false, cancellationToken: kit.Timeout);
        await Task.Delay(100, kit.Timeout);
        kit.ServerSide.Abort();
        var lost = await Assert.ThrowsAsync<RealtimeConnectionException>(() => kit.NextAsync());
        var sendError = await Assert.ThrowsAsync<RealtimeConnectionException>(() => kit.Connection.SendAsync(new InputAudioBufferClearEvent(), kit.Timeout).AsTask());

        var options = new RealtimeConnectionOptions
        {
            Credential = RealtimeCredential.FromApiKey(SessionTestKit.ApiKey),
            Headers = new Dictionary<string, string> { ["OpenAI-Organization"] = SecretHeaderValue },
        };
        var texts = new List<string>(logs.Lines) { lost.ToString(), sendError.ToString(), options.ToString(), options.Credential!.ToString() };
        Assert.Contains(logs.Lines, line => line.Contains("Connected"));
        Assert.Contains(logs.Lines, line => line.Contains("lost"));
        foreach (var secret in (string[])[SessionTestKit.ApiKey, SecretHeaderValue, "query-secret-99"])
        {
            Assert.DoesNotContain(texts, text => text.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_handshake_the_server_never_answers_is_cancelled_promptly()
    {
        // A TCP listener that accepts and then says nothing: the WebSocket upgrade never completes.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RealtimeConnection.ConnectAsync(
            new RealtimeConnectionOptions { Endpoint = new Uri($"ws://127.0.0.1:{port}/v1/realtime"), Credential = RealtimeCredential.FromApiKey(SessionTestKit.ApiKey) },
            cancellationToken: cancel.Token));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
        (await accepted).Dispose();
    }

    [Fact]
    public async Task Nothing_listening_is_a_connection_error_naming_the_endpoint_without_the_secret()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var error = await Assert.ThrowsAsync<RealtimeConnectionException>(() => RealtimeConnection.ConnectAsync(new RealtimeConnectionOptions
        {
            Endpoint = new Uri($"ws://127.0.0.1:{port}/v1/realtime"),
            Credential = RealtimeCredential.FromApiKey(SessionTestKit.ApiKey),
        }));
        Assert.Contains($"127.0.0.1:{port}/v1/realtime", error.Message);
        Assert.Null(error.HttpStatusCode);
        Assert.DoesNotContain(SessionTestKit.ApiKey, error.ToString());
    }
}
