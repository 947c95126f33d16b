namespace Notifier.Functions.Telemetry;

/// <summary>
/// The names operators query by: the meter, the activity sources and the attributes. Alerts in <c>infra/</c> and the
/// queries in <c>docs/telemetry.md</c> use them, so a rename is a breaking change.
/// </summary>
internal static class TelemetryNames
{
    /// <summary>The one meter of the app.</summary>
    public const string Meter = "Notifier";

    /// <summary>Every activity source of the app starts with this (<c>Notifier.*</c> subscribes to all of them).</summary>
    public const string SourcePrefix = "Notifier.";

    public const string PublishingSource = "Notifier.Publishing";
    public const string QueueTriggersSource = "Notifier.QueueTriggers";
    public const string PushSource = "Notifier.Push";
    public const string InboxSource = "Notifier.Inbox";
    public const string WebPubSubEventsSource = "Notifier.WebPubSubEvents";
    public const string SignalRUpstreamSource = "Notifier.SignalRUpstream";
    public const string StorageSource = "Notifier.Storage";
    public const string CleanupSource = "Notifier.Cleanup";

    public const string NotificationId = "notifier.notification.id";
    public const string Source = "notifier.source";
    public const string Outcome = "notifier.outcome";
    public const string CallerKind = "notifier.caller.kind";
    public const string BatchSize = "notifier.batch.size";
    public const string Recipients = "notifier.recipients";
    public const string PushTransport = "notifier.push.transport";
    public const string PushKind = "notifier.push.kind";
    public const string PushTarget = "notifier.push.target";
    public const string StorageService = "notifier.storage.service";
    public const string StorageTable = "notifier.storage.table";
    public const string QueueDisposition = "notifier.queue.disposition";
    public const string RejectionReason = "notifier.rejection.reason";
    public const string ConnectionId = "notifier.connection.id";
    public const string EventName = "notifier.event.name";
    public const string UserId = "notifier.user.id";
    public const string InboxItems = "notifier.inbox.items";
    public const string InboxCatchUp = "notifier.inbox.catch_up";
    public const string InboxChange = "notifier.inbox.change";
    public const string CleanupInboxRows = "notifier.cleanup.inbox_rows";
    public const string CleanupStreamRows = "notifier.cleanup.stream_rows";
    public const string CleanupNotifications = "notifier.cleanup.notifications";
    public const string CleanupFinished = "notifier.cleanup.finished";
    public const string ErrorType = "error.type";
    public const string HttpMethod = "http.request.method";
    public const string HttpStatusCode = "http.response.status_code";
    public const string RetryCount = "http.request.resend_count";
    public const string MessagingSystem = "messaging.system";
    public const string MessagingOperation = "messaging.operation.type";
    public const string MessagingDestination = "messaging.destination.name";
    public const string MessagingMessageId = "messaging.message.id";
    public const string MessagingDeliveryCount = "messaging.delivery_count";
}
