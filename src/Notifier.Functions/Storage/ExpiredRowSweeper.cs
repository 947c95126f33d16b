using Azure;
using Azure.Data.Tables;

namespace Notifier.Functions.Storage;

/// <summary>
/// Deletes what has expired, in bounded batches: inbox entries (keeping each inbox's unread counter right, through
/// <see cref="TableInboxStore.RemoveExpiredFromInboxAsync"/>), stream entries, and notification records once their
/// retention after expiry has passed. Table storage has no TTL and no secondary index, so each run finds partitions
/// with a server-side filter on <c>ExpiresAt</c> and cleans at most <c>maxPartitions</c> of each table; what a partition
/// holds is cleaned whole. A run that stops early says so, and the next run goes on where the filter finds rows left.
/// </summary>
internal sealed class ExpiredRowSweeper
{
    private const int Parallelism = 8;
    private static readonly string[] KeysOnly = ["PartitionKey", "RowKey"];
    private readonly NotifierTables _tables;
    private readonly TableInboxStore _inboxes;

    public ExpiredRowSweeper(NotifierTables tables, TableInboxStore inboxes)
    {
        _tables = tables;
        _inboxes = inboxes;
    }

    public async Task<CleanupReport> SweepAsync(DateTimeOffset now, TimeSpan recordRetention, int maxPartitions, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };

        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        var (users, moreUsers) = await FindPartitionsAsync(inbox, TableClient.CreateQueryFilter($"ExpiresAt le {now}"), maxPartitions, cancellationToken).ConfigureAwait(false);
        var inboxRows = 0;
        await Parallel.ForEachAsync(users, options, async (user, ct) =>
        {
            var (_, deleted) = await _inboxes.RemoveExpiredFromInboxAsync(inbox, user, now, ct).ConfigureAwait(false);
            Interlocked.Add(ref inboxRows, deleted);
        }).ConfigureAwait(false);

        var streams = await _tables.GetAsync(TableNames.Streams, cancellationToken).ConfigureAwait(false);
        var (streamNames, moreStreams) = await FindPartitionsAsync(streams, TableClient.CreateQueryFilter($"ExpiresAt le {now}"), maxPartitions, cancellationToken).ConfigureAwait(false);
        var streamRows = 0;
        await Parallel.ForEachAsync(streamNames, options, async (stream, ct) =>
            Interlocked.Add(ref streamRows, await _inboxes.RemoveExpiredFromStreamAsync(streams, stream, now, ct).ConfigureAwait(false))).ConfigureAwait(false);

        // Records outlive their notification by the retention, so a publisher's late retry with the same id is still
        // recognised as a duplicate rather than delivered again.
        var records = await _tables.GetAsync(TableNames.Notifications, cancellationToken).ConfigureAwait(false);
        // Delivery rows carry the expiry too: a notification with a bound id has no record row here, only deliveries.
        var recordFilter = TableClient.CreateQueryFilter($"ExpiresAt le {now - recordRetention}");
        var (ids, moreRecords) = await FindPartitionsAsync(records, recordFilter, maxPartitions, cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(ids, options, async (id, ct) => await DeletePartitionAsync(records, id, ct).ConfigureAwait(false)).ConfigureAwait(false);

        return new CleanupReport(inboxRows, streamRows, ids.Count, !(moreUsers || moreStreams || moreRecords));
    }

    private static async Task<(List<string> Partitions, bool More)> FindPartitionsAsync(TableClient table, string filter, int max, CancellationToken cancellationToken)
    {
        var partitions = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, 1000, KeysOnly, cancellationToken).ConfigureAwait(false))
        {
            if (seen.Add(row.PartitionKey))
            {
                if (partitions.Count == max)
                {
                    return (partitions, true);
                }

                partitions.Add(row.PartitionKey);
            }
        }

        return (partitions, false);
    }

    private static async Task DeletePartitionAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), 1000, KeysOnly, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(row.RowKey);
        }

        foreach (var chunk in keys.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, key), ETag.All)), cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // Another run deleted part of it: delete what is left one by one (a missing row is no error there).
                foreach (var key in chunk)
                {
                    await table.DeleteEntityAsync(partition, key, ETag.All, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
