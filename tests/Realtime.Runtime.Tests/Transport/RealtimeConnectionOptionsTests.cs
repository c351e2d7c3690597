using Realtime.Api;

namespace Realtime.Runtime.Tests.Transport;

public class RealtimeConnectionOptionsTests
{
    [Fact]
    public void Conversation_url_carries_the_model()
    {
        var uri = new RealtimeConnectionOptions { Model = "gpt-realtime" }.BuildUri();
        Assert.Equal("wss://api.openai.com/v1/realtime?model=gpt-realtime", uri.AbsoluteUri);
    }

    [Fact]
    public void Transcription_url_carries_the_intent()
    {
        var uri = new RealtimeConnectionOptions { Kind = RealtimeSessionKind.Transcription }.BuildUri();
        Assert.Equal("wss://api.openai.com/v1/realtime?intent=transcription", uri.AbsoluteUri);
    }

    [Fact]
    public void Translation_url_uses_the_translations_path()
    {
        var uri = new RealtimeConnectionOptions { Kind = RealtimeSessionKind.Translation, Model = "gpt-realtime-translate" }.BuildUri();
        Assert.Equal("wss://api.openai.com/v1/realtime/translations?model=gpt-realtime-translate", uri.AbsoluteUri);
    }

    [Fact]
    public void Custom_endpoint_keeps_its_port_and_query_and_maps_http_schemes()
    {
        var uri = new RealtimeConnectionOptions
        {
            Endpoint = new Uri("http://127.0.0.1:5123/v1/realtime/?tenant=a"),
            Model = "m x",
            CallId = "rtc_1&2",
            QueryParameters = new Dictionary<string, string> { ["extra"] = "é" },
        }.BuildUri();
        Assert.Equal("ws", uri.Scheme);
        Assert.Equal(5123, uri.Port);
        Assert.Equal("?tenant=a&model=m%20x&call_id=rtc_1%262&extra=%C3%A9", uri.Query);

        var secure = new RealtimeConnectionOptions { Endpoint = new Uri("https://example.test/rt") }.BuildUri();
        Assert.Equal("wss://example.test/rt", secure.AbsoluteUri);
    }

    [Fact]
    public void Unsupported_schemes_and_relative_endpoints_are_clear_errors()
    {
        var ftp = Assert.Throws<InvalidOperationException>(() => new RealtimeConnectionOptions { Endpoint = new Uri("ftp://x/") }.BuildUri());
        Assert.Contains("ws, wss, http or https", ftp.Message);
        Assert.Throws<InvalidOperationException>(() => new RealtimeConnectionOptions { Endpoint = new Uri("/v1/realtime", UriKind.Relative) }.BuildUri());
    }

    [Fact]
    public void Credentials_never_show_their_secret()
    {
        var key = RealtimeCredential.FromApiKey("sk-test-very-secret");
        Assert.DoesNotContain("secret", key.ToString());
        Assert.Equal(RealtimeCredentialKind.ApiKey, key.Kind);
        Assert.Equal("Bearer sk-test-very-secret", key.AuthorizationHeaderValue);
        Assert.DoesNotContain("ek_", RealtimeCredential.FromClientSecret("ek_abc").ToString());
        Assert.Throws<ArgumentException>(() => RealtimeCredential.FromApiKey(" "));
        Assert.Throws<ArgumentException>(() => RealtimeCredential.FromApiKey("a\r\nX-Injected: 1"));
    }

    [Fact]
    public void Describe_drops_the_query()
    {
        Assert.Equal("wss://h/v1/realtime", RealtimeConnectionOptions.Describe(new Uri("wss://h/v1/realtime?model=a&token=b")));
    }
}
