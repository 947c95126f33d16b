namespace Notifier.Emulator.Upstream;

internal sealed partial class HttpEventHandlerInvoker
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "The connect handler of hub {Hub} rejected connection {ConnectionId} with {StatusCode}: {Detail}")]
        public static partial void ConnectRejected(ILogger logger, string hub, string connectionId, int statusCode, string? detail);

        [LoggerMessage(2, LogLevel.Warning, "The connect event of hub {Hub}, connection {ConnectionId} failed, so the client gets 500: {Reason}.")]
        public static partial void ConnectFailed(ILogger logger, string hub, string connectionId, string reason, Exception? exception);

        [LoggerMessage(3, LogLevel.Warning, "User event {EventName} of hub {Hub}, connection {ConnectionId} failed: {Reason}.")]
        public static partial void UserEventFailed(ILogger logger, string eventName, string hub, string connectionId, string reason, Exception? exception);

        [LoggerMessage(4, LogLevel.Warning, "No event handler of hub {Hub} takes user event {EventName} (connection {ConnectionId}); the event fails.")]
        public static partial void NoUserEventHandler(ILogger logger, string eventName, string hub, string connectionId);

        [LoggerMessage(5, LogLevel.Error, "Event {EventName} of hub {Hub}, connection {ConnectionId} could not be queued.")]
        public static partial void NotificationFailed(ILogger logger, string eventName, string hub, string connectionId, Exception exception);
    }
}
