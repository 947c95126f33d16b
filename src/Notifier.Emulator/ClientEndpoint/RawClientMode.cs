namespace Notifier.Emulator.ClientEndpoint;

/// <summary>What a simple WebSocket client's frames mean (<c>webpubsub_mode</c>), fixed for the connection's life.</summary>
internal sealed record RawClientMode(string? SendToGroup, bool NoEcho)
{
    /// <summary>Every frame is a <c>message</c> user event (the default).</summary>
    public static readonly RawClientMode SendEvent = new(null, false);
}
