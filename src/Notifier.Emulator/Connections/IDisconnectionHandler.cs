namespace Notifier.Emulator.Connections;

/// <summary>
/// What a <see cref="ClientConnection"/> tells when it ends. Declared here, by the connection that raises it, so
/// connections do not depend on the event-handler client (Upstream) that implements it and itself depends on them.
/// </summary>
internal interface IDisconnectionHandler
{
    /// <summary>Queues the <c>disconnected</c> event. Called exactly once per accepted connection.</summary>
    void OnDisconnected(ClientConnection connection, string? reason);
}
