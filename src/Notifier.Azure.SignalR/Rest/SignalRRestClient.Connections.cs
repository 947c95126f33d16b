using Azure;
using Azure.Core;

namespace Notifier.Azure.SignalR.Rest;

public partial class SignalRRestClient
{
    /// <summary>
    /// Closes one connection (<c>DELETE …/connections/{connectionId}</c>): the client gets a close message carrying
    /// <paramref name="reason"/> as its error. A connection that is already gone answers 404, which is returned rather
    /// than thrown: the connection is closed either way.
    /// </summary>
    public virtual Task<Response> CloseConnectionAsync(string connectionId, string? reason = null, CancellationToken cancellationToken = default)
    {
        var message = CreateHubMessage(RequestMethod.Delete, "/connections/", ArgumentNotEmpty(connectionId, nameof(connectionId)));
        if (reason is not null)
        {
            message.Request.Uri.AppendQuery("reason", reason, escapeValue: true);
        }

        message.ResponseClassifier = ExistsResponseClassifier.Instance;
        return SendRequestAsync(message, cancellationToken);
    }

    /// <summary>Whether a connection is open (<c>HEAD …/connections/{connectionId}</c>).</summary>
    public virtual Task<Response<bool>> ConnectionExistsAsync(string connectionId, CancellationToken cancellationToken = default) =>
        SendExistsRequestAsync(CreateHubMessage(RequestMethod.Head, "/connections/", ArgumentNotEmpty(connectionId, nameof(connectionId))), cancellationToken);

    /// <summary>Whether a user has at least one open connection (<c>HEAD …/users/{userId}</c>).</summary>
    public virtual Task<Response<bool>> UserExistsAsync(string userId, CancellationToken cancellationToken = default) =>
        SendExistsRequestAsync(CreateHubMessage(RequestMethod.Head, "/users/", ArgumentNotEmpty(userId, nameof(userId))), cancellationToken);
}
