namespace Notifier.Emulator.ClientEndpoint;

internal sealed partial class ClientConnectionHandler
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Hub {Hub}: connection {ConnectionId} opened for user {UserId} with subprotocol {Subprotocol}.")]
        public static partial void Connected(ILogger logger, string hub, string connectionId, string? userId, string? subprotocol);

        [LoggerMessage(2, LogLevel.Information, "Hub {Hub}: a client was refused: {Reason}")]
        public static partial void Unauthorized(ILogger logger, string hub, string reason);

        [LoggerMessage(3, LogLevel.Information, "Hub {Hub}: the connect handler rejected connection {ConnectionId} with status {StatusCode}.")]
        public static partial void ConnectRejected(ILogger logger, string hub, string connectionId, int statusCode);

        [LoggerMessage(4, LogLevel.Information, "Hub {Hub}: connection {ConnectionId} recovered.")]
        public static partial void Recovered(ILogger logger, string hub, string connectionId);

        [LoggerMessage(5, LogLevel.Information, "Hub {Hub}: connection {ConnectionId} cannot be recovered; closing with 1008.")]
        public static partial void RecoveryRefused(ILogger logger, string hub, string connectionId);

        [LoggerMessage(6, LogLevel.Debug, "Hub {Hub}: the WebSocket of connection {ConnectionId} closed: {Reason}")]
        public static partial void TransportClosed(ILogger logger, string hub, string connectionId, string? reason);

        [LoggerMessage(7, LogLevel.Warning, "Hub {Hub}: connection {ConnectionId} sent a malformed message and is closed: {Error}")]
        public static partial void Malformed(ILogger logger, string hub, string connectionId, string error);

        [LoggerMessage(8, LogLevel.Information, "Hub {Hub}: connection {ConnectionId} may not {Action} group {Group}; the frame is dropped.")]
        public static partial void Forbidden(ILogger logger, string hub, string connectionId, string action, string group);

        [LoggerMessage(9, LogLevel.Error, "Hub {Hub}: handling a message of connection {ConnectionId} failed.")]
        public static partial void MessageFailed(ILogger logger, string hub, string connectionId, Exception exception);
    }
}
