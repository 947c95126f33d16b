using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Emulator.Protocols;

/// <summary>Which of the service's subprotocols (<see cref="WebPubSubSubprotocols"/>) the emulator speaks, and as what.</summary>
internal static class SupportedSubprotocols
{
    /// <summary>The protocol a selected subprotocol means; anything the service does not define is a raw client.</summary>
    public static ClientProtocol ToProtocol(string? subprotocol) => subprotocol switch
    {
        WebPubSubSubprotocols.Json => ClientProtocol.Json,
        WebPubSubSubprotocols.JsonReliable => ClientProtocol.JsonReliable,
        _ => ClientProtocol.Raw,
    };

    /// <summary>True for the subprotocols this emulator speaks (the JSON ones; protobuf is not implemented).</summary>
    public static bool IsSupported(string subprotocol) => subprotocol is WebPubSubSubprotocols.Json or WebPubSubSubprotocols.JsonReliable;
}
