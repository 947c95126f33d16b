using System.Diagnostics;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;

namespace Notifier.Functions.Telemetry;

/// <summary>
/// The span and measurements around each notification of one request or queue message, the same for every source.
/// </summary>
/// <param name="Metrics">The app's instruments.</param>
/// <param name="Source">Where the publish came from (<see cref="PublishSources"/>).</param>
/// <param name="ArrivalTimestamp">When the request or invocation arrived (<see cref="Stopwatch.GetTimestamp"/>).</param>
/// <param name="Parent">The parent of each <c>publish</c> span; default for the current activity.</param>
internal readonly record struct PublishScope(NotifierMetrics Metrics, string Source, long ArrivalTimestamp, ActivityContext Parent)
{
    /// <summary>Tags the <c>validate</c> span with what the body held.</summary>
    public static void Validated(Activity? validation, string source, ParsedRequests parsed)
    {
        if (validation is null)
        {
            return;
        }

        validation.SetTag(TelemetryNames.Source, source);
        validation.SetTag(TelemetryNames.BatchSize, parsed.IsBatch ? parsed.ItemCount : 1);
        validation.SetTag(TelemetryNames.Recipients, parsed.RecipientCount);
        validation.SetTag(TelemetryNames.Outcome, parsed.IsValid ? "valid" : "invalid");
    }

    /// <summary>Marks the publish for the pusher, for work that runs before its spans start.</summary>
    public void Arrived() => PublishArrival.Begin(Metrics, Source, ArrivalTimestamp);

    /// <summary>Starts one notification's <c>publish</c> span and marks the publish for the pusher.</summary>
    /// <param name="notificationId">The id, when it is known before the pipeline chooses it.</param>
    public Activity? Start(string? notificationId)
    {
        PublishArrival.Begin(Metrics, Source, ArrivalTimestamp);
        var activity = NotifierActivitySources.Publishing.StartActivity("publish", ActivityKind.Internal, Parent);
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.Source, Source);
            if (notificationId is not null)
            {
                activity.SetTag(TelemetryNames.NotificationId, notificationId);
            }
        }

        return activity;
    }

    /// <summary>Records what the pipeline answered, on the span and the counters.</summary>
    public void Completed(Activity? activity, PublishResult result, long startTimestamp)
    {
        ArgumentNullException.ThrowIfNull(result);
        var outcome = result.Status switch
        {
            PublishStatus.Accepted => Outcomes.Accepted,
            PublishStatus.Duplicate => Outcomes.Replayed,
            PublishStatus.Conflict => Outcomes.Conflicted,
            _ => Outcomes.Expired,
        };
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.NotificationId, result.Id);
            activity.SetTag(TelemetryNames.Outcome, outcome);
        }

        Metrics.Published(Source, outcome, startTimestamp);
        Metrics.Notification(outcome, Source);
        if (result.Status == PublishStatus.Accepted && !result.Pushed)
        {
            Metrics.Notification(Outcomes.Stored, Source);
        }
    }

    /// <summary>Storage or Web PubSub failed: nothing was answered as stored.</summary>
    public void Failed(Activity? activity, Exception exception, long startTimestamp)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.Outcome, Outcomes.Unavailable);
            activity.SetTag(TelemetryNames.ErrorType, exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        }

        Metrics.Published(Source, Outcomes.Unavailable, startTimestamp);
    }
}
