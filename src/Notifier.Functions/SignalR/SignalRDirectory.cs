using Notifier.Azure.SignalR.Rest;
using Notifier.Functions.Transport;

namespace Notifier.Functions.SignalR;

/// <summary>Asks SignalR Service which connections and users are connected.</summary>
internal sealed class SignalRDirectory : IConnectionDirectory
{
    private readonly SignalRRestClient _client;

    public SignalRDirectory(SignalRRestClient client)
    {
        _client = client;
    }

    public async Task<bool> ConnectionExistsAsync(string connectionId, CancellationToken cancellationToken) =>
        (await _client.ConnectionExistsAsync(connectionId, cancellationToken).ConfigureAwait(false)).Value;

    public async Task<bool> UserExistsAsync(string userId, CancellationToken cancellationToken) =>
        (await _client.UserExistsAsync(userId, cancellationToken).ConfigureAwait(false)).Value;
}
