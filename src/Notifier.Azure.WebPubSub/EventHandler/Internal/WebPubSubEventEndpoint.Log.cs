using Microsoft.Extensions.Logging;

namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

internal sealed partial class WebPubSubEventEndpoint
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Abuse protection accepted origin '{Origin}'.", EventName = "AbuseProtectionAccepted")]
        public static partial void AbuseProtectionAccepted(ILogger logger, string origin);

        [LoggerMessage(2, LogLevel.Warning, "Abuse protection rejected origin '{Origin}': it is neither the host of a configured endpoint nor an allowed origin.", EventName = "AbuseProtectionRejected")]
        public static partial void AbuseProtectionRejected(ILogger logger, string origin);

        [LoggerMessage(3, LogLevel.Warning, "Rejected an event request with 401: {Reason}", EventName = "SignatureRejected")]
        public static partial void SignatureRejected(ILogger logger, string reason);

        [LoggerMessage(4, LogLevel.Information, "Rejected an event request with {StatusCode}: {Reason}", EventName = "RequestRejected")]
        public static partial void RequestRejected(ILogger logger, int statusCode, string reason);

        [LoggerMessage(5, LogLevel.Debug, "Dispatching '{EventType}' for connection '{ConnectionId}' on hub '{Hub}'.", EventName = "DispatchingEvent")]
        public static partial void DispatchingEvent(ILogger logger, string eventType, string connectionId, string hub);

        [LoggerMessage(6, LogLevel.Information, "The handler denied '{EventName}' for connection '{ConnectionId}' on hub '{Hub}' by throwing UnauthorizedAccessException; answered 401.", EventName = "HandlerDeniedAccess")]
        public static partial void HandlerDeniedAccess(ILogger logger, string eventName, string connectionId, string hub, Exception exception);

        [LoggerMessage(7, LogLevel.Error, "The handler failed on '{EventName}' for connection '{ConnectionId}' on hub '{Hub}'; answered 500.", EventName = "HandlerFailed")]
        public static partial void HandlerFailed(ILogger logger, string eventName, string connectionId, string hub, Exception exception);

        [LoggerMessage(8, LogLevel.Information, "The handler rejected '{EventName}' for connection '{ConnectionId}' on hub '{Hub}' with {ErrorCode}.", EventName = "HandlerRejectedEvent")]
        public static partial void HandlerRejectedEvent(ILogger logger, string eventName, string connectionId, string hub, EventErrorCode errorCode);

        [LoggerMessage(9, LogLevel.Error, "The handler returned '{ResponseType}' for '{EventName}', which is not a valid response to this event; answered 500.", EventName = "InvalidHandlerResponse")]
        public static partial void InvalidHandlerResponse(ILogger logger, string responseType, string eventName);

        [LoggerMessage(10, LogLevel.Error, "The handler failed on '{EventName}' for connection '{ConnectionId}' on hub '{Hub}'; answered 200 because the service ignores this event's outcome.", EventName = "NotificationHandlerFailed")]
        public static partial void NotificationHandlerFailed(ILogger logger, string eventName, string connectionId, string hub, Exception exception);

        [LoggerMessage(11, LogLevel.Debug, "The service abandoned the event request before it was answered.", EventName = "RequestAborted")]
        public static partial void RequestAborted(ILogger logger);

        [LoggerMessage(12, LogLevel.Information, "The server rejected the event request with {StatusCode} while reading it.", EventName = "ServerRejectedRequest")]
        public static partial void ServerRejectedRequest(ILogger logger, int statusCode, Exception exception);

        [LoggerMessage(13, LogLevel.Error, "Unexpected failure while processing an event request; answered 500.", EventName = "UnexpectedError")]
        public static partial void UnexpectedError(ILogger logger, Exception exception);

        [LoggerMessage(14, LogLevel.Information, "Event '{EventId}' ({EventType}) of connection '{ConnectionId}' was delivered again; answered {StatusCode} as the first time, without running the handler.", EventName = "RepeatAnswered")]
        public static partial void RepeatAnswered(ILogger logger, string eventId, string eventType, string connectionId, int statusCode);

        [LoggerMessage(15, LogLevel.Warning, "Refused '{EventType}' for connection '{ConnectionId}' with 400: its event id '{EventId}' was already used for a different event (a replay?).", EventName = "EventIdReused")]
        public static partial void EventIdReused(ILogger logger, string eventId, string connectionId, string eventType);

        [LoggerMessage(16, LogLevel.Debug, "Event '{EventId}' of connection '{ConnectionId}' was delivered again while its first delivery is still running; waiting for that answer.", EventName = "RepeatWaiting")]
        public static partial void RepeatWaiting(ILogger logger, string eventId, string connectionId);
    }
}
