// Ephemeral client secrets: a server with the API key mints a short-lived secret for a browser or phone, which then
// opens the realtime WebSocket with it. Uses the generated REST client.
//
//   dotnet run --project samples/ClientSecret                        offline: the local server's /v1/realtime/client_secrets
//   dotnet run --project samples/ClientSecret -- --endpoint http://host:port/v1/   another compatible server (OPENAI_API_KEY if it needs one)
//   dotnet run --project samples/ClientSecret -- --live              https://api.openai.com/v1/ with OPENAI_API_KEY
using Realtime.Api;
using Realtime.LocalServer;

var live = args.Contains("--live");
var endpointIndex = Array.IndexOf(args, "--endpoint");
using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

LocalRealtimeServer? server = null;
Uri restBase;
Uri realtimeEndpoint;
string? apiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY") is { Length: > 0 } k ? k : null;
if (live)
{
    if (apiKey is null)
    {
        Console.Error.WriteLine("--live needs the OPENAI_API_KEY environment variable (the secret is minted with it).");
        return 2;
    }

    restBase = RealtimeRestClient.DefaultBaseAddress;
    realtimeEndpoint = RealtimeConnectionOptions.DefaultEndpoint;
}
else if (endpointIndex >= 0)
{
    if (endpointIndex + 1 >= args.Length || !Uri.TryCreate(args[endpointIndex + 1], UriKind.Absolute, out var custom) || custom.Scheme is not ("http" or "https"))
    {
        Console.Error.WriteLine("--endpoint needs an absolute http(s) base address such as http://127.0.0.1:5000/v1/");
        return 2;
    }

    restBase = custom.AbsoluteUri.EndsWith('/') ? custom : new Uri(custom.AbsoluteUri + "/");
    realtimeEndpoint = new Uri(restBase, "realtime");
}
else
{
    // Offline: the local server plays the API, and insists on a key like the real one does.
    apiKey = "sk-local-demo";
    server = await LocalRealtimeServer.StartAsync(new LocalRealtimeServerOptions { RequiredApiKey = apiKey }, cancel.Token);
    restBase = server.HttpBaseUri;
    realtimeEndpoint = server.RealtimeUri;
    Console.WriteLine($"Offline: local server at {restBase}");
}

try
{
    using var http = new HttpClient { BaseAddress = restBase };
    var rest = new RealtimeRestClient(http, apiKey);
    Console.WriteLine($"POST {new Uri(restBase, "realtime/client_secrets")} …");
    var secret = await rest.CreateClientSecretAsync(new CreateClientSecretRequest
    {
        Session = new RealtimeSessionCreateRequest { Model = "gpt-realtime", Instructions = "Greet the user." },
    }, cancel.Token);

    var expires = DateTimeOffset.FromUnixTimeSeconds((long)secret.ExpiresAt);
    // Show only a prefix: the secret is a credential.
    Console.WriteLine($"Client secret: {secret.Value[..Math.Min(8, secret.Value.Length)]}… (expires {expires:u})");

    // What the client device does with it: open the realtime WebSocket with the ephemeral secret, no API key.
    await using var connection = await RealtimeConnection.ConnectAsync(new RealtimeConnectionOptions
    {
        Endpoint = realtimeEndpoint,
        Model = "gpt-realtime",
        Credential = RealtimeCredential.FromClientSecret(secret.Value),
    }, cancellationToken: cancel.Token);
    if (await connection.ReceiveEventAsync(cancel.Token) is SessionCreatedEvent created)
    {
        var session = created.Session is RealtimeSessionCreateResponse s ? $"{s.Id} ({s.Model})" : created.Session.ToString();
        Console.WriteLine($"Connected with the client secret: session {session}");
    }

    await connection.CloseAsync(cancellationToken: cancel.Token);
    return 0;
}
catch (RealtimeRestClientException ex)
{
    Console.Error.WriteLine($"The server refused: HTTP {ex.StatusCode} on {ex.Method} {ex.Path}");
    return 1;
}
catch (Exception ex) when (ex is HttpRequestException or RealtimeConnectionException)
{
    Console.Error.WriteLine($"Cannot reach the server: {ex.Message}");
    return 1;
}
finally
{
    if (server is not null)
    {
        await server.DisposeAsync();
    }
}
