using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;
using Notifier.Core.Text;
using Notifier.Functions.Http;
using Notifier.Functions.Telemetry;

namespace Notifier.Functions.QueueTriggers;

/// <summary>
/// The queue functions (<c>POST /queue-notifications</c>, <c>POST /servicebus-notifications</c>) in the wrapped
/// protocol: the message body is the same JSON as the HTTP publish. A 200 completes the message; any other status
/// fails the invocation, so the host redelivers it (storage or Web PubSub down). Ids come from the message id when the
/// body has none, so a redelivered message never creates a second notification. A batch message is published as an
/// HTTP batch is (a burst to one user in a few inbox transactions); a conflict is one item's outcome, and storage
/// failing at any item fails the invocation. A malformed message can never succeed: from the Storage queue it goes
/// straight to <c>notifications-poison</c> through the output binding; from Service Bus it fails until the queue's max
/// delivery count dead-letters it. Either way it is logged with its content.
/// </summary>
internal static partial class QueueTriggerEndpoints
{
    private const int MaxLoggedContent = 4096;
    private const string InvalidReason = "invalid";
    private const string ConflictReason = "conflict";
    private const string PoisonDisposition = "poison";
    private const string DeadLetterDisposition = "dead_letter";

    public static IEndpointRouteBuilder MapQueueTriggers(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + QueueSource.StorageQueue.FunctionName, (HttpContext context, HostInvocationKey key, NotificationRequestParser parser, PublishPipeline pipeline, NotifierMetrics metrics, ILoggerFactory loggers) =>
            InvokeAsync(context, key, QueueSource.StorageQueue, parser, pipeline, metrics, loggers));
        app.MapPost("/" + QueueSource.ServiceBus.FunctionName, (HttpContext context, HostInvocationKey key, NotificationRequestParser parser, PublishPipeline pipeline, NotifierMetrics metrics, ILoggerFactory loggers) =>
            InvokeAsync(context, key, QueueSource.ServiceBus, parser, pipeline, metrics, loggers));
        return app;
    }

    private static async Task<IResult> InvokeAsync(HttpContext context, HostInvocationKey key, QueueSource source, NotificationRequestParser parser, PublishPipeline pipeline, NotifierMetrics metrics, ILoggerFactory loggers)
    {
        var arrival = Stopwatch.GetTimestamp();
        var logger = loggers.CreateLogger("Notifier.Functions." + source.FunctionName);
        if (!key.Admits(context.Request))
        {
            // Checked before the body is read: a stranger's request costs nothing and changes nothing.
            Log.RefusedCaller(logger, source.FunctionName, context.Connection.RemoteIpAddress?.ToString());
            return Problems.Problem(
                StatusCodes.Status403Forbidden,
                "Only the Functions host may invoke this function.",
                $"'/{source.FunctionName}' takes invocations from the Functions host, or standalone from the local queue trigger holding this process's invocation key. Publish through /api/notifications instead.");
        }

        var body = await RequestBody.ReadAsync(context.Request, 16 * 1024 * 1024, context.RequestAborted).ConfigureAwait(false);
        if (body is not { } bytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        string? message;
        JsonElement metadata;
        using var invocation = TryParse(bytes);
        if (invocation is not null && JsonStrings.FindMalformed(bytes.Span) is { } malformed)
        {
            // The text can never be read, so no redelivery can help: straight to poison (or dead-letter).
            return Reject(source, metrics, logger, messageId: null, attempt: null, Encoding.UTF8.GetString(bytes.Span), $"'{malformed}' {JsonStrings.MalformedMessage}", InvalidReason);
        }

        if (invocation is null
            || WrappedValue.Property(invocation.RootElement, "Data") is not { } data
            || WrappedValue.Property(data, "message") is not { } messageElement)
        {
            // Not the host's shape at all: a caller error, not a message to retry.
            return Problems.Invalid("Data.message", "is required: this route takes the Functions host's invocation request.");
        }

        message = WrappedValue.AsString(messageElement);
        metadata = WrappedValue.Property(invocation.RootElement, "Metadata") ?? default;
        var messageId = WrappedValue.Property(metadata, source.MessageIdKey) is { } idElement ? WrappedValue.AsString(idElement) : null;
        var attempt = WrappedValue.Property(metadata, source.AttemptKey) is { } attemptElement ? WrappedValue.AsInt64(attemptElement) : null;
        var enqueuedAt = WrappedValue.Property(metadata, source.EnqueuedKey) is { } enqueuedElement ? WrappedValue.AsTime(enqueuedElement) : null;

        var (messageBytes, carried) = source.PoisonOutput is null
            ? ((ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(message ?? string.Empty), MessageTraceContext.FromApplicationProperties(metadata))
            : MessageTraceContext.FromBody(Encoding.UTF8.GetBytes(message ?? string.Empty));
        using var processing = StartProcessing(source, carried, messageId, attempt);
        ParsedRequests parsed;
        using (var validation = NotifierActivitySources.Publishing.StartActivity("validate"))
        {
            parsed = parser.Parse(messageBytes);
            PublishScope.Validated(validation, source.TelemetryName, parsed);
        }

        if (!parsed.IsValid)
        {
            var reason = string.Join("; ", parsed.Errors.Select(e => $"'{e.Field}' {e.Message}"));
            return Reject(source, metrics, logger, messageId, attempt, message, reason, InvalidReason);
        }

        var telemetry = new PublishScope(metrics, source.TelemetryName, arrival, default);
        var contexts = new PublishContext[parsed.Requests.Count];
        for (var i = 0; i < contexts.Length; i++)
        {
            var fallbackId = messageId is null ? null : NotificationIds.FromMessage(source.IdPrefix, messageId, parsed.IsBatch ? i : null);
            contexts[i] = new PublishContext(source.Publisher, fallbackId, enqueuedAt);
        }

        var outcomes = parsed.IsBatch
            ? await PublishBatchAsync(pipeline, parsed.Requests, contexts, telemetry, context.RequestAborted).ConfigureAwait(false)
            : [await PublishOneAsync(pipeline, parsed.Requests[0], contexts[0], telemetry, context.RequestAborted).ConfigureAwait(false)];

        var logs = new List<string>();
        var conflicts = new List<string>();
        Exception? failure = null;
        for (var i = 0; i < outcomes.Count; i++)
        {
            var (result, failed) = outcomes[i];
            failure ??= failed;
            if (result is null)
            {
                // Failed, or not attempted because storage failed earlier in the batch: the redelivery publishes it.
                continue;
            }

            if (result.Status == PublishStatus.Conflict)
            {
                // The item's own outcome: the batch's other items are still published, and the message is kept whole
                // in the poison queue so an operator sees what conflicted.
                conflicts.Add(parsed.IsBatch ? $"[{i}] {result.ConflictMessage}" : result.ConflictMessage);
            }
            else
            {
                logs.Add($"Notification {result.Id}: {result.Status.ToString().ToLowerInvariant()}.");
            }
        }

        if (failure is not null)
        {
            // Fail the invocation: the host makes the message visible again and redelivers it. Items already stored
            // are replayed as duplicates then, never stored twice.
            processing?.SetStatus(ActivityStatusCode.Error, "Storage or Web PubSub is unavailable; the message will be redelivered.");
            Log.WillRetry(logger, failure, source.FunctionName, messageId, attempt);
            return Problems.Unavailable(context, "Storage or Web PubSub is unavailable; the message will be redelivered.");
        }

        if (conflicts.Count > 0)
        {
            return Reject(source, metrics, logger, messageId, attempt, message, string.Join("; ", conflicts), ConflictReason, logs);
        }

        return new JsonBodyResult(StatusCodes.Status200OK, writer => WriteInvocationResult(writer, null, logs));
    }

    private static async Task<PublishOutcome> PublishOneAsync(PublishPipeline pipeline, NotificationRequest request, PublishContext publishContext, PublishScope telemetry, CancellationToken cancellationToken)
    {
        using var activity = telemetry.Start(request.Id ?? publishContext.FallbackId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await pipeline.PublishAsync(request, publishContext, cancellationToken).ConfigureAwait(false);
            telemetry.Completed(activity, result, started);
            return new PublishOutcome(result, null);
        }
        catch (Exception ex) when (Unavailability.IsUnavailable(ex))
        {
            telemetry.Failed(activity, ex, started);
            return new PublishOutcome(null, ex);
        }
    }

    /// <summary>
    /// A batch message goes through <see cref="PublishPipeline.PublishBatchAsync"/>, as a batch on the HTTP endpoint
    /// does: a burst to one user is appended in a few transactions, not one per item. Once storage fails at an item the
    /// rest are not attempted; the redelivery publishes them.
    /// </summary>
    private static async Task<IReadOnlyList<PublishOutcome>> PublishBatchAsync(PublishPipeline pipeline, IReadOnlyList<NotificationRequest> requests, PublishContext[] contexts, PublishScope telemetry, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        telemetry.Arrived();
        var outcomes = await pipeline.PublishBatchAsync(requests, contexts, Unavailability.IsUnavailable, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < outcomes.Count; i++)
        {
            var (result, failure) = outcomes[i];
            if (result is null && failure is null)
            {
                continue;
            }

            // The items of a batch are stored together, so each span and duration covers the batch up to its answer.
            using var activity = telemetry.Start(requests[i].Id ?? contexts[i].FallbackId);
            if (result is not null)
            {
                telemetry.Completed(activity, result, started);
            }
            else
            {
                telemetry.Failed(activity, failure!, started);
            }
        }

        return outcomes;
    }

    /// <summary>
    /// The span of one invocation: a child of the trace context the message carries, linked to the host's invocation
    /// (the current activity) when there is one; or, for a message that carries none, a child of the invocation.
    /// </summary>
    private static Activity? StartProcessing(QueueSource source, ActivityContext? carried, string? messageId, long? attempt)
    {
        var queues = NotifierActivitySources.QueueTriggers;
        if (!queues.HasListeners())
        {
            return null;
        }

        var invocation = Activity.Current?.Context;
        var activity = carried is { } parent
            ? queues.StartActivity(source.SpanName, ActivityKind.Consumer, parent, links: invocation is { } host ? [new ActivityLink(host)] : null)
            : queues.StartActivity(source.SpanName, ActivityKind.Consumer);
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.Source, source.TelemetryName);
            activity.SetTag(TelemetryNames.MessagingOperation, "process");
            activity.SetTag(TelemetryNames.MessagingDestination, QueueSource.QueueName);
            activity.SetTag(TelemetryNames.MessagingMessageId, messageId);
            activity.SetTag(TelemetryNames.MessagingDeliveryCount, attempt);
            if (source.MessagingSystem is { } system)
            {
                activity.SetTag(TelemetryNames.MessagingSystem, system);
            }
        }

        return activity;
    }

    private static IResult Reject(QueueSource source, NotifierMetrics metrics, ILogger logger, string? messageId, long? attempt, string? message, string reason, string telemetryReason, List<string>? logs = null)
    {
        var content = message is null ? "(none)" : message.Length > MaxLoggedContent ? message[..MaxLoggedContent] + "…" : message;
        Log.Malformed(logger, source.FunctionName, messageId, attempt, reason, content);
        metrics.QueueRejected(source.TelemetryName, source.PoisonOutput is null ? DeadLetterDisposition : PoisonDisposition, telemetryReason);
        if (Activity.Current is { } current && current.Source == NotifierActivitySources.QueueTriggers)
        {
            current.SetTag(TelemetryNames.QueueDisposition, source.PoisonOutput is null ? DeadLetterDisposition : PoisonDisposition);
            current.SetStatus(ActivityStatusCode.Error, reason);
        }

        if (source.PoisonOutput is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The message is not a valid notification.", detail: reason);
        }

        return new JsonBodyResult(StatusCodes.Status200OK, writer => WriteInvocationResult(writer, w =>
        {
            // An object, never a bare string: the host would try to base64-decode a string output.
            w.WriteStartObject(source.PoisonOutput);
            w.WriteString("source", source.FunctionName);
            w.WriteString("messageId", messageId);
            w.WriteString("reason", reason);
            w.WriteString("message", message);
            w.WriteEndObject();
        }, [.. logs ?? [], $"Message {messageId} moved to the poison queue: {reason}"]));
    }

    private static void WriteInvocationResult(Utf8JsonWriter writer, Action<Utf8JsonWriter>? outputs, IEnumerable<string> logs)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("Outputs");
        outputs?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteStartArray("Logs");
        foreach (var line in logs)
        {
            writer.WriteStringValue(line);
        }

        writer.WriteEndArray();
        writer.WriteNull("ReturnValue");
        writer.WriteEndObject();
    }

    private static JsonDocument? TryParse(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "{Function}: malformed message {MessageId} (attempt {Attempt}) will not be retried: {Reason}. Content: {Content}")]
        public static partial void Malformed(ILogger logger, string function, string? messageId, long? attempt, string reason, string content);

        [LoggerMessage(2, LogLevel.Warning, "{Function}: message {MessageId} (attempt {Attempt}) could not be stored; failing the invocation so that it is redelivered.")]
        public static partial void WillRetry(ILogger logger, Exception exception, string function, string? messageId, long? attempt);

        [LoggerMessage(3, LogLevel.Warning, "{Function}: refused an invocation from {RemoteAddress} that is neither the Functions host nor the local queue trigger.")]
        public static partial void RefusedCaller(ILogger logger, string function, string? remoteAddress);
    }
}
