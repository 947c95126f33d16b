using Notifier.Azure.WebPubSub.EventHandler.Internal;

namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>
/// Accepts a <c>connect</c> event. Properties left <see langword="null"/> keep the access token's values and are
/// omitted from the JSON body; a response with no property set is sent as <c>204 No Content</c>.
/// </summary>
public sealed class ConnectEventResponse : EventResponse
{
    /// <summary>Creates a response that accepts the connection and keeps every token default.</summary>
    public ConnectEventResponse()
    {
    }

    /// <summary>Creates a response that accepts the connection with the given settings.</summary>
    /// <param name="userId">The user id, overriding the token's <c>sub</c>; <see langword="null"/> keeps the token's.</param>
    /// <param name="groups">Groups to join; <see langword="null"/> keeps the token's.</param>
    /// <param name="subprotocol">One of the offered subprotocols, or <see langword="null"/> for none.</param>
    /// <param name="roles">Roles replacing the token's; <see langword="null"/> keeps the token's.</param>
    public ConnectEventResponse(string? userId, IEnumerable<string>? groups, string? subprotocol, IEnumerable<string>? roles)
    {
        UserId = userId;
        Groups = groups?.ToArray();
        Subprotocol = subprotocol;
        Roles = roles?.ToArray();
    }

    /// <summary>The user id of the connection; <see langword="null"/> keeps the one from the token.</summary>
    public string? UserId { get; set; }

    /// <summary>Groups the connection joins; <see langword="null"/> keeps the token's.</summary>
    public IReadOnlyList<string>? Groups { get; set; }

    /// <summary>Roles that replace the token's (an empty list removes them); <see langword="null"/> keeps the token's.</summary>
    public IReadOnlyList<string>? Roles { get; set; }

    /// <summary>
    /// The selected subprotocol, which must be one the client offered; <see langword="null"/> or empty selects none and
    /// the property is then omitted (the service rejects an empty string).
    /// </summary>
    public string? Subprotocol { get; set; }

    internal ConnectionStateChanges StateChanges { get; } = new();

    /// <summary>Sets a connection-state entry, which later events of this connection carry.</summary>
    /// <param name="key">The entry's key (case-sensitive).</param>
    /// <param name="value">The entry's value.</param>
    public void SetState(string key, BinaryData value) => StateChanges.Set(key, value);

    /// <summary>Removes a connection-state entry.</summary>
    /// <param name="key">The entry's key (case-sensitive).</param>
    public void ClearState(string key) => StateChanges.Remove(key);

    /// <summary>Removes every connection-state entry.</summary>
    public void ClearStates() => StateChanges.Clear();
}
