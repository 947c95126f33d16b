using Notifier.Azure.WebPubSub.Rest;

namespace Notifier.Emulator.DataPlane;

internal sealed partial class DataPlaneHandlers
{
    /// <summary>
    /// <c>PUT /api/hubs/{hub}/permissions/{permission}/connections/{connectionId}</c> (<c>targetName</c>: a group; all
    /// groups when omitted): 200, 404 when the connection is not open, 409 past the per-connection rule limit.
    /// </summary>
    public IResult GrantPermission(HttpContext context, string hub, string permission, string connectionId)
    {
        connectionId = RouteSegments.Exact(context, nameof(connectionId), connectionId);
        if (!TryReadPermissionRequest(context, permission, connectionId, out var kind, out var group, out var error))
        {
            return error!;
        }

        if (FindHub(hub) is not { } found || !found.TryGetConnection(connectionId, out var connection))
        {
            return DataPlaneError.ConnectionNotFound(connectionId);
        }

        if (!connection.Permissions.Grant(kind, group))
        {
            return DataPlaneError.TooManyPermissions(connectionId);
        }

        Log.PermissionChanged(_logger, hub, "granted", permission, group, connectionId);
        return Ok;
    }

    /// <summary>
    /// <c>DELETE …/permissions/{permission}/connections/{connectionId}</c>: 204 even when the connection is gone. Group
    /// membership is kept; a revoke of one group overrides a wildcard role that matches it until granted again.
    /// </summary>
    public IResult RevokePermission(HttpContext context, string hub, string permission, string connectionId)
    {
        connectionId = RouteSegments.Exact(context, nameof(connectionId), connectionId);
        if (!TryReadPermissionRequest(context, permission, connectionId, out var kind, out var group, out var error))
        {
            return error!;
        }

        if (FindHub(hub) is { } found && found.TryGetConnection(connectionId, out var connection))
        {
            if (!connection.Permissions.Revoke(kind, group))
            {
                return DataPlaneError.TooManyPermissions(connectionId);
            }

            Log.PermissionChanged(_logger, hub, "revoked", permission, group, connectionId);
        }

        return NoContent;
    }

    /// <summary><c>HEAD …/permissions/{permission}/connections/{connectionId}</c>: 200 when held, 404 when not (or no connection).</summary>
    public IResult CheckPermission(HttpContext context, string hub, string permission, string connectionId)
    {
        connectionId = RouteSegments.Exact(context, nameof(connectionId), connectionId);
        if (!TryReadPermissionRequest(context, permission, connectionId, out var kind, out var group, out var error))
        {
            return error!;
        }

        return FindHub(hub) is { } found && found.TryGetConnection(connectionId, out var connection) && connection.Permissions.Check(kind, group)
            ? Ok
            : NotFound;
    }

    private static bool TryReadPermissionRequest(HttpContext context, string permission, string connectionId, out GroupPermission kind, out string? group, out DataPlaneError? error)
    {
        kind = default;
        group = null;
        if (string.Equals(permission, "sendToGroup", StringComparison.OrdinalIgnoreCase))
        {
            kind = GroupPermission.SendToGroup;
        }
        else if (string.Equals(permission, "joinLeaveGroup", StringComparison.OrdinalIgnoreCase))
        {
            kind = GroupPermission.JoinLeaveGroup;
        }
        else
        {
            error = DataPlaneError.BadRequest("permission", $"Unknown permission '{permission}': use sendToGroup or joinLeaveGroup.");
            return false;
        }

        error = ValidateConnectionId(connectionId);
        if (error is not null || !QueryParameters.TryGetSingle(context.Request.Query, "targetName", out group, out error))
        {
            return false;
        }

        error = group is null ? null : ValidateGroup(group, "targetName");
        return error is null;
    }
}
