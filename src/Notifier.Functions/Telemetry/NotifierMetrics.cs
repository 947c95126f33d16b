using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Notifier.Functions.Telemetry;

/// <summary>
/// The instruments of the <c>Notifier</c> meter (names, units and attributes in docs/telemetry.md). One per app,
/// created through <see cref="IMeterFactory"/> so that each app's meter is its own (tests host several in one process).
/// Tags are <see cref="TagList"/>s of constant strings: recording allocates nothing, and an instrument nobody listens
/// to returns at once.
/// </summary>
internal sealed class NotifierMetrics
{
    // Seconds, from a 2 ms push on a warm connection to a publish waiting out storage retries.
    private static readonly InstrumentAdvice<double> DurationBuckets = new()
    {
        HistogramBucketBoundaries = [0.002, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10, 30],
    };

    private static readonly InstrumentAdvice<long> CatchUpBuckets = new()
    {
        HistogramBucketBoundaries = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500],
    };

    private readonly Histogram<double> _publishDuration;
    private readonly Counter<long> _notifications;
    private readonly Counter<long> _rateLimitRefusals;
    private readonly Histogram<double> _pushDuration;
    private readonly Histogram<double> _deliveryDuration;
    private readonly Histogram<double> _storageDuration;
    private readonly Counter<long> _storageRetries;
    private readonly Histogram<long> _catchUpSize;
    private readonly Counter<long> _queueRejections;
    private readonly Counter<long> _connectionsOpened;
    private readonly Counter<long> _connectionsClosed;
    private readonly Counter<long> _connectionsRefused;

    public NotifierMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(TelemetryNames.Meter);
        _publishDuration = meter.CreateHistogram("notifier.publish.duration", "s", "Time to publish one notification: de-duplicate, store for every recipient, push, record its state.", advice: DurationBuckets);
        _notifications = meter.CreateCounter<long>("notifier.notifications", "{notification}", "Notifications by outcome (accepted, replayed, conflicted, stored, pushed, push_failed, expired) and source.");
        _rateLimitRefusals = meter.CreateCounter<long>("notifier.rate_limit.refusals", "{request}", "Requests refused with 429 by the per-caller token buckets.");
        _pushDuration = meter.CreateHistogram("notifier.push.duration", "s", "Time of one push through the transport's REST API, Web PubSub or SignalR Service (every call it takes).", advice: DurationBuckets);
        _deliveryDuration = meter.CreateHistogram("notifier.delivery.duration", "s", "Time from a publish's arrival (HTTP request or queue invocation) to the end of its push.", advice: DurationBuckets);
        _storageDuration = meter.CreateHistogram("notifier.storage.duration", "s", "Time of one Table storage call, its retries included.", advice: DurationBuckets);
        _storageRetries = meter.CreateCounter<long>("notifier.storage.retries", "{retry}", "Table storage requests sent again by the SDK's retry policy.");
        _catchUpSize = meter.CreateHistogram("notifier.inbox.catch_up.size", "{notification}", "Entries answered to one catch-up read (GET /api/inbox?after=).", advice: CatchUpBuckets);
        _queueRejections = meter.CreateCounter<long>("notifier.queue.rejections", "{message}", "Queue messages that can never succeed: sent to the poison queue, or failed until Service Bus dead-letters them.");
        _connectionsOpened = meter.CreateCounter<long>("notifier.connections.opened", "{connection}", "Client connections admitted (Web PubSub connected events; SignalR connected events within the limit).");
        _connectionsClosed = meter.CreateCounter<long>("notifier.connections.closed", "{connection}", "Admitted client connections closed (disconnected events).");
        _connectionsRefused = meter.CreateCounter<long>("notifier.connections.refused", "{connection}", "Connections refused by the event handler or the SignalR upstream.");
    }

    /// <summary>Gets whether anything listens to the push-side measurements, which need the publish's source and start carried to the pusher.</summary>
    public bool MeasuresDelivery => _deliveryDuration.Enabled || _notifications.Enabled;

    public void Published(string source, string outcome, long startTimestamp)
    {
        if (_publishDuration.Enabled)
        {
            _publishDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new TagList { { TelemetryNames.Source, source }, { TelemetryNames.Outcome, outcome } });
        }
    }

    public void Notification(string outcome, string source)
    {
        if (_notifications.Enabled)
        {
            _notifications.Add(1, new TagList { { TelemetryNames.Outcome, outcome }, { TelemetryNames.Source, source } });
        }
    }

    /// <summary>Counts the notifications whose records the clean-up deleted: <c>expired</c>, source <c>cleanup</c>.</summary>
    public void Expired(int notifications)
    {
        if (notifications > 0 && _notifications.Enabled)
        {
            _notifications.Add(notifications, new TagList { { TelemetryNames.Outcome, Outcomes.Expired }, { TelemetryNames.Source, PublishSources.Cleanup } });
        }
    }

    public void RateLimitRefused(string callerKind)
    {
        if (_rateLimitRefusals.Enabled)
        {
            _rateLimitRefusals.Add(1, new TagList { { TelemetryNames.CallerKind, callerKind } });
        }
    }

    public void Pushed(string transport, string kind, string target, bool succeeded, long startTimestamp)
    {
        if (_pushDuration.Enabled)
        {
            _pushDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new TagList
            {
                { TelemetryNames.PushTransport, transport },
                { TelemetryNames.PushKind, kind },
                { TelemetryNames.PushTarget, target },
                { TelemetryNames.Outcome, succeeded ? Outcomes.Pushed : Outcomes.PushFailed },
            });
        }
    }

    public void Delivered(string source, long arrivalTimestamp)
    {
        if (_deliveryDuration.Enabled)
        {
            _deliveryDuration.Record(Stopwatch.GetElapsedTime(arrivalTimestamp).TotalSeconds, new TagList { { TelemetryNames.Source, source } });
        }
    }

    public void StorageCall(string table, string method, int status, string? errorType, int retries, long startTimestamp)
    {
        if (_storageDuration.Enabled)
        {
            var tags = new TagList
            {
                { TelemetryNames.StorageService, "table" },
                { TelemetryNames.StorageTable, table },
                { TelemetryNames.HttpMethod, method },
            };
            if (status > 0)
            {
                tags.Add(TelemetryNames.HttpStatusCode, status);
            }

            if (errorType is not null)
            {
                tags.Add(TelemetryNames.ErrorType, errorType);
            }

            _storageDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        }

        if (retries > 0 && _storageRetries.Enabled)
        {
            _storageRetries.Add(retries, new TagList { { TelemetryNames.StorageService, "table" }, { TelemetryNames.StorageTable, table } });
        }
    }

    public void CaughtUp(int entries)
    {
        if (_catchUpSize.Enabled)
        {
            _catchUpSize.Record(entries);
        }
    }

    public void QueueRejected(string source, string disposition, string reason)
    {
        if (_queueRejections.Enabled)
        {
            _queueRejections.Add(1, new TagList
            {
                { TelemetryNames.Source, source },
                { TelemetryNames.QueueDisposition, disposition },
                { TelemetryNames.RejectionReason, reason },
            });
        }
    }

    public void ConnectionOpened() => _connectionsOpened.Add(1);

    public void ConnectionClosed() => _connectionsClosed.Add(1);

    public void ConnectionRefused(string reason)
    {
        if (_connectionsRefused.Enabled)
        {
            _connectionsRefused.Add(1, new TagList { { TelemetryNames.RejectionReason, reason } });
        }
    }
}
