using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Core;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.Rest;

public partial class WebPubSubRestClient
{
    /// <summary>
    /// Lists the connections in a group, following the service's <c>nextLink</c> (<c>GET /groups/{group}/connections</c>,
    /// api-version 2024-12-01 or later). A group with no connection lists nothing.
    /// </summary>
    /// <param name="group">The group.</param>
    /// <param name="maxPageSize">Connections per page (1 to 200); the service's default when null.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public virtual AsyncPageable<GroupMember> GetGroupMembersAsync(string group, int? maxPageSize = null, CancellationToken cancellationToken = default)
    {
        ValidateGroupMembersCall(group);
        return new DelegateAsyncPageable<GroupMember>(
            (next, hint, ct) => GetGroupMembersPageAsync(group, next, hint ?? maxPageSize, ct),
            cancellationToken);
    }

    private void ValidateGroupMembersCall(string group)
    {
        WebPubSubNames.ValidateGroup(group, nameof(group));
        if (_serviceVersion < WebPubSubRestClientOptions.ServiceVersion.V2024_12_01)
        {
            throw new NotSupportedException("Listing the connections of a group needs api-version 2024-12-01 or later.");
        }
    }

    private async Task<Page<GroupMember>> GetGroupMembersPageAsync(string group, string? nextLink, int? maxPageSize, CancellationToken cancellationToken)
    {
        HttpMessage message;
        if (nextLink is null)
        {
            message = CreateHubMessage(RequestMethod.Get, "/groups/", group);
            message.Request.Uri.AppendPath("/connections", escape: false);
            if (maxPageSize is int size)
            {
                message.Request.Uri.AppendQuery("maxpagesize", size.ToString(CultureInfo.InvariantCulture), escapeValue: true);
            }
        }
        else
        {
            // The token is signed for whatever URL we call, so only ever follow links to our own endpoint.
            if (!Uri.TryCreate(nextLink, UriKind.Absolute, out var next)
                || Uri.Compare(next, _endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            {
                throw new InvalidOperationException($"The service returned a nextLink outside its endpoint: '{nextLink}'.");
            }

            message = _pipeline.CreateMessage();
            message.Request.Method = RequestMethod.Get;
            message.Request.Uri.Reset(next);
        }

        using (message)
        {
            var response = await ProcessAsync(message, async: true, cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(response.ContentStream!, default, cancellationToken).ConfigureAwait(false);
            var members = new List<GroupMember>();
            if (document.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                {
                    var connectionId = item.GetProperty("connectionId").GetString()!;
                    var userId = item.TryGetProperty("userId", out var user) && user.ValueKind == JsonValueKind.String ? user.GetString() : null;
                    members.Add(new GroupMember(connectionId, userId));
                }
            }

            var link = document.RootElement.TryGetProperty("nextLink", out var linkElement) && linkElement.ValueKind == JsonValueKind.String
                ? linkElement.GetString()
                : null;
            return Page<GroupMember>.FromValues(members, string.IsNullOrEmpty(link) ? null : link, response);
        }
    }
}
