using System.Diagnostics.CodeAnalysis;

namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>
/// The blocking <c>connect</c> system event, sent before the client's WebSocket is accepted. Answer with a
/// <see cref="ConnectEventResponse"/> to accept it, or with an <see cref="EventErrorResponse"/> to reject it.
/// </summary>
public sealed class ConnectEventRequest : EventRequest
{
    /// <summary>Creates a <c>connect</c> event, for example to unit-test a handler.</summary>
    /// <param name="connectionContext">The connection the event belongs to.</param>
    /// <param name="claims">The claims of the client's access token.</param>
    /// <param name="query">The query of the client's request.</param>
    /// <param name="headers">The headers of the client's request.</param>
    /// <param name="subprotocols">The subprotocols the client offered.</param>
    /// <param name="clientCertificates">The client certificates, when client-certificate authentication is enabled.</param>
    public ConnectEventRequest(
        WebPubSubConnectionContext connectionContext,
        IReadOnlyDictionary<string, string[]> claims,
        IReadOnlyDictionary<string, string[]> query,
        IReadOnlyDictionary<string, string[]> headers,
        IReadOnlyList<string> subprotocols,
        IReadOnlyList<ClientCertificateInfo> clientCertificates)
        : base(connectionContext)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(subprotocols);
        ArgumentNullException.ThrowIfNull(clientCertificates);
        Claims = claims;
        Query = query;
        Headers = headers;
        Subprotocols = subprotocols;
        ClientCertificates = clientCertificates;
    }

    /// <summary>The claims of the client's access token, keyed by claim type (case-sensitive); values are strings.</summary>
    public IReadOnlyDictionary<string, string[]> Claims { get; }

    /// <summary>The query parameters of the client's request, keyed case-insensitively.</summary>
    public IReadOnlyDictionary<string, string[]> Query { get; }

    /// <summary>The headers of the client's request, keyed case-insensitively.</summary>
    public IReadOnlyDictionary<string, string[]> Headers { get; }

    /// <summary>The subprotocols the client offered, in its order of preference.</summary>
    public IReadOnlyList<string> Subprotocols { get; }

    /// <summary>The client certificates; empty unless client-certificate authentication is enabled.</summary>
    public IReadOnlyList<ClientCertificateInfo> ClientCertificates { get; }

    /// <summary>Creates a response that accepts the connection with the given settings.</summary>
    /// <param name="userId">The user id, overriding the token's <c>sub</c>; <see langword="null"/> keeps the token's.</param>
    /// <param name="groups">Groups to join; <see langword="null"/> keeps the token's.</param>
    /// <param name="subprotocol">One of <see cref="Subprotocols"/>, or <see langword="null"/> for none.</param>
    /// <param name="roles">Roles replacing the token's; <see langword="null"/> keeps the token's.</param>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance method so handlers write request.Create...(), as with the official SDK.")]
    public ConnectEventResponse CreateResponse(string? userId, IEnumerable<string>? groups, string? subprotocol, IEnumerable<string>? roles) =>
        new(userId, groups, subprotocol, roles);
}
