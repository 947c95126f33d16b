using Azure.Data.Tables;
using Notifier.Functions.Storage;

namespace Notifier.Functions.SignalR;

/// <summary>
/// The topic groups each user was granted at their last negotiate (<c>UserTopics</c> table: partition = user, one row).
/// A Web PubSub token carries its groups and the service keeps them with the connection; a SignalR Service token
/// cannot (tokens issued by <c>:generateToken</c> hold only the user id, and the claims the service forwards upstream
/// are not signed), so the upstream reads them here to join a connection to its groups and to merge the right streams
/// on <c>ack</c> and <c>read</c>. Written from the verified HTTP caller only.
/// </summary>
internal sealed class UserTopics
{
    private const string RowKey = "topics";
    private const string GroupsColumn = "Groups";
    private static readonly string[] GroupsOnly = [GroupsColumn];
    private readonly NotifierTables _tables;

    public UserTopics(NotifierTables tables)
    {
        _tables = tables;
    }

    public async Task SetAsync(string userId, IReadOnlyList<string> groups, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.UserTopics, cancellationToken).ConfigureAwait(false);
        var row = new TableEntity(userId, RowKey) { [GroupsColumn] = string.Join(',', groups) };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The groups of the user's last negotiate; none for a user who never negotiated.</summary>
    public async Task<string[]> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.UserTopics, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(userId, RowKey, GroupsOnly, cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetString(GroupsColumn) is { Length: > 0 } groups
            ? groups.Split(',', StringSplitOptions.RemoveEmptyEntries)
            : [];
    }
}
