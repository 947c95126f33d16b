using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Notifier.Core.Envelopes;
using Notifier.Core.Identifiers;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;
using Notifier.Functions.Http;
using Notifier.Functions.Identity;
using Notifier.Functions.OpenApi;
using Notifier.Functions.RateLimiting;
using Notifier.Functions.Telemetry;

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
    private const string BoundAdvice = " Leave the id out, or send one of your own, to publish to other recipients.";
    private const string NotStored = "Not stored: storage or Web PubSub is unavailable. Retry with this id: nothing is stored twice.";
    private const string NotAttempted = "Not attempted: storage or Web PubSub became unavailable earlier in the batch. Retry with this id.";

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var publishers = app.MapGroup(string.Empty).RequireAuthorization(NotifierPolicies.Publisher);

        // Not one permit per request: the handler takes one per recipient once the body is read, so an invalid body costs nothing.
        publishers.MapPost("/api/notifications", PublishAsync)
            .DisableRateLimiting()
            .WithName("publish")
            .WithSummary("Publish one notification or a batch of up to 100")
            .WithTags("Publishing")
            .WithJsonBody<PublishRequest>("One notification, or an array of 1 to 100 (a batch).", oneOrArray: true)
            .Produces<BatchResponse>(StatusCodes.Status207MultiStatus)
            .ProducesProblems<PublishProblemResponse>(400, 401, 409, 413, 415, 429, 500, 503)
            .WithRequestExample("""{ "id": "order-42-shipped", "to": { "users": ["alice"] }, "type": "order.shipped", "title": "Shipped", "body": "Order 42 is on its way", "url": "/orders/42" }""")
            .WithResponseExample(202, "Stored for every recipient. One notification: PublishAccepted (a replay repeats it with Idempotent-Replayed: true). A batch: BatchResponse, every item accepted, replayed or expired.", """{ "id": "order-42-shipped", "status": "accepted", "createdAt": "2026-01-05T10:00:00.000Z", "expiresAt": "2026-01-12T10:00:00.000Z", "statusUrl": "/api/notifications/order-42-shipped" }""")
            .WithResponseOneOf(202, typeof(PublishAccepted), typeof(BatchResponse))
            .WithResponseHeader(202, "Location", "A single publish: the status URL.")
            .WithResponseHeader(202, PublishResponses.ReplayedHeader, "true when this repeats the first answer to the same id and content; nothing new was stored.")
            .WithResponseExample(207, "A batch with some items settled and some conflict or unavailable; each item says which.", """{ "results": [ { "id": "a", "status": "accepted", "createdAt": "2026-01-05T10:00:00.000Z", "expiresAt": "2026-01-12T10:00:00.000Z", "statusUrl": "/api/notifications/a" }, { "id": "b", "status": "conflict", "detail": "The id 'b' was already used for a different notification." } ] }""")
            .WithResponseHeader(207, "Retry-After", "Seconds to wait, when some items are unavailable.")
            .WithResponseExample(400, "The body breaks a rule: errors name the fields; a batch also lists results (invalid or skipped). Nothing stored.", """{ "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "The request is not valid.", "status": 400, "detail": "'to' is required: name users, groups or all.", "errors": [ { "field": "to", "message": "is required: name users, groups or all." } ] }""")
            .WithResponseExample(401, "Missing or wrong publisher credentials.")
            .WithResponseExample(409, "The id was used before for different content (a batch: every item; results lists them). Nothing stored.")
            .WithResponseExample(413, "Too large: the body, a notification's content (64,000 bytes) or the recipients of one request (MaxRecipientsPerRequest).")
            .WithResponseExample(415, "The content type is not JSON.")
            .WithResponseExample(429, "Rate limited: one permit per recipient.")
            .WithResponseExample(503, "Storage or Web PubSub unavailable; nothing stored. ids lists the ids to retry with (generated ones included), accepted is empty; a batch also lists results.", """{ "type": "https://tools.ietf.org/html/rfc9110#section-15.6.4", "title": "Storage or Web PubSub is unavailable.", "status": 503, "detail": "The notification could not be stored. Retry with the same id: nothing is stored twice.", "ids": ["order-42-shipped"], "accepted": [] }""");
        publishers.MapGet("/api/notifications/{id}", GetStatusAsync)
            .WithName("getNotificationStatus")
            .WithSummary("What happened to a notification")
            .WithTags("Publishing")
            .ProducesProblems(400, 401, 404, 429, 500, 503)
            .WithResponseExample(200, "The notification's state and delivery counts.", """{ "id": "order-42-shipped", "state": "pushed", "publisher": "orders", "createdAt": "2026-01-05T10:00:00.000Z", "expiresAt": "2026-01-12T10:00:00.000Z", "recipients": { "users": 1, "groups": [], "all": false }, "delivered": 1, "read": 0 }""")
            .WithResponseExample(400, "The id breaks the id rule.")
            .WithResponseExample(404, "No notification has this id.");
        return app;
    }

    private static async Task<Results<Accepted<PublishAccepted>, Accepted<BatchResponse>, JsonHttpResult<BatchResponse>, ProblemHttpResult>> PublishAsync(
        HttpContext context,
        CallerRateLimiter limiter,
        NotificationRequestParser parser,
        PublishPipeline pipeline,
        NotificationIds notificationIds,
        NotifierMetrics metrics,
        ILoggerFactory loggers)
    {
        var arrival = Stopwatch.GetTimestamp();
        var publisher = Caller.PublisherName(context);
        if (!RequestBody.IsJson(context.Request))
        {
            return Problems.UnsupportedMediaType(context.Request.ContentType);
        }

        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is not { } bytes)
        {
            return Problems.Validation([new ValidationError("body", $"is larger than {MaxBodyBytes} bytes.", TooLarge: true)], tooLarge: true);
        }

        ParsedRequests parsed;
        using (var validation = TraceParent.StartUnderRequest(NotifierActivitySources.Publishing, "validate", context.Request))
        {
            parsed = parser.Parse(bytes);
            PublishScope.Validated(validation, PublishSources.Http, parsed);
        }

        if (!parsed.IsValid)
        {
            return Problems.Validation(parsed.Errors, parsed.IsTooLarge, parsed.IsBatch && parsed.ItemCount > 0 ? InvalidBatchResults(parsed) : null);
        }

        // One permit per recipient, not per notification: a recipient is a storage append.
        var (allowed, retryAfter) = limiter.TryAcquireRecipients(context, parsed.RecipientCount);
        if (!allowed)
        {
            metrics.RateLimitRefused(CallerRateLimiter.PublisherKind);
            return Problems.TooManyRequests(context, retryAfter);
        }

        // Ids are fixed before storing, so a 503 can tell the publisher which ids to retry with.
        var ids = parsed.Requests.Select(r => notificationIds.Choose(r)).ToArray();
        var logger = loggers.CreateLogger(typeof(NotificationEndpoints));
        var telemetry = new PublishScope(metrics, PublishSources.Http, arrival, TraceParent.ParentOf(context.Request));
        return parsed.IsBatch
            ? await PublishBatchAsync(context, publisher, parsed.Requests, ids, pipeline, telemetry, logger).ConfigureAwait(false)
            : await PublishOneAsync(context, publisher, parsed.Requests[0], ids[0], pipeline, telemetry, logger).ConfigureAwait(false);
    }

    private static async Task<Results<Accepted<PublishAccepted>, Accepted<BatchResponse>, JsonHttpResult<BatchResponse>, ProblemHttpResult>> PublishOneAsync(HttpContext context, string publisher, NotificationRequest request, string id, PublishPipeline pipeline, PublishScope telemetry, ILogger logger)
    {
        PublishResult result;
        using var activity = telemetry.Start(id);
        var started = Stopwatch.GetTimestamp();
        try
        {
            result = await pipeline.PublishAsync(request, new PublishContext(publisher, id, FallbackIsNew: request.Id is null), context.RequestAborted).ConfigureAwait(false);
            telemetry.Completed(activity, result, started);
        }
        catch (Exception ex) when (Unavailability.IsUnavailable(ex))
        {
            telemetry.Failed(activity, ex, started);
            Log.StoreFailed(logger, ex, id);
            return Problems.Unavailable(context, "The notification could not be stored. Retry with the same id: nothing is stored twice.", new Dictionary<string, object?>
            {
                ["ids"] = new[] { id },
                ["accepted"] = Array.Empty<string>(),
            });
        }

        if (result.Status == PublishStatus.Conflict)
        {
            return Problems.Conflict(Conflict(result));
        }

        if (result.Status == PublishStatus.Duplicate)
        {
            context.Response.Headers[PublishResponses.ReplayedHeader] = "true";
        }

        var answer = PublishResponses.ForOne(result);
        return TypedResults.Accepted(answer.StatusUrl, answer);
    }

    /// <summary>
    /// Publishes a batch in order (see <see cref="PublishPipeline.PublishBatchAsync"/>: a burst to one user is appended in
    /// a few transactions). A conflict is that item's own outcome and the others go on; once storage is unavailable the
    /// rest are not attempted. The status never hides what happened: 202 when every item is settled, 409 or 503 when
    /// none is, 207 when some are.
    /// </summary>
    private static async Task<Results<Accepted<PublishAccepted>, Accepted<BatchResponse>, JsonHttpResult<BatchResponse>, ProblemHttpResult>> PublishBatchAsync(HttpContext context, string publisher, IReadOnlyList<NotificationRequest> requests, string[] ids, PublishPipeline pipeline, PublishScope telemetry, ILogger logger)
    {
        var started = Stopwatch.GetTimestamp();
        telemetry.Arrived();
        var contexts = ids.Select((id, i) => new PublishContext(publisher, id, FallbackIsNew: requests[i].Id is null)).ToArray();
        var outcomes = await pipeline.PublishBatchAsync(requests, contexts, Unavailability.IsUnavailable, context.RequestAborted).ConfigureAwait(false);

        var results = new BatchItemResult[requests.Count];
        var unavailable = false;
        for (var i = 0; i < requests.Count; i++)
        {
            var (result, failure) = outcomes[i];
            if (result is null && failure is null)
            {
                results[i] = new BatchItemResult(ids[i], BatchItemResult.Unavailable, Detail: NotAttempted);
                continue;
            }

            // The items of a batch are stored together, so each span and duration covers the batch up to its answer.
            using var activity = telemetry.Start(ids[i]);
            if (result is not null)
            {
                telemetry.Completed(activity, result, started);
                results[i] = result.Status == PublishStatus.Conflict
                    ? new BatchItemResult(ids[i], BatchItemResult.Conflict, Detail: Conflict(result))
                    : PublishResponses.ForBatch(result);
            }
            else
            {
                telemetry.Failed(activity, failure!, started);
                Log.StoreFailed(logger, failure!, ids[i]);
                unavailable = true;
                results[i] = new BatchItemResult(ids[i], BatchItemResult.Unavailable, Detail: NotStored);
            }
        }

        var settled = results.Count(r => r.IsSettled);
        if (settled == results.Length)
        {
            return TypedResults.Accepted((string?)null, new BatchResponse(results));
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

    private static async Task<Results<Ok<NotificationStatus>, ProblemHttpResult>> GetStatusAsync(
        HttpContext context,
        string id,
        INotificationRecords records,
        PublishPipeline pipeline)
    {
        if (!Identifier.IsValid(id))
        {
            return Problems.Invalid("id", Identifier.Rule + ".");
        }

        var record = await records.GetAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return Problems.NotFound($"No notification has the id '{id}'.");
        }

        var state = await pipeline.StateOfAsync(record, context.RequestAborted).ConfigureAwait(false);
        var counts = await records.CountDeliveriesAsync(id, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(new NotificationStatus(
            record.Id,
            state.ToString().ToLowerInvariant(),
            record.Publisher,
            record.Sender,
            EnvelopeWriter.Format(record.CreatedAt),
            EnvelopeWriter.Format(record.ExpiresAt),
            new RecipientCounts(record.To.Users.Count, record.To.Groups, record.To.All),
            counts.Delivered,
            counts.Read));
    }

    private static string Conflict(PublishResult result) =>
        result.ConflictMessage + (result.BoundTo is null ? ConflictAdvice : BoundAdvice);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not store notification {NotificationId}; answering 503.")]
        public static partial void StoreFailed(ILogger logger, Exception exception, string notificationId);
    }
}
