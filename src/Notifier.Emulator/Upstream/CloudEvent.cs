using System.Net.Http.Headers;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Emulator.Upstream;

/// <summary>One event as sent to a handler (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events): its attributes, captured when it happened, and its body.</summary>
internal sealed class CloudEvent
{
    public static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    public required string Hub { get; init; }

    public required string ConnectionId { get; init; }

    public string? UserId { get; init; }

    /// <summary><c>ce-eventName</c>: <c>connect</c>, <c>connected</c>, <c>disconnected</c> or the user event's name.</summary>
    public required string EventName { get; init; }

    public required bool IsSystemEvent { get; init; }

    /// <summary><c>ce-id</c>: 0 for <c>connect</c>, then increasing per connection. Retries repeat it.</summary>
    public required long Id { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary><c>ce-subprotocol</c>: the connection's subprotocol; null on <c>connect</c>.</summary>
    public string? Subprotocol { get; init; }

    /// <summary><c>ce-connectionState</c>: the state when the event happened.</summary>
    public string? ConnectionState { get; init; }

    public required byte[] Body { get; init; }

    public required MediaTypeHeaderValue ContentType { get; init; }

    /// <summary><c>ce-type</c>.</summary>
    public string Type => (IsSystemEvent ? CloudEventTypes.SystemPrefix : CloudEventTypes.UserPrefix) + EventName;

    /// <summary><c>ce-source</c>.</summary>
    public string Source => $"/hubs/{Hub}/client/{ConnectionId}";
}
