namespace Notifier.Azure.SignalR.Upstream;

/// <summary>The connection an upstream event is about, from the request's verified <c>X-ASRS-*</c> headers.</summary>
public sealed class SignalRConnectionContext
{
    internal SignalRConnectionContext(string hub, string connectionId, string? userId, IReadOnlyList<KeyValuePair<string, string>> claims, string clientQuery)
    {
        Hub = hub;
        ConnectionId = connectionId;
        UserId = userId;
        Claims = claims;
        ClientQuery = clientQuery;
    }

    /// <summary>The hub, as the service names it (lower-case when the SDKs built the client URL).</summary>
    public string Hub { get; }

    /// <summary>The connection id; the one value the signature covers.</summary>
    public string ConnectionId { get; }

    /// <summary>The user id of the client token; null for an anonymous connection.</summary>
    public string? UserId { get; }

    /// <summary>
    /// The client token's claims from <c>X-ASRS-User-Claims</c>, in order. The header joins pairs with <c>, </c>, so a
    /// claim value containing <c>, </c> arrives split; do not rely on such values.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Claims { get; }

    /// <summary>The client's query string as the service reports it (<c>X-ASRS-Client-Query</c>); empty when absent.</summary>
    public string ClientQuery { get; }
}
