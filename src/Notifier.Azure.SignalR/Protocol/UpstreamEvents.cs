namespace Notifier.Azure.SignalR.Protocol;

/// <summary>The events of the <see cref="UpstreamCategories.Connections"/> category.</summary>
public static class UpstreamEvents
{
    /// <summary>A client finished its handshake.</summary>
    public const string Connected = "connected";

    /// <summary>A client's connection ended.</summary>
    public const string Disconnected = "disconnected";
}
