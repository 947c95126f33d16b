using System.Diagnostics;

namespace Notifier.Functions.Telemetry;

/// <summary>
/// The span of one connection event (connect, connected, disconnected, ack, read, …) and the count of a refused
/// connection: the same for the Web PubSub event handler and the SignalR upstream, each with its own source.
/// </summary>
internal static class ConnectionEventTelemetry
{
    /// <summary>Starts the event's span, or returns <see langword="null"/> (no allocation) when nobody listens.</summary>
    public static Activity? Start(ActivitySource source, string name, string eventName, string? userId, string connectionId)
    {
        var activity = source.StartActivity(name, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.EventName, eventName);
            activity.SetTag(TelemetryNames.UserId, userId);
            activity.SetTag(TelemetryNames.ConnectionId, connectionId);
        }

        return activity;
    }

    /// <summary>Counts a refused connection and says why on its span.</summary>
    public static void Refused(NotifierMetrics metrics, Activity? activity, string reason)
    {
        metrics.ConnectionRefused(reason);
        activity?.SetTag(TelemetryNames.RejectionReason, reason);
    }
}
