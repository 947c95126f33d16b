namespace Notifier.Emulator.Upstream;

internal sealed partial class CloudEventSender
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Event {EventName} of connection {ConnectionId} to {Url} failed ({Failure}); attempt {Attempt} is retried in {Delay}.")]
        public static partial void Retrying(ILogger logger, string eventName, string connectionId, Uri url, string failure, int attempt, TimeSpan delay);
    }
}
