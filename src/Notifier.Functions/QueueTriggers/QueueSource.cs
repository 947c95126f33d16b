using Notifier.Functions.Telemetry;

namespace Notifier.Functions.QueueTriggers;

/// <summary>The queues that feed the publish pipeline, with the metadata names their trigger uses.</summary>
/// <param name="FunctionName">The function (folder) name, which is also the route the host posts to.</param>
/// <param name="Publisher">The publisher name recorded with notifications from this queue.</param>
/// <param name="IdPrefix">Prefix of ids derived from message ids.</param>
/// <param name="MessageIdKey">Metadata key of the message id.</param>
/// <param name="AttemptKey">Metadata key of the delivery attempt.</param>
/// <param name="EnqueuedKey">Metadata key of the enqueue time.</param>
/// <param name="PoisonOutput">The output binding that takes malformed messages at once, or <see langword="null"/> to fail them until the service dead-letters them.</param>
/// <param name="TelemetryName">Its <c>notifier.source</c> value.</param>
/// <param name="SpanName">The name of its invocation span.</param>
/// <param name="MessagingSystem">Its OpenTelemetry <c>messaging.system</c>, where the conventions name one.</param>
internal sealed record QueueSource(string FunctionName, string Publisher, string IdPrefix, string MessageIdKey, string AttemptKey, string EnqueuedKey, string? PoisonOutput, string TelemetryName, string SpanName, string? MessagingSystem)
{
    /// <summary>The queue both triggers read (a Storage queue and a Service Bus queue of the same name).</summary>
    public const string QueueName = "notifications";

    public static readonly QueueSource StorageQueue = new("queue-notifications", "queue:notifications", "q-", "Id", "DequeueCount", "InsertionTime", "poison", PublishSources.StorageQueue, "process storage_queue notifications", null);

    public static readonly QueueSource ServiceBus = new("servicebus-notifications", "servicebus:notifications", "sb-", "MessageId", "DeliveryCount", "EnqueuedTimeUtc", null, PublishSources.ServiceBus, "process service_bus notifications", "servicebus");
}
