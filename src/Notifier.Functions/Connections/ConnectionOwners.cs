using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Notifier.Functions.Storage;

namespace Notifier.Functions.Connections;

/// <summary>
/// Which user each connection was admitted for (<c>ConnectionOwners</c> table: partition and row = connection id,
/// <c>UserId</c>), so that user events can be checked against it: Web PubSub and SignalR Service sign only the
/// connection id, not the user id (<c>ce-userId</c>, <c>X-ASRS-User-Id</c>), so a captured event could otherwise be
/// re-sent in another user's name.
/// </summary>
/// <remarks>
/// On Web PubSub the row is written at the blocking <c>connect</c>, before the service accepts the WebSocket, so it exists before
/// the client can send anything; <c>connected</c> comes later and asynchronously. SignalR Service has no blocking
/// connect, so there the first upstream call of a connection claims it (<c>connected</c>, or an invocation that overtook it). The first user to claim a
/// connection id keeps it: a forged <c>connect</c> for a connection another user already holds is refused. Rows are
/// never deleted (a connection id is never reused, and a deleted row would let a closed connection be claimed again).
/// Owners never change, so a per-instance cache in front of the table is always right; it is bounded like
/// <see cref="HeadCache{THead}"/>: a full cache is emptied, which costs one point read per connection afterwards.
/// </remarks>
internal sealed class ConnectionOwners
{
    private const int CacheCapacity = 50_000;
    private const string UserIdColumn = "UserId";
    private static readonly string[] UserIdOnly = [UserIdColumn];

    private readonly NotifierTables _tables;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);

    public ConnectionOwners(NotifierTables tables, TimeProvider timeProvider)
    {
        _tables = tables;
        _timeProvider = timeProvider;
    }

    /// <summary>Records <paramref name="userId"/> as the owner; false if another user owns the connection already.</summary>
    public async Task<bool> ClaimAsync(string connectionId, string userId, CancellationToken cancellationToken)
    {
        if (_owners.TryGetValue(connectionId, out var cached))
        {
            return cached == userId;
        }

        var table = await _tables.GetAsync(TableNames.ConnectionOwners, cancellationToken).ConfigureAwait(false);
        try
        {
            var row = new TableEntity(connectionId, connectionId) { [UserIdColumn] = userId, ["ConnectedAt"] = _timeProvider.GetUtcNow() };
            await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
            Remember(connectionId, userId);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // A retried connect (the service repeats it after a 5xx) finds its own row; anything else is someone else's.
            return await OwnerAsync(connectionId, cancellationToken).ConfigureAwait(false) == userId;
        }
    }

    /// <summary>Returns whether <paramref name="userId"/> was admitted on <paramref name="connectionId"/>.</summary>
    public async Task<bool> IsOwnerAsync(string connectionId, string userId, CancellationToken cancellationToken) =>
        (_owners.TryGetValue(connectionId, out var cached) ? cached : await OwnerAsync(connectionId, cancellationToken).ConfigureAwait(false)) == userId;

    private async Task<string?> OwnerAsync(string connectionId, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.ConnectionOwners, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(connectionId, connectionId, UserIdOnly, cancellationToken).ConfigureAwait(false);
        if (row.HasValue && row.Value!.GetString(UserIdColumn) is { } owner)
        {
            Remember(connectionId, owner);
            return owner;
        }

        // Not cached: an unknown connection is an attacker's or a bug, and caching it would let them fill the cache.
        return null;
    }

    private void Remember(string connectionId, string userId)
    {
        if (_owners.Count >= CacheCapacity)
        {
            _owners.Clear();
        }

        _owners[connectionId] = userId;
    }
}
