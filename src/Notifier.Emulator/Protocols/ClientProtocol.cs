namespace Notifier.Emulator.Protocols;

/// <summary>The protocol a connection speaks, decided at the handshake.</summary>
internal enum ClientProtocol
{
    /// <summary>A simple WebSocket client: frames are the messages themselves, no envelope.</summary>
    Raw,

    /// <summary><c>json.webpubsub.azure.v1</c>.</summary>
    Json,

    /// <summary><c>json.reliable.webpubsub.azure.v1</c>: JSON with sequence ids, acks and recovery.</summary>
    JsonReliable,
}
