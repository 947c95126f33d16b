namespace Notifier.Azure.WebPubSub.Rest;

/// <summary>What a client needs to connect: the WebSocket URL with its token, the token alone, and its expiry.</summary>
public sealed class ClientAccess
{
    /// <summary>Creates a client access value.</summary>
    public ClientAccess(Uri baseUri, string token, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(token);
        BaseUri = baseUri;
        Token = token;
        ExpiresAt = expiresAt;
        Uri = new Uri(baseUri.AbsoluteUri + "?access_token=" + Uri.EscapeDataString(token));
    }

    /// <summary>The client endpoint without a token, e.g. <c>wss://host/client/hubs/chat</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary><see cref="BaseUri"/> with <c>?access_token=</c>: the URL a client opens.</summary>
    public Uri Uri { get; }

    /// <summary>The client access token (JWT).</summary>
    public string Token { get; }

    /// <summary>When the token stops being accepted for new connections. Open connections are not closed then.</summary>
    public DateTimeOffset ExpiresAt { get; }
}
