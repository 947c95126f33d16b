namespace Notifier.Emulator.DataPlane.Filtering;

/// <summary>The connection properties a filter can read (names are case-insensitive).</summary>
internal enum FilterProperty : byte
{
    UserId,
    ConnectionId,

    /// <summary>The connection's subprotocol, e.g. <c>json.webpubsub.azure.v1</c>, as the official emulator offers.</summary>
    Protocol,

    Groups,
}
