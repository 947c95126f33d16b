using Azure;
using Azure.Core;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.Rest;

public partial class WebPubSubRestClient
{
    /// <summary>
    /// Grants a connection a group permission, for <paramref name="targetName"/> or, when it is null, for every group
    /// (<c>PUT /permissions/{permission}/connections/{connectionId}</c>).
    /// </summary>
    public virtual Task<Response> GrantPermissionAsync(GroupPermission permission, string connectionId, string? targetName = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreatePermissionRequest(RequestMethod.Put, permission, connectionId, targetName), cancellationToken);

    /// <summary>Revokes a permission; current group membership is kept (<c>DELETE /permissions/…</c>).</summary>
    public virtual Task<Response> RevokePermissionAsync(GroupPermission permission, string connectionId, string? targetName = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreatePermissionRequest(RequestMethod.Delete, permission, connectionId, targetName), cancellationToken);

    /// <summary>Whether a connection has a permission (<c>HEAD /permissions/…</c>).</summary>
    public virtual Task<Response<bool>> CheckPermissionAsync(GroupPermission permission, string connectionId, string? targetName = null, CancellationToken cancellationToken = default) =>
        SendExistsRequestAsync(CreatePermissionRequest(RequestMethod.Head, permission, connectionId, targetName), cancellationToken);

    private HttpMessage CreatePermissionRequest(RequestMethod method, GroupPermission permission, string connectionId, string? targetName)
    {
        var name = permission switch
        {
            GroupPermission.SendToGroup => "sendToGroup",
            GroupPermission.JoinLeaveGroup => "joinLeaveGroup",
            _ => throw new ArgumentOutOfRangeException(nameof(permission), permission, "Unknown permission."),
        };
        var message = CreateHubMessage(method, "/permissions/", name, "/connections/", ArgumentNotEmpty(connectionId, nameof(connectionId)));
        if (targetName is not null)
        {
            message.Request.Uri.AppendQuery("targetName", WebPubSubNames.ValidateGroup(targetName, nameof(targetName)), escapeValue: true);
        }

        return message;
    }
}
