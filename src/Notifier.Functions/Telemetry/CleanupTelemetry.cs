using System.Diagnostics;
using Notifier.Functions.Storage;

namespace Notifier.Functions.Telemetry;

/// <summary>The span of one clean-up run and the notifications it counts as expired.</summary>
internal static class CleanupTelemetry
{
    public static Activity? Start() => NotifierActivitySources.Cleanup.StartActivity("cleanup");

    public static void Swept(Activity? activity, NotifierMetrics metrics, CleanupReport report)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(report);
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.CleanupInboxRows, report.InboxRows);
            activity.SetTag(TelemetryNames.CleanupStreamRows, report.StreamRows);
            activity.SetTag(TelemetryNames.CleanupNotifications, report.Notifications);
            activity.SetTag(TelemetryNames.CleanupFinished, report.Finished);
        }

        // A record goes once, retention after its notification expired: each deleted record is one notification ended.
        metrics.Expired(report.Notifications);
    }

    public static void Failed(Activity? activity, Exception exception) =>
        activity?.SetStatus(ActivityStatusCode.Error).SetTag(TelemetryNames.ErrorType, exception.GetType().FullName);
}
