using System.Diagnostics;

namespace Notifier.Functions.Telemetry;

/// <summary>The span of an inbox page read, and the catch-up size a client asked with <c>after</c>.</summary>
internal static class InboxTelemetry
{
    public static Activity? StartPage() => NotifierActivitySources.Inbox.StartActivity("inbox page");

    public static void PageRead(Activity? activity, NotifierMetrics metrics, bool catchUp, int items)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.InboxCatchUp, catchUp);
            activity.SetTag(TelemetryNames.InboxItems, items);
        }

        if (catchUp)
        {
            metrics.CaughtUp(items);
        }
    }
}
