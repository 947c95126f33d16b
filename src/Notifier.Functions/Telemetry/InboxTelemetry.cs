using System.Diagnostics;

namespace Notifier.Functions.Telemetry;

/// <summary>The spans of an inbox page read and of a change (read, unread, archive, unarchive, delete), and the catch-up size a client asked with <c>after</c>.</summary>
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

    /// <summary>Starts the span of <c>POST /api/inbox/{change}</c>; <paramref name="change"/> is one of a few constants.</summary>
    public static Activity? StartChange(string change) =>
        NotifierActivitySources.Inbox.StartActivity("inbox change")?.SetTag(TelemetryNames.InboxChange, change);

    public static void Changed(Activity? activity, int items) => activity?.SetTag(TelemetryNames.InboxItems, items);
}
