using Notifier.Emulator.Connections;
using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.Upstream;

/// <summary>Calls the hubs' configured event handlers over HTTP with CloudEvents (binary mode).</summary>
internal sealed class HttpEventHandlerInvoker : IEventHandlerInvoker
{
    public ValueTask<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ConnectResult.AcceptDefaults);

    public void OnConnected(ClientConnection connection)
    {
    }

    public void OnDisconnected(ClientConnection connection, string? reason)
    {
    }

    public ValueTask<UserEventResult> UserEventAsync(ClientConnection connection, string eventName, MessageDataType dataType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        ValueTask.FromResult(UserEventResult.Failed($"No event handler is configured for event '{eventName}' of hub '{connection.Hub.Name}'."));
}
