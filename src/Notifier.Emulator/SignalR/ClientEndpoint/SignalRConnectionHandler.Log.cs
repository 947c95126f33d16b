namespace Notifier.Emulator.SignalR.ClientEndpoint;

internal sealed partial class SignalRConnectionHandler
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "SignalR connection {ConnectionId} of user '{UserId}' joined hub '{Hub}'.")]
        public static partial void Connected(ILogger logger, string hub, string connectionId, string? userId);

        [LoggerMessage(2, LogLevel.Information, "SignalR connection {ConnectionId} left hub '{Hub}': {Reason}")]
        public static partial void Disconnected(ILogger logger, string hub, string connectionId, string reason);

        [LoggerMessage(3, LogLevel.Information, "SignalR connection {ConnectionId} on hub '{Hub}' failed its handshake: {Reason}")]
        public static partial void HandshakeFailed(ILogger logger, string hub, string connectionId, string reason);

        [LoggerMessage(4, LogLevel.Information, "SignalR client request refused with {StatusCode}: {Reason}")]
        public static partial void Refused(ILogger logger, int statusCode, string reason);

        [LoggerMessage(5, LogLevel.Information, "SignalR connection {ConnectionId} on hub '{Hub}' timed out; closing it.")]
        public static partial void TimedOut(ILogger logger, string hub, string connectionId);

        [LoggerMessage(6, LogLevel.Debug, "SignalR connection {ConnectionId} sent a message of type {Type}, which serverless mode ignores.")]
        public static partial void Ignored(ILogger logger, string connectionId, int type);
    }
}
