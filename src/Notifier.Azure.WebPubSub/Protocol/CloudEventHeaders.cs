namespace Notifier.Azure.WebPubSub.Protocol;

/// <summary>
/// Header names of the Web PubSub CloudEvents (binary mode) event-handler protocol, shared by the code that sends
/// events (the emulator) and the code that receives them (event handlers).
/// </summary>
public static class CloudEventHeaders
{
    /// <summary><c>ce-specversion</c>: always <c>1.0</c>.</summary>
    public const string SpecVersion = "ce-specversion";

    /// <summary><c>ce-awpsversion</c>: Web PubSub's protocol version, <c>1.0</c>. Handlers ignore requests without it.</summary>
    public const string AwpsVersion = "ce-awpsversion";

    /// <summary><c>ce-type</c>: <c>azure.webpubsub.sys.{event}</c> or <c>azure.webpubsub.user.{event}</c>.</summary>
    public const string Type = "ce-type";

    /// <summary><c>ce-source</c>: <c>/hubs/{hub}/client/{connectionId}</c>.</summary>
    public const string Source = "ce-source";

    /// <summary><c>ce-id</c>: the event id; retries repeat it.</summary>
    public const string Id = "ce-id";

    /// <summary><c>ce-time</c>: when the event happened, ISO 8601 in UTC.</summary>
    public const string Time = "ce-time";

    /// <summary><c>ce-signature</c>: comma-separated <c>sha256=&lt;hex&gt;</c> values, one per access key.</summary>
    public const string Signature = "ce-signature";

    /// <summary><c>ce-userId</c>: the connection's user id; absent for anonymous connections.</summary>
    public const string UserId = "ce-userId";

    /// <summary><c>ce-connectionId</c>: the connection id.</summary>
    public const string ConnectionId = "ce-connectionId";

    /// <summary><c>ce-hub</c>: the hub name.</summary>
    public const string Hub = "ce-hub";

    /// <summary><c>ce-eventName</c>: the event name without its type prefix.</summary>
    public const string EventName = "ce-eventName";

    /// <summary><c>ce-subprotocol</c>: the connection's subprotocol, if any.</summary>
    public const string Subprotocol = "ce-subprotocol";

    /// <summary><c>ce-connectionState</c>: opaque state, sent by the service and set by handler responses.</summary>
    public const string ConnectionState = "ce-connectionState";

    /// <summary><c>WebHook-Request-Origin</c>: the service's host, on validation requests and events.</summary>
    public const string WebHookRequestOrigin = "WebHook-Request-Origin";

    /// <summary><c>WebHook-Allowed-Origin</c>: the handler's answer to an abuse-protection request.</summary>
    public const string WebHookAllowedOrigin = "WebHook-Allowed-Origin";
}
