using Notifier.Azure.SignalR.Rest;
using Notifier.Functions.Transport;

namespace Notifier.Functions.SignalR;

/// <summary>
/// SignalR Service's serverless negotiate: the hub's client URL and a token naming the user (signed here with the
/// access key, or issued by the service with Entra ID). The groups are recorded for the upstream (<see cref="UserTopics"/>)
/// before the client can connect, because the token cannot carry them.
/// </summary>
internal sealed class SignalRClientAccessIssuer : IClientAccessIssuer
{
    private readonly SignalRRestClient _client;
    private readonly UserTopics _topics;

    public SignalRClientAccessIssuer(SignalRRestClient client, UserTopics topics)
    {
        _client = client;
        _topics = topics;
    }

    public async Task<IssuedAccess> IssueAsync(string userId, IReadOnlyList<string> groups, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await _topics.SetAsync(userId, groups, cancellationToken).ConfigureAwait(false);
        var access = await _client.GetClientAccessAsync(userId, lifetime, cancellationToken).ConfigureAwait(false);
        return new IssuedAccess(access.Url, access.AccessToken, access.ExpiresAt);
    }
}
