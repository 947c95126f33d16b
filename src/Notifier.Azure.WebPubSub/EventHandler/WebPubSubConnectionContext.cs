using System.Collections.ObjectModel;

namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>
/// What every event request says about its connection: the CloudEvents attributes sent in <c>ce-*</c> headers, the
/// raw request headers and the decoded connection state.
/// </summary>
public sealed class WebPubSubConnectionContext
{
    /// <summary>The hub of the connection (<c>ce-hub</c>).</summary>
    public required string Hub { get; init; }

    /// <summary>The connection id (<c>ce-connectionId</c>).</summary>
    public required string ConnectionId { get; init; }

    /// <summary>The user id (<c>ce-userId</c>), or <see langword="null"/> for anonymous connections.</summary>
    public string? UserId { get; init; }

    /// <summary>The event name without its type prefix (<c>ce-eventName</c>), for example <c>connect</c> or <c>message</c>.</summary>
    public required string EventName { get; init; }

    /// <summary>The full CloudEvents type (<c>ce-type</c>), for example <c>azure.webpubsub.user.message</c>.</summary>
    public required string EventType { get; init; }

    /// <summary>The event id (<c>ce-id</c>). Retries repeat it, so handlers can detect duplicates.</summary>
    public string? EventId { get; init; }

    /// <summary>The connection's subprotocol (<c>ce-subprotocol</c>), or <see langword="null"/> when it has none.</summary>
    public string? Subprotocol { get; init; }

    /// <summary>The host of the Web PubSub service that sent the event (<c>WebHook-Request-Origin</c>), if present.</summary>
    public string? Origin { get; init; }

    /// <summary>The <c>ce-signature</c> value the request was verified with.</summary>
    public string? Signature { get; init; }

    /// <summary>
    /// All headers of the event request (not the client's own headers, which <see cref="ConnectEventRequest.Headers"/>
    /// holds), keyed case-insensitively.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Headers { get; init; } = ReadOnlyDictionary<string, string[]>.Empty;

    /// <summary>
    /// The connection state carried by <c>ce-connectionState</c>: entries set by earlier <c>connect</c> or user-event
    /// responses. Empty when the connection has no state.
    /// </summary>
    public IReadOnlyDictionary<string, BinaryData> ConnectionStates { get; init; } = ReadOnlyDictionary<string, BinaryData>.Empty;
}
