using Notifier.Core.Envelopes;
using Notifier.Core.Identifiers;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;
using Notifier.Functions.Identity;
using Notifier.Functions.RateLimiting;

namespace Notifier.Functions.Endpoints;

/// <summary>
/// <c>POST /api/notifications</c> (one notification or a batch of up to 100) and <c>GET /api/notifications/{id}</c>.
/// A 202 means stored for every recipient; a repeat of an id with the same content answers the first result again
/// (with <c>Idempotent-Replayed: true</c>); a different content under a used id is a 409.
/// </summary>
internal static partial class NotificationEndpoints
{
    // A full batch of maximum-size notifications, plus JSON overhead.
    private const int MaxBodyBytes = 8 * 1024 * 1024;

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
            return Problems.Validation(parsed.Errors, parsed.IsTooLarge);
        }

        var (allowed, retryAfter) = limiter.TryPublisher(publisher.Name, parsed.Requests.Count);
        if (!allowed)
        {
            return Problems.TooManyRequests(context, retryAfter);
        }

        var logger = loggers.CreateLogger(typeof(NotificationEndpoints));
        var results = new PublishResult?[parsed.Requests.Count];
        var ids = new string?[parsed.Requests.Count];
        for (var i = 0; i < parsed.Requests.Count; i++)
        {
            var request = parsed.Requests[i];

            // Ids are fixed before storing, so a 503 can tell the publisher which ids to retry with.
            ids[i] = request.Id ?? pipeline.NewId();
            try
            {
                results[i] = await pipeline.PublishAsync(request, new PublishContext(publisher.Name, ids[i]), context.RequestAborted).ConfigureAwait(false);
            }
            catch (NotificationConflictException ex)
            {
                return Problems.Conflict(ex.Message + " Use a new id, or send the same content to repeat the publish.");
            }
            catch (Exception ex) when (Unavailability.IsUnavailable(ex))
            {
                Log.StoreFailed(logger, ex, ids[i]!);
                var accepted = results.Where(r => r is not null).Select(r => r!.Id).ToArray();
                return Problems.Unavailable(context, "The notification could not be stored. Retry with the same id: nothing is stored twice.", new Dictionary<string, object?>
                {
                    ["ids"] = ids.Where(id => id is not null).Concat(parsed.Requests.Skip(i + 1).Select(r => r.Id)).ToArray(),
                    ["accepted"] = accepted,
                });
            }
        }

        if (!parsed.IsBatch)
        {
            var single = results[0]!;
            context.Response.Headers.Location = "/api/notifications/" + single.Id;
            if (single.Status == PublishStatus.Duplicate)
            {
                context.Response.Headers["Idempotent-Replayed"] = "true";
            }

            return new JsonBodyResult(StatusCodes.Status202Accepted, writer => PublishResponses.Write(writer, single));
        }

        return new JsonBodyResult(StatusCodes.Status202Accepted, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            foreach (var result in results)
            {
                PublishResponses.Write(writer, result!);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
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
