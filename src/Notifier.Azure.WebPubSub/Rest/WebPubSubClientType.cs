namespace Notifier.Azure.WebPubSub.Rest;

/// <summary>The kind of client a token is issued for; it decides the client endpoint path.</summary>
public enum WebPubSubClientType
{
    /// <summary>WebSocket clients, raw or with a JSON or protobuf subprotocol: <c>/client/hubs/{hub}</c>.</summary>
    Default,

    /// <summary>MQTT clients: <c>/clients/mqtt/hubs/{hub}</c>.</summary>
    Mqtt,
}
