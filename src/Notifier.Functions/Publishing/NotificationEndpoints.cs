using Notifier.Core.Envelopes;
using Notifier.Core.Identifiers;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;
using Notifier.Functions.Http;
using Notifier.Functions.Identity;
using Notifier.Functions.RateLimiting;

namespace Notifier.Functions.Publishing;

/// <summary>
/// <c>POST /api/notifications</c> (one notification or a batch of up to 100) and <c>GET /api/notifications/{id}</c>.
/// A 202 means stored for every recipient; a repeat of an id with the same content answers the first result again
/// (with <c>Idempotent-Replayed: true</c>); a different content under a used id is a 409.
/// </summary>
internal static partial class NotificationEndpoints
{
    // A full batch of maximum-size notifications, plus JSON overhead.
    private const int MaxBodyBytes = 8 * 1024 * 1024;
    private const string ConflictAdvice = " Use a new id, or send the same content to repeat the publish.";
    private const string NotStored = "Not stored: storage or Web PubSub is unavailable. Retry with this id: nothing is stored twice.";
    private const string NotAttempted = "Not attempted: storage or Web PubSub became unavailable earlier in the batch. Retry with this id.";

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/notifications", PublishAsync);
        app.MapGet("/api/notifications/{id}", GetStatusAsync);
        return app;
    }

    private static async Task<IResult> PublishAsync(
        HttpContext context,
        PublisherAuthenticator publishers,
        NotifierRateLimiter limiter,
        NotificationRequestParser parser,
        PublishPipeline pipeline,
        NotificationIds notificationIds,
        ILoggerFactory loggers)
    {
        var authenticated = await publishers.AuthenticateAsync(context.Request).ConfigureAwait(false);
        if (authenticated.Caller is not { } publisher)
        {
            return Problems.Unauthorized(context, authenticated.Error!, "ApiKey");
        }

        if (!RequestBody.IsJson(context.Request))
        {
            return Problems.UnsupportedMediaType(context.Request.ContentType);
        }

        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is not { } bytes)
        {
            return Problems.Validation([new ValidationError("body", $"is larger than {MaxBodyBytes} bytes.", TooLarge: true)], tooLarge: true);
        }

        var parsed = parser.Parse(bytes);
        if (!parsed.IsValid)
        {
            return Problems.Validation(parsed.Errors, parsed.IsTooLarge, parsed.IsBatch && parsed.ItemCount > 0 ? InvalidBatchResults(parsed) : null);
        }

        // One permit per recipient, not per notification: a recipient is a storage append.
        var (allowed, retryAfter) = limiter.TryPublisher(publisher.Name, parsed.RecipientCount);
        if (!allowed)
        {
            return Problems.TooManyRequests(context, retryAfter);
        }

        // Ids are fixed before storing, so a 503 can tell the publisher which ids to retry with.
        var ids = parsed.Requests.Select(r => notificationIds.Choose(r.Id)).ToArray();
        var logger = loggers.CreateLogger(typeof(NotificationEndpoints));
        return parsed.IsBatch
            ? await PublishBatchAsync(context, publisher.Name, parsed.Requests, ids, pipeline, logger).ConfigureAwait(false)
            : await PublishOneAsync(context, publisher.Name, parsed.Requests[0], ids[0], pipeline, logger).ConfigureAwait(false);
    }

    private static async Task<IResult> PublishOneAsync(HttpContext context, string publisher, NotificationRequest request, string id, PublishPipeline pipeline, ILogger logger)
    {
        PublishResult result;
        try
        {
            result = await pipeline.PublishAsync(request, new PublishContext(publisher, id), context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unavailability.IsUnavailable(ex))
        {
            Log.StoreFailed(logger, ex, id);
            return Problems.Unavailable(context, "The notification could not be stored. Retry with the same id: nothing is stored twice.", new Dictionary<string, object?>
            {
                ["ids"] = new[] { id },
                ["accepted"] = Array.Empty<string>(),
            });
        }

        if (result.Status == PublishStatus.Conflict)
        {
            return Problems.Conflict(result.ConflictMessage + ConflictAdvice);
        }

        context.Response.Headers.Location = PublishResponses.StatusUrl(result.Id);
        if (result.Status == PublishStatus.Duplicate)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return new JsonBodyResult(StatusCodes.Status202Accepted, writer => PublishResponses.Write(writer, result));
    }

    /// <summary>
    /// Publishes a batch item by item, in order (parallel appends could reorder a user's inbox). A conflict is that item's
    /// own outcome and the others go on; once storage is unavailable the rest are not attempted. The status never hides
    /// what happened: 202 when every item is settled, 409 or 503 when none is, 207 when some are.
    /// </summary>
    private static async Task<IResult> PublishBatchAsync(HttpContext context, string publisher, IReadOnlyList<NotificationRequest> requests, string[] ids, PublishPipeline pipeline, ILogger logger)
    {
        var results = new BatchItemResult[requests.Count];
        var unavailable = false;
        for (var i = 0; i < requests.Count; i++)
        {
            if (unavailable)
            {
                results[i] = new BatchItemResult(ids[i], BatchItemResult.Unavailable, Detail: NotAttempted);
                continue;
            }

            try
            {
                var result = await pipeline.PublishAsync(requests[i], new PublishContext(publisher, ids[i]), context.RequestAborted).ConfigureAwait(false);
                results[i] = result.Status == PublishStatus.Conflict
                    ? new BatchItemResult(ids[i], BatchItemResult.Conflict, Detail: result.ConflictMessage + ConflictAdvice)
                    : PublishResponses.ForBatch(result);
            }
            catch (Exception ex) when (Unavailability.IsUnavailable(ex))
            {
                Log.StoreFailed(logger, ex, ids[i]);
                unavailable = true;
                results[i] = new BatchItemResult(ids[i], BatchItemResult.Unavailable, Detail: NotStored);
            }
        }

        var settled = results.Count(r => r.IsSettled);
        if (settled == results.Length)
        {
            return TypedResults.Json(new BatchResponse(results), PublishingJsonContext.Default.BatchResponse, statusCode: StatusCodes.Status202Accepted);
        }

        if (settled == 0)
        {
            var extensions = new Dictionary<string, object?> { ["results"] = results };
            if (!unavailable)
            {
                return Problems.Conflict("Every id in the batch was already used for a different notification; nothing was stored." + ConflictAdvice, extensions);
            }

            extensions["ids"] = ids;
            extensions["accepted"] = Array.Empty<string>();
            return Problems.Unavailable(context, "Nothing in the batch could be stored. Retry it with the same ids: nothing is stored twice.", extensions);
        }

        if (unavailable)
        {
            context.Response.Headers.RetryAfter = Problems.RetryAfterSeconds;
        }

        return TypedResults.Json(new BatchResponse(results), PublishingJsonContext.Default.BatchResponse, statusCode: StatusCodes.Status207MultiStatus);
    }

    /// <summary>A batch with invalid items stores nothing; each item says whether it was invalid or only skipped.</summary>
    private static BatchItemResult[] InvalidBatchResults(ParsedRequests parsed)
    {
        var results = new BatchItemResult[parsed.ItemCount];
        for (var i = 0; i < results.Length; i++)
        {
            var errors = parsed.Errors.Where(e => e.Item == i).Select(e => new FieldError(e.Field, e.Message)).ToArray();
            results[i] = errors.Length > 0
                ? new BatchItemResult(null, BatchItemResult.Invalid, Errors: errors)
                : new BatchItemResult(null, BatchItemResult.Skipped, Detail: "Valid, but not stored: the batch had invalid items and is stored whole or not at all.");
        }

        return results;
    }

    private static async Task<IResult> GetStatusAsync(
        HttpContext context,
        string id,
        PublisherAuthenticator publishers,
        NotifierRateLimiter limiter,
        INotificationRecords records)
    {
        var (publisher, refusal) = await CallerChecks.PublisherAsync(context, publishers, limiter, 1).ConfigureAwait(false);
        if (publisher is null)
        {
            return refusal!;
        }

        if (!Identifier.IsValid(id))
        {
            return Problems.Invalid("id", Identifier.Rule + ".");
        }

        var record = await records.GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return Problems.NotFound($"No notification has the id '{id}'.");
        }

        var counts = await records.CountDeliveriesAsync(id, context.RequestAborted).ConfigureAwait(false);
        return new JsonBodyResult(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", record.Id);
            writer.WriteString("state", record.State.ToString().ToLowerInvariant());
            writer.WriteString("publisher", record.Publisher);
            if (record.Sender is not null)
            {
                writer.WriteString("sender", record.Sender);
            }

            writer.WriteString("createdAt", EnvelopeWriter.Format(record.CreatedAt));
            writer.WriteString("expiresAt", EnvelopeWriter.Format(record.ExpiresAt));
            writer.WriteStartObject("recipients");
            writer.WriteNumber("users", record.To.Users.Count);
            writer.WriteStartArray("groups");
            foreach (var group in record.To.Groups)
            {
                writer.WriteStringValue(group);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("all", record.To.All);
            writer.WriteEndObject();
            writer.WriteNumber("delivered", counts.Delivered);
            writer.WriteNumber("read", counts.Read);
            writer.WriteEndObject();
        });
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not store notification {NotificationId}; answering 503.")]
        public static partial void StoreFailed(ILogger logger, Exception exception, string notificationId);
    }
}
