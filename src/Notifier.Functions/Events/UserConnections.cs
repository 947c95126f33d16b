using Azure.Data.Tables;
using Notifier.Azure.WebPubSub.Rest;
using Notifier.Functions.Storage;

namespace Notifier.Functions.Events;

/// <summary>
/// Open connections per user (<c>UserConnections</c> table: partition = user, row = connection id), kept by the
/// <c>connected</c>/<c>disconnected</c> events, for the per-user connection limit only. A lost <c>disconnected</c>
/// event could leave a stale row, so before refusing a connection the rows are checked against Web PubSub.
/// </summary>
internal sealed class UserConnections
{
    private static readonly string[] RowKeyOnly = ["RowKey"];
    private readonly NotifierTables _tables;
    private readonly WebPubSubRestClient _webPubSub;

    public UserConnections(NotifierTables tables, WebPubSubRestClient webPubSub)
    {
        _tables = tables;
        _webPubSub = webPubSub;
    }

    public async Task AddAsync(string userId, string connectionId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.UserConnections, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(userId, connectionId) { ["ConnectedAt"] = at }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(string userId, string connectionId, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.UserConnections, cancellationToken).ConfigureAwait(false);
        await table.DeleteEntityAsync(userId, connectionId, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns whether the user may open another connection, pruning rows of connections that no longer exist.</summary>
    public async Task<bool> HasRoomAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.UserConnections, cancellationToken).ConfigureAwait(false);
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {userId}"), select: RowKeyOnly, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row.RowKey);
        }

        if (rows.Count < limit)
        {
            return true;
        }

        var live = 0;
        foreach (var connectionId in rows)
        {
            if ((await _webPubSub.ConnectionExistsAsync(connectionId, cancellationToken).ConfigureAwait(false)).Value)
            {
                live++;
            }
            else
            {
                // A row its disconnected event removed meanwhile is no error: the SDK answers a 404 delete without throwing.
                await table.DeleteEntityAsync(userId, connectionId, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        return live < limit;
    }
}
