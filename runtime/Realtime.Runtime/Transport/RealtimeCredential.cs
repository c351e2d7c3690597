namespace Realtime.Api;

/// <summary>How a realtime connection authenticates.</summary>
public enum RealtimeCredentialKind
{
    /// <summary>A standard API key (server-side use).</summary>
    ApiKey,

    /// <summary>An ephemeral client secret minted by <c>POST /realtime/client_secrets</c> (client-side use).</summary>
    ClientSecret,
}

/// <summary>
/// The secret a realtime connection presents as <c>Authorization: Bearer …</c>. The value is never shown by
/// <see cref="ToString"/>, logged or put into exception messages.
/// </summary>
public sealed class RealtimeCredential
{
    private readonly string _secret;

    private RealtimeCredential(RealtimeCredentialKind kind, string secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            throw new ArgumentException("The credential is empty.", nameof(secret));
        }

        if (secret.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("The credential contains a line break.", nameof(secret));
        }

        Kind = kind;
        _secret = secret.Trim();
    }

    /// <summary>An API key credential.</summary>
    public static RealtimeCredential FromApiKey(string apiKey) => new(RealtimeCredentialKind.ApiKey, apiKey);

    /// <summary>An ephemeral client secret credential (the <c>value</c> of a created client secret).</summary>
    public static RealtimeCredential FromClientSecret(string clientSecret) => new(RealtimeCredentialKind.ClientSecret, clientSecret);

    /// <summary>Reads an API key from an environment variable (default <c>OPENAI_API_KEY</c>); null when unset or empty.</summary>
    public static RealtimeCredential? FromEnvironment(string variable = "OPENAI_API_KEY") =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } key && !string.IsNullOrWhiteSpace(key)
            ? FromApiKey(key)
            : null;

    /// <summary>Which kind of secret this is.</summary>
    public RealtimeCredentialKind Kind { get; }

    /// <summary>The value of the <c>Authorization</c> header.</summary>
    internal string AuthorizationHeaderValue => "Bearer " + _secret;

    /// <summary>Never shows the secret.</summary>
    public override string ToString() => $"{Kind} (redacted)";
}
