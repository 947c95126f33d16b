using System.Globalization;
using Azure;
using Azure.Core;
using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Azure.SignalR.Rest;

public partial class SignalRRestClient
{
    /// <summary>
    /// Adds a user to a group (<c>PUT …/groups/{group}/users/{userId}</c>): the user's open connections join now and
    /// new ones join as they connect.
    /// </summary>
    /// <param name="group">The group.</param>
    /// <param name="userId">The user.</param>
    /// <param name="timeToLive">How long the membership lasts, in whole seconds; null for the service's longest.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual Task<Response> AddUserToGroupAsync(string group, string userId, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        var message = CreateHubMessage(RequestMethod.Put, "/groups/", SignalRNames.ValidateGroup(group, nameof(group)), "/users/", ArgumentNotEmpty(userId, nameof(userId)));
        if (timeToLive is { } ttl)
        {
            if (ttl < TimeSpan.Zero)
            {
                message.Dispose();
                throw new ArgumentOutOfRangeException(nameof(timeToLive), ttl, "The time to live must not be negative.");
            }

            message.Request.Uri.AppendQuery("ttl", ((long)ttl.TotalSeconds).ToString(CultureInfo.InvariantCulture), escapeValue: true);
        }

        return SendRequestAsync(message, cancellationToken);
    }

    /// <summary>Removes a user, and the user's connections, from a group (<c>DELETE …/groups/{group}/users/{userId}</c>).</summary>
    public virtual Task<Response> RemoveUserFromGroupAsync(string group, string userId, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateHubMessage(RequestMethod.Delete, "/groups/", SignalRNames.ValidateGroup(group, nameof(group)), "/users/", ArgumentNotEmpty(userId, nameof(userId))), cancellationToken);

    /// <summary>Removes a user from every group (<c>DELETE …/users/{userId}/groups</c>).</summary>
    public virtual Task<Response> RemoveUserFromAllGroupsAsync(string userId, CancellationToken cancellationToken = default)
    {
        var message = CreateHubMessage(RequestMethod.Delete, "/users/", ArgumentNotEmpty(userId, nameof(userId)));
        message.Request.Uri.AppendPath("/groups", escape: false);
        return SendRequestAsync(message, cancellationToken);
    }

    /// <summary>Whether a user is in a group (<c>HEAD …/groups/{group}/users/{userId}</c>).</summary>
    public virtual Task<Response<bool>> UserIsInGroupAsync(string group, string userId, CancellationToken cancellationToken = default) =>
        SendExistsRequestAsync(CreateHubMessage(RequestMethod.Head, "/groups/", SignalRNames.ValidateGroup(group, nameof(group)), "/users/", ArgumentNotEmpty(userId, nameof(userId))), cancellationToken);

    /// <summary>Adds one connection to a group (<c>PUT …/groups/{group}/connections/{connectionId}</c>); fails with 404 when it is not open.</summary>
    public virtual Task<Response> AddConnectionToGroupAsync(string group, string connectionId, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateHubMessage(RequestMethod.Put, "/groups/", SignalRNames.ValidateGroup(group, nameof(group)), "/connections/", ArgumentNotEmpty(connectionId, nameof(connectionId))), cancellationToken);

    /// <summary>Removes one connection from a group (<c>DELETE …/groups/{group}/connections/{connectionId}</c>).</summary>
    public virtual Task<Response> RemoveConnectionFromGroupAsync(string group, string connectionId, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateHubMessage(RequestMethod.Delete, "/groups/", SignalRNames.ValidateGroup(group, nameof(group)), "/connections/", ArgumentNotEmpty(connectionId, nameof(connectionId))), cancellationToken);

    /// <summary>Whether a group has at least one connection (<c>HEAD …/groups/{group}</c>).</summary>
    public virtual Task<Response<bool>> GroupExistsAsync(string group, CancellationToken cancellationToken = default) =>
        SendExistsRequestAsync(CreateHubMessage(RequestMethod.Head, "/groups/", SignalRNames.ValidateGroup(group, nameof(group))), cancellationToken);
}
