using Azure.Data.Tables;
using Notifier.Core.Connections;
using Notifier.Functions.Storage;
using Notifier.Functions.Transport;

namespace Notifier.Functions.Connections;

/// <summary>
/// Open connections per user (<c>UserConnections</c> table: partition = user, row = connection id), kept by the
/// <c>connected</c>/<c>disconnected</c> events of either transport, for the per-user connection limit (<see cref="ConnectionLimit"/>) only.
/// Whether a connection is still open is asked of the transport (Web PubSub or SignalR Service): a lost
/// <c>disconnected</c> event can leave a stale row.
/// </summary>
internal sealed class UserConnections : IUserConnections
{
    private static readonly string[] RowKeyOnly = ["RowKey"];
    private readonly NotifierTables _tables;
    private readonly IConnectionDirectory _directory;

    public UserConnections(NotifierTables tables, IConnectionDirectory directory)
    {
        _tables = tables;
        _directory = directory;
    }

    public async Task AddAsync(string userId, string connectionId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.UserConnections, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(userId, connectionId) { ["ConnectedAt"] = at }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public Task RemoveAsync(string userId, string connectionId, CancellationToken cancellationToken) =>
        TryRemoveAsync(userId, connectionId, cancellationToken);

    /// <summary>Removes the row and tells whether there was one: a connection refused at the limit never had a row.</summary>
    public async Task<bool> TryRemoveAsync(string userId, string connectionId, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.UserConnections, cancellationToken).ConfigureAwait(false);
        // A row its disconnected event removed meanwhile is no error: the SDK answers a 404 delete without throwing.
        using var response = await table.DeleteEntityAsync(userId, connectionId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    public async Task<IReadOnlyList<string>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.UserConnections, cancellationToken).ConfigureAwait(false);
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {userId}"), select: RowKeyOnly, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row.RowKey);
        }

        return rows;
    }

    public Task<bool> IsOpenAsync(string connectionId, CancellationToken cancellationToken) =>
        _directory.ConnectionExistsAsync(connectionId, cancellationToken);
}
