using Azure;
using Azure.Core;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.Rest;

public partial class WebPubSubRestClient
{
    /// <summary>Closes every connection of the hub (<c>POST /:closeConnections</c>).</summary>
    public virtual Task<Response> CloseAllConnectionsAsync(IEnumerable<string>? excluded = null, string? reason = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateCloseConnectionsRequest(null, null, excluded, reason), cancellationToken);

    /// <summary>Closes every connection in a group (<c>POST /groups/{group}/:closeConnections</c>).</summary>
    public virtual Task<Response> CloseGroupConnectionsAsync(string group, IEnumerable<string>? excluded = null, string? reason = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateCloseConnectionsRequest("/groups/", WebPubSubNames.ValidateGroup(group, nameof(group)), excluded, reason), cancellationToken);

    /// <summary>Closes every connection of a user (<c>POST /users/{userId}/:closeConnections</c>).</summary>
    public virtual Task<Response> CloseUserConnectionsAsync(string userId, IEnumerable<string>? excluded = null, string? reason = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateCloseConnectionsRequest("/users/", ArgumentNotEmpty(userId, nameof(userId)), excluded, reason), cancellationToken);

    /// <summary>Closes one connection (<c>DELETE /connections/{connectionId}</c>); succeeds when it does not exist.</summary>
    public virtual Task<Response> CloseConnectionAsync(string connectionId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateCloseConnectionRequest(connectionId, reason), cancellationToken);

    /// <summary>Whether a connection is open (<c>HEAD /connections/{connectionId}</c>).</summary>
    public virtual Task<Response<bool>> ConnectionExistsAsync(string connectionId, CancellationToken cancellationToken = default) =>
        SendExistsRequestAsync(CreateHubMessage(RequestMethod.Head, "/connections/", ArgumentNotEmpty(connectionId, nameof(connectionId))), cancellationToken);

    /// <summary>Whether a user has at least one open connection (<c>HEAD /users/{userId}</c>).</summary>
    public virtual Task<Response<bool>> UserExistsAsync(string userId, CancellationToken cancellationToken = default) =>
        SendExistsRequestAsync(CreateHubMessage(RequestMethod.Head, "/users/", ArgumentNotEmpty(userId, nameof(userId))), cancellationToken);

    private HttpMessage CreateCloseConnectionsRequest(string? scopePath, string? scope, IEnumerable<string>? excluded, string? reason)
    {
        var message = scopePath is null
            ? CreateHubMessage(RequestMethod.Post)
            : CreateHubMessage(RequestMethod.Post, scopePath, scope!);
        message.Request.Uri.AppendPath("/:closeConnections", escape: false);
        AppendRepeated(message, "excluded", excluded);
        AppendReason(message, reason);
        return message;
    }

    private HttpMessage CreateCloseConnectionRequest(string connectionId, string? reason)
    {
        var message = CreateHubMessage(RequestMethod.Delete, "/connections/", ArgumentNotEmpty(connectionId, nameof(connectionId)));
        AppendReason(message, reason);
        return message;
    }

    private static void AppendReason(HttpMessage message, string? reason)
    {
        if (reason is not null)
        {
            message.Request.Uri.AppendQuery("reason", reason, escapeValue: true);
        }
    }
}
