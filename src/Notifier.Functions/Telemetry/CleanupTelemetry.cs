using System.Diagnostics;

namespace Notifier.Functions.Telemetry;

/// <summary>The span of one clean-up run and the notifications it counts as expired.</summary>
internal static class CleanupTelemetry
{
    public static Activity? Start() => NotifierActivitySources.Cleanup.StartActivity("cleanup");

    /// <summary>What one run deleted (the storage folder's <c>CleanupReport</c>, taken apart so this folder does not use storage's).</summary>
    public static void Swept(Activity? activity, NotifierMetrics metrics, int inboxRows, int streamRows, int notifications, bool finished)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.CleanupInboxRows, inboxRows);
            activity.SetTag(TelemetryNames.CleanupStreamRows, streamRows);
            activity.SetTag(TelemetryNames.CleanupNotifications, notifications);
            activity.SetTag(TelemetryNames.CleanupFinished, finished);
        }

        // A record goes once, retention after its notification expired: each deleted record is one notification ended.
        metrics.Expired(notifications);
    }

    public static void Failed(Activity? activity, Exception exception) =>
        activity?.SetStatus(ActivityStatusCode.Error).SetTag(TelemetryNames.ErrorType, exception.GetType().FullName);
}
