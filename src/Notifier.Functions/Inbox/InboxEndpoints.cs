using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Notifier.Core.Envelopes;
using Notifier.Core.Inbox;
using Notifier.Functions.Http;
using Notifier.Functions.Identity;
using Notifier.Functions.OpenApi;
using Notifier.Functions.Telemetry;

namespace Notifier.Functions.Inbox;

/// <summary>
/// The signed-in user's inbox: <c>GET /api/inbox</c> (newest first, or oldest first <c>after</c> a sequence for
/// catch-up; <c>unread</c> and <c>archived</c> filters), <c>POST /api/inbox/read</c>, <c>/unread</c>, <c>/archive</c>,
/// <c>/unarchive</c> and <c>/delete</c> (ids, or all), and <c>GET /api/inbox/unread-count</c>.
/// </summary>
internal static class InboxEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;
    public const int MaxIdsPerRead = 100;

    public static IEndpointRouteBuilder MapInbox(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup(string.Empty).RequireAuthorization(NotifierPolicies.User);
        users.MapGet("/api/inbox", ListAsync)
            .WithName("listInbox")
            .WithSummary("The signed-in user's inbox, newest first, or oldest first after a sequence (catch-up)")
            .WithTags("Inbox")
            .ProducesProblems(400, 401, 429, 500, 503)
            .WithQuery("limit", QueryValueType.Integer, $"Entries per page, 1 to {MaxLimit} (default {DefaultLimit}).")
            .WithQuery("before", QueryValueType.Integer, "Older pages: entries before this sequence, newest first.")
            .WithQuery("after", QueryValueType.Integer, "Catch-up: entries after this sequence, oldest first. Not with before.")
            .WithQuery("unread", QueryValueType.Boolean, "Unread entries only.")
            .WithQuery("archived", QueryValueType.Boolean, "Archived entries only (true), or the inbox without them (false, the default).")
            .WithResponseExample(200, "A page of the inbox.", """{ "items": [ { "sequence": 7, "read": false, "archived": false, "muted": false, "notification": { "id": "order-42-shipped", "createdAt": "2026-01-05T10:00:00.000Z", "type": "order.shipped", "title": "Shipped" } } ], "cursor": 7, "hasMore": false, "latest": 7 }""")
            .WithResponseExample(400, "A query parameter is not valid; errors names it.");
        users.MapPost("/api/inbox/read", MarkReadAsync)
            .WithName("markRead")
            .WithSummary("Mark notifications read, or all of them")
            .WithTags("Inbox")
            .WithJsonBody<MarkReadRequest>("The ids to mark read, or all.")
            .ProducesProblems(400, 401, 413, 415, 429, 500, 503)
            .WithRequestExample("""{ "ids": ["order-42-shipped"] }""")
            .WithResponseExample(200, "The ids this request marked read.", """{ "marked": ["order-42-shipped"] }""");
        MapChange(users, "unread", InboxChange.Unread, "markUnread", "Mark notifications unread again, or all read ones");
        MapChange(users, "archive", InboxChange.Archive, "archive", "Archive notifications (they leave the inbox and stop counting as unread), or all of them");
        MapChange(users, "unarchive", InboxChange.Unarchive, "unarchive", "Move archived notifications back into the inbox, or all of them");
        MapChange(users, "delete", InboxChange.Delete, "deleteNotifications", "Delete notifications from the user's inbox, or all of them");
        users.MapGet("/api/inbox/unread-count", UnreadCountAsync)
            .WithName("unreadCount")
            .WithSummary("How many unread notifications the signed-in user has")
            .WithTags("Inbox")
            .ProducesProblems(401, 429, 500, 503)
            .WithResponseExample(200, "The unread count: entries neither read, archived nor muted.", """{ "unread": 3 }""");
        return app;
    }

    private static void MapChange(RouteGroupBuilder users, string action, InboxChange change, string name, string summary) =>
        users.MapPost("/api/inbox/" + action, (HttpContext context, TopicPolicy topics, InboxService service) => ChangeAsync(context, topics, service, change, action))
            .WithName(name)
            .WithSummary(summary)
            .WithTags("Inbox")
            .WithJsonBody<InboxChangeRequest>("The ids to change, or all.")
            .ProducesProblems(400, 401, 413, 415, 429, 500, 503)
            .WithRequestExample("""{ "ids": ["order-42-shipped"] }""")
            .WithResponseExample(200, "The ids this request changed.", """{ "changed": ["order-42-shipped"] }""");

    private static async Task<Results<Ok<InboxPageResponse>, ProblemHttpResult>> ListAsync(HttpContext context, TopicPolicy topics, IInboxStore inbox, TimeProvider time, NotifierMetrics metrics)
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

        var archived = false;
        if (query["archived"].Count > 0 && !bool.TryParse(query["archived"], out archived))
        {
            return Problems.Invalid("archived", "must be true or false.");
        }

        var streams = TopicPolicy.StreamsFor(topics.GroupsFor(user));
        using var activity = InboxTelemetry.StartPage();
        var page = await inbox.ReadAsync(user.UserId, streams, new InboxQuery(after, before, limit, unreadOnly, archived), time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        InboxTelemetry.PageRead(activity, metrics, catchUp: after is not null, page.Items.Count);
        var items = new InboxItem[page.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var entry = page.Items[i];
            items[i] = new InboxItem(
                entry.Sequence,
                entry.ReadAt is not null,
                entry.ReadAt is { } readAt ? EnvelopeWriter.Format(readAt) : null,
                entry.ArchivedAt is not null,
                entry.ArchivedAt is { } archivedAt ? EnvelopeWriter.Format(archivedAt) : null,
                entry.Muted,
                new RawJson(entry.Payload));
        }

        return TypedResults.Ok(new InboxPageResponse(items, page.Cursor, page.HasMore, page.Latest));
    }

    private static async Task<Results<Ok<MarkReadResponse>, ProblemHttpResult>> MarkReadAsync(HttpContext context, TopicPolicy topics, InboxService service)
    {
        var (ids, error) = await ReadIdsBodyAsync(context).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var user = Caller.User(context);
        var streams = TopicPolicy.StreamsFor(topics.GroupsFor(user));
        using var activity = InboxTelemetry.StartChange("read");
        var marked = await service.MarkReadAsync(user.UserId, streams, ids, null, context.RequestAborted).ConfigureAwait(false);
        InboxTelemetry.Changed(activity, marked.Count);
        return TypedResults.Ok(new MarkReadResponse(marked));
    }

    private static async Task<Results<Ok<InboxChangeResponse>, ProblemHttpResult>> ChangeAsync(HttpContext context, TopicPolicy topics, InboxService service, InboxChange change, string action)
    {
        var (ids, error) = await ReadIdsBodyAsync(context).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var user = Caller.User(context);
        var streams = TopicPolicy.StreamsFor(topics.GroupsFor(user));
        using var activity = InboxTelemetry.StartChange(action);
        var changed = await service.ChangeAsync(user.UserId, streams, ids, change, null, context.RequestAborted).ConfigureAwait(false);
        InboxTelemetry.Changed(activity, changed.Count);
        return TypedResults.Ok(new InboxChangeResponse(changed));
    }

    // The ids, or null for all; or the refusal, before anything is read from storage.
    private static async Task<(IReadOnlyList<string>? Ids, ProblemHttpResult? Error)> ReadIdsBodyAsync(HttpContext context)
    {
        if (!RequestBody.IsJson(context.Request))
        {
            return (null, Problems.UnsupportedMediaType(context.Request.ContentType));
        }

        var body = await RequestBody.ReadAsync(context.Request, 64 * 1024, context.RequestAborted).ConfigureAwait(false);
        if (body is not { } bytes)
        {
            return (null, Problems.Validation([new("body", "is larger than 64 KiB.", TooLarge: true)], tooLarge: true));
        }

        var (ids, all, error) = ReadIdsRequest(bytes, allowAll: true);
        return error is not null ? (null, error) : (all ? null : ids, null);
    }

    private static async Task<Results<Ok<UnreadCountResponse>, ProblemHttpResult>> UnreadCountAsync(HttpContext context, TopicPolicy topics, IInboxStore inbox, TimeProvider time)
    {
        var user = Caller.User(context);

        var streams = TopicPolicy.StreamsFor(topics.GroupsFor(user));
        var count = await inbox.CountUnreadAsync(user.UserId, streams, time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(new UnreadCountResponse(count));
    }

    /// <summary>Reads <c>{ "ids": [...] }</c> (or <c>{ "all": true }</c>), the body of read requests and of <c>ack</c>/<c>read</c> events.</summary>
    public static (IReadOnlyList<string> Ids, bool All, ProblemHttpResult? Error) ReadIdsRequest(ReadOnlyMemory<byte> body, bool allowAll)
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
