using System.Diagnostics;

namespace Notifier.Functions.Telemetry;

/// <summary>
/// The span and measurements of one push, the same for every transport: a <c>push notification</c> or <c>push sync</c>
/// span (<see cref="NotifierActivitySources.Push"/>) whose context the REST calls carry as <c>traceparent</c>,
/// <c>notifier.push.duration</c>, and for a publish also <c>notifier.notifications</c> pushed/push_failed and
/// <c>notifier.delivery.duration</c>, by the source <see cref="PublishArrival"/> names. A struct used with
/// <c>using</c>, so measuring a push allocates nothing beyond the span a listener asked for.
/// </summary>
internal readonly struct PushMeasurement : IDisposable
{
    private readonly NotifierMetrics _metrics;
    private readonly Activity? _activity;
    private readonly PublishArrival? _arrival;
    private readonly string _transport;
    private readonly string _kind;
    private readonly string _target;
    private readonly long _started;

    private PushMeasurement(NotifierMetrics metrics, Activity? activity, PublishArrival? arrival, string transport, string kind, string target)
    {
        _metrics = metrics;
        _activity = activity;
        _arrival = arrival;
        _transport = transport;
        _kind = kind;
        _target = target;
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts the push of a publish's notification to <paramref name="recipients"/> recipients.</summary>
    public static PushMeasurement Notification(NotifierMetrics metrics, string transport, string target, int recipients)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var activity = NotifierActivitySources.Push.StartActivity("push notification");
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.PushTransport, transport);
            activity.SetTag(TelemetryNames.PushKind, PushTargets.NotificationKind);
            activity.SetTag(TelemetryNames.PushTarget, target);
            activity.SetTag(TelemetryNames.Recipients, recipients);
        }

        return new PushMeasurement(metrics, activity, PublishArrival.Current, transport, PushTargets.NotificationKind, target);
    }

    /// <summary>Starts the push of read state or a receipt to one user's connections.</summary>
    public static PushMeasurement Sync(NotifierMetrics metrics, string transport)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var activity = NotifierActivitySources.Push.StartActivity("push sync");
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.PushTransport, transport);
            activity.SetTag(TelemetryNames.PushKind, PushTargets.SyncKind);
            activity.SetTag(TelemetryNames.PushTarget, PushTargets.User);
        }

        // A sync belongs to no publish: nothing is counted as pushed or delivered for it.
        return new PushMeasurement(metrics, activity, arrival: null, transport, PushTargets.SyncKind, PushTargets.User);
    }

    public void Succeeded()
    {
        _metrics.Pushed(_transport, _kind, _target, succeeded: true, _started);
        if (_arrival is not null)
        {
            _metrics.Notification(Outcomes.Pushed, _arrival.Source);
            _metrics.Delivered(_arrival.Source, _arrival.Timestamp);
        }
    }

    public void Failed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (_activity is not null)
        {
            _activity.SetTag(TelemetryNames.ErrorType, exception.GetType().FullName);
            _activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        }

        _metrics.Pushed(_transport, _kind, _target, succeeded: false, _started);
        if (_arrival is not null)
        {
            _metrics.Notification(Outcomes.PushFailed, _arrival.Source);
        }
    }

    public void Dispose() => _activity?.Dispose();
}
