using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Emulator.Connections;

namespace Notifier.Emulator.DataPlane;

internal sealed partial class DataPlaneHandlers
{
    /// <summary><c>HEAD /api/hubs/{hub}/connections/{connectionId}</c>: 200 when open, else 404.</summary>
    public IResult ConnectionExists(HttpContext context, string hub, string connectionId)
    {
        connectionId = RouteSegments.Exact(context, nameof(connectionId), connectionId);
        return ValidateConnectionId(connectionId) ?? (FindHub(hub)?.ConnectionExists(connectionId) == true ? Ok : NotFound);
    }

    /// <summary>
    /// <c>DELETE /api/hubs/{hub}/connections/{connectionId}</c> (<c>reason</c>): JSON clients get <c>system/disconnected</c>
    /// with the reason, then a 1000 close. 204 even when the connection does not exist.
    /// </summary>
    public IResult CloseConnection(HttpContext context, string hub, string connectionId)
    {
        connectionId = RouteSegments.Exact(context, nameof(connectionId), connectionId);
        if (ValidateConnectionId(connectionId) is { } error)
        {
            return error;
        }

        var reason = CloseReason(context.Request.Query);
        if (FindHub(hub) is { } found && found.TryGetConnection(connectionId, out var connection))
        {
            connection.Close(WebPubSubCloseStatus.Closed, reason);
            Log.Closed(_logger, hub, 1, connectionId, reason);
        }

        return NoContent;
    }

    /// <summary><c>POST /api/hubs/{hub}/:closeConnections</c> (<c>excluded</c>, <c>reason</c>).</summary>
    public IResult CloseAllConnections(HttpContext context, string hub) =>
        CloseMany(context, hub, "all", static (h, _) => h.AllConnections, null);

    /// <summary><c>POST /api/hubs/{hub}/groups/{group}/:closeConnections</c> (<c>excluded</c>, <c>reason</c>).</summary>
    public IResult CloseGroupConnections(HttpContext context, string hub, string group)
    {
        group = RouteSegments.Exact(context, nameof(group), group);
        return ValidateGroup(group) ?? CloseMany(context, hub, group, static (h, g) => h.GroupConnections(g!), group);
    }

    /// <summary><c>POST /api/hubs/{hub}/users/{userId}/:closeConnections</c> (<c>excluded</c>, <c>reason</c>).</summary>
    public IResult CloseUserConnections(HttpContext context, string hub, string userId)
    {
        userId = RouteSegments.Exact(context, nameof(userId), userId);
        return ValidateUserId(userId) ?? CloseMany(context, hub, userId, static (h, u) => h.UserConnections(u!), userId);
    }

    /// <summary><c>DELETE /api/hubs/{hub}/connections/{connectionId}/groups</c>: 204 even when the connection does not exist.</summary>
    public IResult RemoveConnectionFromAllGroups(HttpContext context, string hub, string connectionId)
    {
        connectionId = RouteSegments.Exact(context, nameof(connectionId), connectionId);
        if (ValidateConnectionId(connectionId) is { } error)
        {
            return error;
        }

        if (FindHub(hub) is { } found && found.TryGetConnection(connectionId, out var connection))
        {
            found.RemoveFromAllGroups(connection);
            Log.GroupsChanged(_logger, hub, "remove from all groups", connectionId, 1);
        }

        return NoContent;
    }

    private IResult CloseMany(HttpContext context, string hubName, string target, Func<Hub, string?, ClientConnection[]> targets, string? key)
    {
        var query = context.Request.Query;
        var reason = CloseReason(query);
        var selector = new ConnectionSelector(QueryParameters.GetRepeated(query, "excluded"), filter: null);
        if (FindHub(hubName) is { } hub)
        {
            var closed = Close(targets(hub, key), selector.Predicate, reason);
            Log.Closed(_logger, hubName, closed, target, reason);
        }

        return NoContent;
    }
}
