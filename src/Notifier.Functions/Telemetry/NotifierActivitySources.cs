using System.Diagnostics;

namespace Notifier.Functions.Telemetry;

/// <summary>
/// One activity source per area. Creating them costs nothing measurable, and <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns <see langword="null"/> (no allocation) unless a listener (the OpenTelemetry SDK, a test) samples them.
/// </summary>
internal static class NotifierActivitySources
{
    public static readonly ActivitySource Publishing = new(TelemetryNames.PublishingSource);
    public static readonly ActivitySource QueueTriggers = new(TelemetryNames.QueueTriggersSource);
    public static readonly ActivitySource Push = new(TelemetryNames.PushSource);
    public static readonly ActivitySource Inbox = new(TelemetryNames.InboxSource);
    public static readonly ActivitySource WebPubSubEvents = new(TelemetryNames.WebPubSubEventsSource);
    public static readonly ActivitySource SignalRUpstream = new(TelemetryNames.SignalRUpstreamSource);
    public static readonly ActivitySource Storage = new(TelemetryNames.StorageSource);
    public static readonly ActivitySource Cleanup = new(TelemetryNames.CleanupSource);

    /// <summary>The names of every source above, for the exporters' subscriptions.</summary>
    public static readonly string[] Names =
    [
        TelemetryNames.PublishingSource,
        TelemetryNames.QueueTriggersSource,
        TelemetryNames.PushSource,
        TelemetryNames.InboxSource,
        TelemetryNames.WebPubSubEventsSource,
        TelemetryNames.SignalRUpstreamSource,
        TelemetryNames.StorageSource,
        TelemetryNames.CleanupSource,
    ];
}
