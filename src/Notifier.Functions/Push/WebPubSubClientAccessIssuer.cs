using Notifier.Azure.WebPubSub.Rest;
using Notifier.Functions.Transport;

namespace Notifier.Functions.Push;

/// <summary>
/// A Web PubSub client URL: the token names the user and the topic groups (joined at connect) and carries no roles, so
/// the client can neither join other groups nor send to anyone; it can only raise events (<c>ack</c>, <c>read</c>).
/// </summary>
internal sealed class WebPubSubClientAccessIssuer : IClientAccessIssuer
{
    private readonly WebPubSubRestClient _client;

    public WebPubSubClientAccessIssuer(WebPubSubRestClient client)
    {
        _client = client;
    }

    public async Task<IssuedAccess> IssueAsync(string userId, IReadOnlyList<string> groups, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var options = new ClientTokenOptions { UserId = userId, ExpiresAfter = lifetime };
        foreach (var group in groups)
        {
            options.Groups.Add(group);
        }

        var access = await _client.GetClientAccessAsync(options, cancellationToken).ConfigureAwait(false);
        return new IssuedAccess(access.Uri, null, access.ExpiresAt);
    }
}
