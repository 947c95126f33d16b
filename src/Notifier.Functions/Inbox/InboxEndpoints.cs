using System.Globalization;
using System.Text.Json;
using Notifier.Core.Envelopes;
using Notifier.Core.Inbox;
using Notifier.Functions.Http;
using Notifier.Functions.Identity;

namespace Notifier.Functions.Inbox;

/// <summary>
/// The signed-in user's inbox: <c>GET /api/inbox</c> (newest first, or oldest first <c>after</c> a sequence for
/// catch-up), <c>POST /api/inbox/read</c> and <c>GET /api/inbox/unread-count</c>.
/// </summary>
internal static class InboxEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;
    public const int MaxIdsPerRead = 100;

    public static IEndpointRouteBuilder MapInbox(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup(string.Empty).RequireAuthorization(NotifierPolicies.User);
        users.MapGet("/api/inbox", ListAsync);
        users.MapPost("/api/inbox/read", MarkReadAsync);
        users.MapGet("/api/inbox/unread-count", UnreadCountAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext context, TopicPolicy topics, IInboxStore inbox, TimeProvider time)
    {
        var user = Caller.User(context);

        var query = context.Request.Query;
        if (!TryReadSequence(query["after"], out var after))
        {
            return Problems.Invalid("after", "must be a sequence number (0 or more).");
        }

        if (!TryReadSequence(query["before"], out var before))
        {
            return Problems.Invalid("before", "must be a sequence number (0 or more).");
        }

        if (after is not null && before is not null)
        {
            return Problems.Invalid("before", "cannot be combined with 'after'.");
        }

        var limit = DefaultLimit;
        if (query["limit"].Count > 0 && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return Problems.Invalid("limit", $"must be between 1 and {MaxLimit}.");
        }

        var unreadOnly = false;
        if (query["unread"].Count > 0 && !bool.TryParse(query["unread"], out unreadOnly))
        {
            return Problems.Invalid("unread", "must be true or false.");
        }

        var streams = TopicPolicy.StreamsFor(topics.GroupsFor(user));
        var page = await inbox.ReadAsync(user.UserId, streams, new InboxQuery(after, before, limit, unreadOnly), time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        return new JsonBodyResult(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var item in page.Items)
            {
                WriteItem(writer, item);
            }

            writer.WriteEndArray();
            writer.WriteNumber("cursor", page.Cursor);
            writer.WriteBoolean("hasMore", page.HasMore);
            writer.WriteNumber("latest", page.Latest);
            writer.WriteEndObject();
        });
    }

    private static async Task<IResult> MarkReadAsync(HttpContext context, TopicPolicy topics, InboxService service)
    {
        var user = Caller.User(context);

        if (!RequestBody.IsJson(context.Request))
        {
            return Problems.UnsupportedMediaType(context.Request.ContentType);
        }

        var body = await RequestBody.ReadAsync(context.Request, 64 * 1024, context.RequestAborted).ConfigureAwait(false);
        if (body is not { } bytes)
        {
            return Problems.Validation([new("body", "is larger than 64 KiB.", TooLarge: true)], tooLarge: true);
        }

        var (ids, all, error) = ReadIdsRequest(bytes, allowAll: true);
        if (error is not null)
        {
            return error;
        }

        var streams = TopicPolicy.StreamsFor(topics.GroupsFor(user));
        var marked = await service.MarkReadAsync(user.UserId, streams, all ? null : ids, null, context.RequestAborted).ConfigureAwait(false);
        return new JsonBodyResult(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("marked");
            foreach (var id in marked)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static async Task<IResult> UnreadCountAsync(HttpContext context, TopicPolicy topics, IInboxStore inbox, TimeProvider time)
    {
        var user = Caller.User(context);

        var streams = TopicPolicy.StreamsFor(topics.GroupsFor(user));
        var count = await inbox.CountUnreadAsync(user.UserId, streams, time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        return new JsonBodyResult(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("unread", count);
            writer.WriteEndObject();
        });
    }

    /// <summary>Writes one inbox item: its sequence and read state around the stored payload, copied as bytes.</summary>
    public static void WriteItem(Utf8JsonWriter writer, InboxEntry item)
    {
        writer.WriteStartObject();
        writer.WriteNumber("sequence", item.Sequence);
        writer.WriteBoolean("read", item.ReadAt is not null);
        if (item.ReadAt is { } readAt)
        {
            writer.WriteString("readAt", EnvelopeWriter.Format(readAt));
        }

        writer.WritePropertyName("notification");
        writer.WriteRawValue(item.Payload.Span, skipInputValidation: true);
        writer.WriteEndObject();
    }

    /// <summary>Reads <c>{ "ids": [...] }</c> (or <c>{ "all": true }</c>), the body of read requests and of <c>ack</c>/<c>read</c> events.</summary>
    public static (IReadOnlyList<string> Ids, bool All, IResult? Error) ReadIdsRequest(ReadOnlyMemory<byte> body, bool allowAll)
    {
        var (ids, all, field, message) = IdsRequest.Parse(body, allowAll, MaxIdsPerRead);
        return field is null ? (ids, all, null) : ([], false, Problems.Invalid(field, message!));
    }

    private static bool TryReadSequence(Microsoft.Extensions.Primitives.StringValues value, out long? sequence)
    {
        sequence = null;
        if (value.Count == 0)
        {
            return true;
        }

        if (long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            sequence = parsed;
            return true;
        }

        return false;
    }
}
