namespace Notifier.Emulator.DataPlane;

internal sealed partial class DataPlaneHandlers
{
    /// <summary><c>HEAD /api/hubs/{hub}/users/{userId}</c>: 200 when the user has a connection, else 404.</summary>
    public IResult UserExists(HttpContext context, string hub, string userId)
    {
        userId = RouteSegments.Exact(context, nameof(userId), userId);
        return ValidateUserId(userId) ?? (FindHub(hub)?.UserExists(userId) == true ? Ok : NotFound);
    }

    /// <summary>
    /// <c>PUT /api/hubs/{hub}/users/{userId}/groups/{group}</c>: adds the user's current connections (not later ones);
    /// 404 when the user has none, as the official emulator.
    /// </summary>
    public IResult AddUserToGroup(HttpContext context, string hub, string userId, string group)
    {
        userId = RouteSegments.Exact(context, nameof(userId), userId);
        group = RouteSegments.Exact(context, nameof(group), group);
        if ((ValidateUserId(userId) ?? ValidateGroup(group)) is { } error)
        {
            return error;
        }

        var found = FindHub(hub);
        var connections = found?.UserConnections(userId) ?? [];
        if (found is null || connections.Length == 0)
        {
            return DataPlaneError.UserNotFound(userId);
        }

        var added = 0;
        foreach (var connection in connections)
        {
            added += found.AddToGroup(connection, group) ? 1 : 0;
        }

        Log.GroupsChanged(_logger, hub, "add to group " + group, userId, added);
        return Ok;
    }

    /// <summary><c>DELETE /api/hubs/{hub}/users/{userId}/groups/{group}</c>: 204 even when there is nothing to remove.</summary>
    public IResult RemoveUserFromGroup(HttpContext context, string hub, string userId, string group)
    {
        userId = RouteSegments.Exact(context, nameof(userId), userId);
        group = RouteSegments.Exact(context, nameof(group), group);
        if ((ValidateUserId(userId) ?? ValidateGroup(group)) is { } error)
        {
            return error;
        }

        if (FindHub(hub) is { } found)
        {
            var removed = 0;
            foreach (var connection in found.UserConnections(userId))
            {
                removed += found.RemoveFromGroup(connection, group) ? 1 : 0;
            }

            Log.GroupsChanged(_logger, hub, "remove from group " + group, userId, removed);
        }

        return NoContent;
    }

    /// <summary><c>DELETE /api/hubs/{hub}/users/{userId}/groups</c>: 204 even when there is nothing to remove.</summary>
    public IResult RemoveUserFromAllGroups(HttpContext context, string hub, string userId)
    {
        userId = RouteSegments.Exact(context, nameof(userId), userId);
        if (ValidateUserId(userId) is { } error)
        {
            return error;
        }

        if (FindHub(hub) is { } found)
        {
            var connections = found.UserConnections(userId);
            foreach (var connection in connections)
            {
                found.RemoveFromAllGroups(connection);
            }

            Log.GroupsChanged(_logger, hub, "remove from all groups", userId, connections.Length);
        }

        return NoContent;
    }
}
