namespace Notifier.Azure.WebPubSub.Protocol;

/// <summary>The WebSocket subprotocols the service defines for its client endpoint.</summary>
public static class WebPubSubSubprotocols
{
    /// <summary>JSON messages, no recovery.</summary>
    public const string Json = "json.webpubsub.azure.v1";

    /// <summary>JSON messages with sequence ids and connection recovery.</summary>
    public const string JsonReliable = "json.reliable.webpubsub.azure.v1";

    /// <summary>Protobuf messages, no recovery.</summary>
    public const string Protobuf = "protobuf.webpubsub.azure.v1";

    /// <summary>Protobuf messages with sequence ids and connection recovery.</summary>
    public const string ProtobufReliable = "protobuf.reliable.webpubsub.azure.v1";
}
