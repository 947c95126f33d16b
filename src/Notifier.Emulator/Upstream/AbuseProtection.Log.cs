namespace Notifier.Emulator.Upstream;

internal sealed partial class AbuseProtection
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Event handler {Url} allows origin {Origin}.")]
        public static partial void Allowed(ILogger logger, Uri url, string origin);

        [LoggerMessage(2, LogLevel.Warning, "Event handler {Url} is not allowed for origin {Origin}: {Reason}. It gets no events; validation is tried again in {Backoff}.")]
        public static partial void Refused(ILogger logger, Uri url, string origin, string reason, TimeSpan backoff);
    }
}
