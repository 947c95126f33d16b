using Azure;
using Azure.Core;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.Rest;

public partial class WebPubSubRestClient
{
    /// <summary>Sends a message to every connection of the hub (<c>POST /api/hubs/{hub}/:send</c>).</summary>
    /// <param name="message">The message bytes; sent once, as they are.</param>
    /// <param name="contentType"><c>text/plain</c>, <c>application/json</c> or <c>application/octet-stream</c>.</param>
    /// <param name="options">Excluded connections, an OData filter, a message TTL.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public virtual Task<Response> SendToAllAsync(BinaryData message, ContentType contentType, WebPubSubSendOptions? options = null, CancellationToken cancellationToken = default) =>
        SendCoreAsync(null, null, message, contentType, options, cancellationToken);

    /// <summary>Sends a message to every connection of a user (<c>POST /api/hubs/{hub}/users/{userId}/:send</c>).</summary>
    /// <remarks>Succeeds even when the user has no connection. <see cref="WebPubSubSendOptions.Excluded"/> is not supported here.</remarks>
    public virtual Task<Response> SendToUserAsync(string userId, BinaryData message, ContentType contentType, WebPubSubSendOptions? options = null, CancellationToken cancellationToken = default) =>
        SendCoreAsync("/users/", ArgumentNotEmpty(userId, nameof(userId)), message, contentType, options, cancellationToken);

    /// <summary>Sends a message to every connection in a group (<c>POST /api/hubs/{hub}/groups/{group}/:send</c>).</summary>
    public virtual Task<Response> SendToGroupAsync(string group, BinaryData message, ContentType contentType, WebPubSubSendOptions? options = null, CancellationToken cancellationToken = default) =>
        SendCoreAsync("/groups/", WebPubSubNames.ValidateGroup(group, nameof(group)), message, contentType, options, cancellationToken);

    /// <summary>Sends a message to one connection (<c>POST /api/hubs/{hub}/connections/{connectionId}/:send</c>).</summary>
    /// <remarks>Only <see cref="WebPubSubSendOptions.MessageTtlSeconds"/> applies to a single connection.</remarks>
    public virtual Task<Response> SendToConnectionAsync(string connectionId, BinaryData message, ContentType contentType, WebPubSubSendOptions? options = null, CancellationToken cancellationToken = default) =>
        SendCoreAsync("/connections/", ArgumentNotEmpty(connectionId, nameof(connectionId)), message, contentType, options, cancellationToken);

    private async Task<Response> SendCoreAsync(
        string? targetPath,
        string? target,
        BinaryData message,
        ContentType contentType,
        WebPubSubSendOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (contentType == default)
        {
            throw new ArgumentException("A content type is required: text/plain, application/json or application/octet-stream.", nameof(contentType));
        }

        // The service takes excluded connections only on broadcasts (all, group), and filters on all but one connection.
        var acceptsExcluded = targetPath is null or "/groups/";
        var acceptsFilter = targetPath != "/connections/";
        if (options is not null && options.Excluded.Count > 0 && !acceptsExcluded)
        {
            throw new ArgumentException("Excluded connections apply only to sending to all or to a group.", nameof(options));
        }

        if (options?.Filter is not null && !acceptsFilter)
        {
            throw new ArgumentException("A filter does not apply to sending to one connection.", nameof(options));
        }

        using var request = CreateHubMessage(RequestMethod.Post);
        if (targetPath is not null)
        {
            request.Request.Uri.AppendPath(targetPath, escape: false);
            request.Request.Uri.AppendPath(target!, escape: true);
        }

        request.Request.Uri.AppendPath("/:send", escape: false);
        if (options is not null)
        {
            AppendRepeated(request, "excluded", options.Excluded);
            if (options.Filter is not null)
            {
                request.Request.Uri.AppendQuery("filter", options.Filter, escapeValue: true);
            }

            if (options.MessageTtlSeconds is int ttl)
            {
                request.Request.Uri.AppendQuery("messageTtlSeconds", ttl.ToString(System.Globalization.CultureInfo.InvariantCulture), escapeValue: true);
            }
        }

        request.Request.Headers.SetValue(HttpHeader.Names.ContentType, contentType.ToString());
        request.Request.Content = RequestContent.Create(message);
        return await ProcessAsync(request, async: true, cancellationToken).ConfigureAwait(false);
    }
}
