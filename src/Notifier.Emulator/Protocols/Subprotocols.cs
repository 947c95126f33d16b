namespace Notifier.Emulator.Protocols;

/// <summary>The subprotocol names the service defines.</summary>
internal static class Subprotocols
{
    public const string Json = "json.webpubsub.azure.v1";
    public const string JsonReliable = "json.reliable.webpubsub.azure.v1";
    public const string Protobuf = "protobuf.webpubsub.azure.v1";
    public const string ProtobufReliable = "protobuf.reliable.webpubsub.azure.v1";

    /// <summary>The protocol a selected subprotocol means; anything the service does not define is a raw client.</summary>
    public static ClientProtocol ToProtocol(string? subprotocol) => subprotocol switch
    {
        Json => ClientProtocol.Json,
        JsonReliable => ClientProtocol.JsonReliable,
        _ => ClientProtocol.Raw,
    };

    /// <summary>True for the subprotocols this emulator speaks (the JSON ones; protobuf is not implemented).</summary>
    public static bool IsSupported(string subprotocol) => subprotocol is Json or JsonReliable;
}
