namespace Notifier.Core.Connections;

/// <summary>
/// How many connections one user may hold at once. The recorded connections decide while they are under the limit,
/// which costs one query; only at the limit, where a stale record (a lost <c>disconnected</c> event) would refuse a
/// user wrongly, is each one checked with the service, and the closed ones are forgotten.
/// </summary>
public sealed class ConnectionLimit
{
    private readonly IUserConnections _connections;

    /// <summary>Creates the rule.</summary>
    /// <param name="connections">The recorded connections.</param>
    /// <param name="connectionsPerUser">The most connections one user may hold, at least 1.</param>
    public ConnectionLimit(IUserConnections connections, int connectionsPerUser)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentOutOfRangeException.ThrowIfLessThan(connectionsPerUser, 1);
        _connections = connections;
        ConnectionsPerUser = connectionsPerUser;
    }

    /// <summary>Gets the most connections one user may hold.</summary>
    public int ConnectionsPerUser { get; }

    /// <summary>Returns whether the user may open another connection, forgetting recorded ones that are closed.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether a new connection fits within the limit.</returns>
    public async Task<bool> HasRoomAsync(string userId, CancellationToken cancellationToken)
    {
        var recorded = await _connections.ListAsync(userId, cancellationToken).ConfigureAwait(false);
        if (recorded.Count < ConnectionsPerUser)
        {
            return true;
        }

        var open = 0;
        foreach (var connectionId in recorded)
        {
            if (await _connections.IsOpenAsync(connectionId, cancellationToken).ConfigureAwait(false))
            {
                open++;
            }
            else
            {
                await _connections.RemoveAsync(userId, connectionId, cancellationToken).ConfigureAwait(false);
            }
        }

        return open < ConnectionsPerUser;
    }
}
