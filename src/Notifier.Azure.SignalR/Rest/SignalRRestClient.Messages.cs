using Azure;
using Azure.Core;
using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Azure.SignalR.Rest;

public partial class SignalRRestClient
{
    /// <summary>Calls a client method on every connection of the hub (<c>POST /api/v1/hubs/{hub}</c>).</summary>
    /// <param name="message">The target and arguments, serialised once.</param>
    /// <param name="excluded">Connection ids that must not receive it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual Task<Response> SendToAllAsync(SignalRMessage message, IEnumerable<string>? excluded = null, CancellationToken cancellationToken = default) =>
        SendCoreAsync(CreateHubMessage(RequestMethod.Post), message, excluded, cancellationToken);

    /// <summary>Calls a client method on every connection of a user (<c>POST …/users/{userId}</c>); succeeds when the user has none.</summary>
    public virtual Task<Response> SendToUserAsync(string userId, SignalRMessage message, CancellationToken cancellationToken = default) =>
        SendCoreAsync(CreateHubMessage(RequestMethod.Post, "/users/", ArgumentNotEmpty(userId, nameof(userId))), message, null, cancellationToken);

    /// <summary>Calls a client method on every connection in a group (<c>POST …/groups/{group}</c>).</summary>
    public virtual Task<Response> SendToGroupAsync(string group, SignalRMessage message, IEnumerable<string>? excluded = null, CancellationToken cancellationToken = default) =>
        SendCoreAsync(CreateHubMessage(RequestMethod.Post, "/groups/", SignalRNames.ValidateGroup(group, nameof(group))), message, excluded, cancellationToken);

    /// <summary>Calls a client method on one connection (<c>POST …/connections/{connectionId}</c>).</summary>
    public virtual Task<Response> SendToConnectionAsync(string connectionId, SignalRMessage message, CancellationToken cancellationToken = default) =>
        SendCoreAsync(CreateHubMessage(RequestMethod.Post, "/connections/", ArgumentNotEmpty(connectionId, nameof(connectionId))), message, null, cancellationToken);

    private Task<Response> SendCoreAsync(HttpMessage request, SignalRMessage message, IEnumerable<string>? excluded, CancellationToken cancellationToken)
    {
        if (message is null)
        {
            request.Dispose();
            throw new ArgumentNullException(nameof(message));
        }

        AppendRepeated(request, "excluded", excluded);
        request.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        request.Request.Content = RequestContent.Create(message.Body);
        return SendRequestAsync(request, cancellationToken);
    }
}
