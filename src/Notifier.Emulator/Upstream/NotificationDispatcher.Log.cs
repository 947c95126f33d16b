namespace Notifier.Emulator.Upstream;

internal sealed partial class NotificationDispatcher
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Event {EventName} of hub {Hub}, connection {ConnectionId}: the handler answered {StatusCode}.")]
        public static partial void Sent(ILogger logger, string eventName, string hub, string connectionId, int statusCode);

        [LoggerMessage(2, LogLevel.Warning, "Event {EventName} of hub {Hub}, connection {ConnectionId} was not delivered: {Reason}.")]
        public static partial void Failed(ILogger logger, string eventName, string hub, string connectionId, string reason, Exception? exception);

        [LoggerMessage(3, LogLevel.Warning, "Event {EventName} of hub {Hub}, connection {ConnectionId} was dropped: {Reason}.")]
        public static partial void Dropped(ILogger logger, string eventName, string hub, string connectionId, string reason);
    }
}
