using Microsoft.Extensions.Logging;

namespace Notifier.Azure.SignalR.Upstream.Internal;

internal sealed partial class SignalRUpstreamEndpoint
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Rejected an upstream request with 401: {Reason}", EventName = "UpstreamUnauthorized")]
        public static partial void Unauthorized(ILogger logger, string reason);

        [LoggerMessage(2, LogLevel.Information, "Rejected an upstream request with {StatusCode}: {Reason}", EventName = "UpstreamRejected")]
        public static partial void Rejected(ILogger logger, int statusCode, string reason);

        [LoggerMessage(3, LogLevel.Debug, "Dispatching '{EventName}' for connection '{ConnectionId}' on hub '{Hub}'.", EventName = "UpstreamDispatching")]
        public static partial void Dispatching(ILogger logger, string eventName, string connectionId, string hub);

        [LoggerMessage(4, LogLevel.Error, "The handler failed on '{EventName}' for connection '{ConnectionId}' on hub '{Hub}'; answered 200 because the service ignores this event's outcome.", EventName = "UpstreamNotificationFailed")]
        public static partial void NotificationHandlerFailed(ILogger logger, string eventName, string connectionId, string hub, Exception exception);

        [LoggerMessage(5, LogLevel.Error, "The handler failed on invocation '{EventName}' of connection '{ConnectionId}' on hub '{Hub}'; the client gets an error completion.", EventName = "UpstreamInvocationFailed")]
        public static partial void InvocationHandlerFailed(ILogger logger, string eventName, string connectionId, string hub, Exception exception);

        [LoggerMessage(6, LogLevel.Debug, "The service abandoned the upstream request before it was answered.", EventName = "UpstreamRequestAborted")]
        public static partial void RequestAborted(ILogger logger);

        [LoggerMessage(7, LogLevel.Information, "The server rejected the upstream request with {StatusCode} while reading it.", EventName = "UpstreamServerRejected")]
        public static partial void ServerRejectedRequest(ILogger logger, int statusCode, Exception exception);

        [LoggerMessage(8, LogLevel.Error, "Unexpected failure while processing an upstream request; answered 500.", EventName = "UpstreamUnexpectedError")]
        public static partial void UnexpectedError(ILogger logger, Exception exception);
    }
}
