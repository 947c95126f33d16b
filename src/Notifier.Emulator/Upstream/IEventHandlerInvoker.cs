using Notifier.Emulator.Connections;
using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.Upstream;

/// <summary>
/// Calls a hub's event handlers (CloudEvents over HTTP). Blocking events are awaited by the caller; <c>connected</c>
/// and <c>disconnected</c> are queued and never block or fail the caller.
/// </summary>
internal interface IEventHandlerInvoker : IDisconnectionHandler
{
    /// <summary>The blocking <c>connect</c> event, before the WebSocket upgrade. No handler for it accepts the connection.</summary>
    ValueTask<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken cancellationToken);

    /// <summary>Queues the <c>connected</c> event.</summary>
    void OnConnected(ClientConnection connection);

    /// <summary>A blocking user event (<c>message</c> from raw clients, or a JSON client's <c>event</c>).</summary>
    ValueTask<UserEventResult> UserEventAsync(ClientConnection connection, string eventName, MessageDataType dataType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}
