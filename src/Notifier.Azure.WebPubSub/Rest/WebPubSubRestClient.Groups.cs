using System.Text.Json;
using Azure;
using Azure.Core;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.Rest;

public partial class WebPubSubRestClient
{
    /// <summary>Adds a connection to a group (<c>PUT /groups/{group}/connections/{connectionId}</c>).</summary>
    public virtual Task<Response> AddConnectionToGroupAsync(string group, string connectionId, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateGroupConnectionRequest(RequestMethod.Put, group, connectionId), cancellationToken);

    /// <summary>Removes a connection from a group (<c>DELETE /groups/{group}/connections/{connectionId}</c>).</summary>
    public virtual Task<Response> RemoveConnectionFromGroupAsync(string group, string connectionId, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateGroupConnectionRequest(RequestMethod.Delete, group, connectionId), cancellationToken);

    /// <summary>Removes a connection from every group (<c>DELETE /connections/{connectionId}/groups</c>).</summary>
    public virtual Task<Response> RemoveConnectionFromAllGroupsAsync(string connectionId, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateConnectionGroupsRequest(connectionId), cancellationToken);

    /// <summary>Adds every current connection of a user to a group (<c>PUT /users/{userId}/groups/{group}</c>).</summary>
    /// <remarks>Connections the user opens later are not added.</remarks>
    public virtual Task<Response> AddUserToGroupAsync(string group, string userId, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateUserGroupRequest(RequestMethod.Put, group, userId), cancellationToken);

    /// <summary>Removes a user's connections from a group (<c>DELETE /users/{userId}/groups/{group}</c>).</summary>
    public virtual Task<Response> RemoveUserFromGroupAsync(string group, string userId, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateUserGroupRequest(RequestMethod.Delete, group, userId), cancellationToken);

    /// <summary>Removes a user's connections from every group (<c>DELETE /users/{userId}/groups</c>).</summary>
    public virtual Task<Response> RemoveUserFromAllGroupsAsync(string userId, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateUserGroupsRequest(userId), cancellationToken);

    /// <summary>
    /// Adds every connection matching an OData <paramref name="filter"/> (all connections when it is null) to each of
    /// <paramref name="groups"/> (<c>POST /:addToGroups</c>).
    /// </summary>
    public virtual Task<Response> AddConnectionsToGroupsAsync(IEnumerable<string> groups, string? filter = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateGroupsByFilterRequest("/:addToGroups", groups, filter), cancellationToken);

    /// <summary>
    /// Removes every connection matching an OData <paramref name="filter"/> (all connections when it is null) from each
    /// of <paramref name="groups"/> (<c>POST /:removeFromGroups</c>).
    /// </summary>
    public virtual Task<Response> RemoveConnectionsFromGroupsAsync(IEnumerable<string> groups, string? filter = null, CancellationToken cancellationToken = default) =>
        SendRequestAsync(CreateGroupsByFilterRequest("/:removeFromGroups", groups, filter), cancellationToken);

    /// <summary>Whether a group has at least one connection (<c>HEAD /groups/{group}</c>).</summary>
    public virtual Task<Response<bool>> GroupExistsAsync(string group, CancellationToken cancellationToken = default) =>
        SendExistsRequestAsync(CreateHubMessage(RequestMethod.Head, "/groups/", WebPubSubNames.ValidateGroup(group, nameof(group))), cancellationToken);

    private HttpMessage CreateGroupConnectionRequest(RequestMethod method, string group, string connectionId) =>
        CreateHubMessage(method, "/groups/", WebPubSubNames.ValidateGroup(group, nameof(group)), "/connections/", ArgumentNotEmpty(connectionId, nameof(connectionId)));

    private HttpMessage CreateConnectionGroupsRequest(string connectionId)
    {
        var message = CreateHubMessage(RequestMethod.Delete, "/connections/", ArgumentNotEmpty(connectionId, nameof(connectionId)));
        message.Request.Uri.AppendPath("/groups", escape: false);
        return message;
    }

    private HttpMessage CreateUserGroupRequest(RequestMethod method, string group, string userId) =>
        CreateHubMessage(method, "/users/", ArgumentNotEmpty(userId, nameof(userId)), "/groups/", WebPubSubNames.ValidateGroup(group, nameof(group)));

    private HttpMessage CreateUserGroupsRequest(string userId)
    {
        var message = CreateHubMessage(RequestMethod.Delete, "/users/", ArgumentNotEmpty(userId, nameof(userId)));
        message.Request.Uri.AppendPath("/groups", escape: false);
        return message;
    }

    private HttpMessage CreateGroupsByFilterRequest(string action, IEnumerable<string> groups, string? filter)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var groupList = groups.ToList();
        if (groupList.Count == 0)
        {
            throw new ArgumentException("At least one group is required.", nameof(groups));
        }

        foreach (var group in groupList)
        {
            WebPubSubNames.ValidateGroup(group, nameof(groups));
        }

        var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteStartArray("groups"u8);
            foreach (var group in groupList)
            {
                json.WriteStringValue(group);
            }

            json.WriteEndArray();
            if (!string.IsNullOrEmpty(filter))
            {
                json.WriteString("filter"u8, filter);
            }

            json.WriteEndObject();
        }

        var message = CreateHubMessage(RequestMethod.Post);
        message.Request.Uri.AppendPath(action, escape: false);
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        message.Request.Content = RequestContent.Create(new BinaryData(body.GetBuffer().AsMemory(0, (int)body.Length)));
        return message;
    }
}
