using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Realtime.Schema.Model;

namespace Realtime.Api.Tests.Json;

/// <summary>
/// The generated <see cref="RealtimeRestClient"/> against a recording HTTP server on 127.0.0.1: the request line,
/// headers and body it sends (bodies taken from the page's own examples), the response it parses, and the typed
/// exception of a non-success answer.
/// </summary>
public sealed class RestClientTests : IAsyncLifetime
{
    private const string ApiKey = "sk-test-123";

    private RecordingServer _server = null!;
    private HttpClient _http = null!;
    private RealtimeRestClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await RecordingServer.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_server.Address, "/v1/") };
        _client = new RealtimeRestClient(_http, ApiKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public void The_client_has_one_async_method_per_endpoint_of_the_page()
    {
        var methods = typeof(RealtimeRestClient).GetMethods().Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal)).Select(m => m.Name).ToList();
        var operations = PageSchema.Schema.Endpoints.Select(e => e.OperationName + "Async").ToList();
        Assert.NotEmpty(operations);
        Assert.Equal(operations.Order(StringComparer.OrdinalIgnoreCase), methods.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Create_client_secret_posts_the_page_example_and_parses_the_page_response()
    {
        var example = RichestExample("CreateClientSecret");
        _server.Respond(HttpStatusCode.OK, example.ResponseJson!);

        var response = await _client.CreateClientSecretAsync(RealtimeJson.Deserialize<CreateClientSecretRequest>(example.RequestJson!));

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST /v1/realtime/client_secrets", request.Line);
        Assert.Equal("Bearer " + ApiKey, request.Authorization);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        JsonAssert.Equivalent(example.RequestJson!, request.Body);

        using var expected = System.Text.Json.JsonDocument.Parse(example.ResponseJson!);
        Assert.Equal(expected.RootElement.GetProperty("value").GetString(), response.Value);
        Assert.Equal(expected.RootElement.GetProperty("expires_at").GetDouble(), response.ExpiresAt);
        JsonAssert.Equivalent(example.ResponseJson!, RealtimeJson.Serialize(response));
    }

    [Fact]
    public async Task Accept_call_escapes_the_call_id_and_posts_the_session_configuration()
    {
        var example = RichestExample("AcceptCall");
        _server.Respond(HttpStatusCode.OK, "");

        await _client.AcceptCallAsync("rtc 42/a", RealtimeJson.Deserialize<RealtimeSessionCreateRequest>(example.RequestJson!));

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST /v1/realtime/calls/rtc%2042%2Fa/accept", request.Line);
        JsonAssert.Equivalent(example.RequestJson!, request.Body);
    }

    [Fact]
    public async Task Reject_refer_and_hang_up_send_their_typed_bodies()
    {
        _server.Respond(HttpStatusCode.OK, "");

        await _client.RejectCallAsync("rtc_1", new RejectCallRequest { StatusCode = 486 });
        await _client.ReferCallAsync("rtc_1", new ReferCallRequest { TargetUri = "tel:+14155550123" });
        await _client.HangUpCallAsync("rtc_1");

        Assert.Equal(
            ["POST /v1/realtime/calls/rtc_1/reject", "POST /v1/realtime/calls/rtc_1/refer", "POST /v1/realtime/calls/rtc_1/hangup"],
            _server.Requests.Select(r => r.Line));
        JsonAssert.Equivalent("""{"status_code":486}""", _server.Requests[0].Body);
        JsonAssert.Equivalent("""{"target_uri":"tel:+14155550123"}""", _server.Requests[1].Body);
        Assert.Equal("", _server.Requests[2].Body);
        Assert.All(_server.Requests, r => Assert.Equal("Bearer " + ApiKey, r.Authorization));
    }

    [Fact]
    public async Task A_non_success_answer_is_the_generated_exception_with_status_and_body()
    {
        const string error = """{"error":{"message":"Call not found","type":"invalid_request_error","code":"call_not_found"}}""";
        _server.Respond(HttpStatusCode.NotFound, error);

        var exception = await Assert.ThrowsAsync<RealtimeRestClientException>(() => _client.HangUpCallAsync("rtc_missing"));

        Assert.Equal(404, exception.StatusCode);
        Assert.Equal(error, exception.ErrorBody);
        Assert.Equal("POST", exception.Method);
        Assert.Equal("realtime/calls/rtc_missing/hangup", exception.Path);
        Assert.Contains("404", exception.Message);

        _server.Respond(HttpStatusCode.Unauthorized, """{"error":{"message":"bad key"}}""");
        var secretError = await Assert.ThrowsAsync<RealtimeRestClientException>(() => _client.CreateClientSecretAsync(new CreateClientSecretRequest()));
        Assert.Equal(401, secretError.StatusCode);
        Assert.Contains("bad key", secretError.ErrorBody);
    }

    [Fact]
    public async Task A_success_answer_that_is_not_the_response_type_is_a_JsonException()
    {
        _server.Respond(HttpStatusCode.OK, """{"value":42}""");
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => _client.CreateClientSecretAsync(new CreateClientSecretRequest()));
    }

    /// <summary>The example of an endpoint with the longest request body that also has a response (or the longest body).</summary>
    private static EndpointExample RichestExample(string operation)
    {
        var endpoint = PageSchema.Schema.Endpoints.Single(e => e.OperationName == operation);
        return endpoint.Examples
            .Where(e => !string.IsNullOrWhiteSpace(e.RequestJson))
            .OrderByDescending(e => endpoint.Response is null || !string.IsNullOrWhiteSpace(e.ResponseJson))
            .ThenByDescending(e => e.RequestJson!.Length)
            .First();
    }

    /// <summary>A Kestrel server on 127.0.0.1 (any free port) that records each request and answers with a set response.</summary>
    private sealed class RecordingServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly List<RecordedRequest> _requests = [];
        private (HttpStatusCode Status, string Body) _response = (HttpStatusCode.OK, "");

        private RecordingServer(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;

        public IReadOnlyList<RecordedRequest> Requests
        {
            get
            {
                lock (_requests)
                {
                    return _requests.ToList();
                }
            }
        }

        public void Respond(HttpStatusCode status, string body) => _response = (status, body);

        public static async Task<RecordingServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            var server = new RecordingServer(builder.Build());
            server._app.Run(server.HandleAsync);
            await server._app.StartAsync();
            var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            server.Address = new Uri(address);
            return server;
        }

        private async Task HandleAsync(HttpContext context)
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            lock (_requests)
            {
                _requests.Add(new RecordedRequest(
                    $"{context.Request.Method} {target}",
                    context.Request.Headers.Authorization.ToString(),
                    context.Request.ContentType,
                    body));
            }

            var (status, responseBody) = _response;
            context.Response.StatusCode = (int)status;
            if (responseBody.Length > 0)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(responseBody);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private sealed record RecordedRequest(string Line, string Authorization, string? ContentType, string Body);
}
