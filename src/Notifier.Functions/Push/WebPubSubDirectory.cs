using Notifier.Azure.WebPubSub.Rest;
using Notifier.Functions.Transport;

namespace Notifier.Functions.Push;

/// <summary>Asks Web PubSub which connections and users are connected.</summary>
internal sealed class WebPubSubDirectory : IConnectionDirectory
{
    private readonly WebPubSubRestClient _client;

    public WebPubSubDirectory(WebPubSubRestClient client)
    {
        _client = client;
    }

    public async Task<bool> ConnectionExistsAsync(string connectionId, CancellationToken cancellationToken) =>
        (await _client.ConnectionExistsAsync(connectionId, cancellationToken).ConfigureAwait(false)).Value;

    public async Task<bool> UserExistsAsync(string userId, CancellationToken cancellationToken) =>
        (await _client.UserExistsAsync(userId, cancellationToken).ConfigureAwait(false)).Value;
}
