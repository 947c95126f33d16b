using Azure;
using Azure.Data.Tables;
using Notifier.Core.Publishing;

namespace Notifier.Functions.Storage;

internal sealed partial class TableInboxStore
{
    private const string Deleted = "Deleted";
    private const string DeletedAt = "DeletedAt";
    private static readonly string[] ExpirySelect = [.. EntrySelect, "Sequence"];

    // Beyond an instance's copy of the head: a write that copy let start may still be on its way (a stream read and an
    // insert, each up to three attempts of 15 s with back-off), on clocks that may differ a little.
    private static readonly TimeSpan InFlightWrites = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Ends an inbox's expired entries and takes them off the unread counter, in transactions with the head: each
    /// becomes a tombstone (its index row deleted with it, and index rows left by deleted entries once they expire; a
    /// bound id's index row once its retention is over). Then sets the head's <see cref="InboxHead.NextExpiry"/> to the
    /// earliest expiry of what is still counted. Tombstones expire, and are deleted, once no instance can append under a
    /// copy of the head older than they are.
    /// </summary>
    /// <remarks>
    /// Appends claim a sequence by inserting its key, and an instance appends after the latest sequence it knows, which
    /// may be as old as its copy of the head (<see cref="InboxOptions.HeadLifetime"/>). A row deleted at once would free
    /// its key for such an instance to take again: a sequence used twice, below the head, never counted. So a deleted or
    /// expired entry's row stays, as a tombstone with no content, until every copy of the head read before it became one
    /// has expired and every write started from one has ended.
    /// </remarks>
    /// <returns>The head as written, and how many rows were ended (made tombstones or deleted).</returns>
    internal async Task<(InboxHead Head, int Deleted)> RemoveExpiredFromInboxAsync(TableClient inbox, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Fold the tail first: the counter must count what is ended from it.
        var deleted = 0;
        var head = await SyncAsync(inbox, userId, streams: null, now, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                head = await ReadHeadAsync(inbox, userId, cancellationToken).ConfigureAwait(false);
            }

            if (head.ETag is null)
            {
                return (head, deleted);
            }

            // Expired rows of every kind, and the unread entries that decide the next expiry. The head has neither property.
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId} and (ExpiresAt le {now} or Read eq {false})");
            var doomed = new Dictionary<string, Doomed>(StringComparer.Ordinal);
            DateTimeOffset? nextExpiry = null;
            await foreach (var row in inbox.QueryAsync<TableEntity>(filter, MaxPageSize, ExpirySelect, cancellationToken).ConfigureAwait(false))
            {
                // An entry appended after the fold, or its index row, is not counted yet: the next clean-up's.
                var isEntry = row.RowKey.StartsWith(EntryPrefix, StringComparison.Ordinal);
                if ((isEntry ? SequenceOf(row) : row.GetInt64("Sequence") ?? 0) > head.Sequence)
                {
                    continue;
                }

                if (ExpiresAt(row) > now)
                {
                    if (isEntry && InboxHead.Counts(row) && (nextExpiry is null || ExpiresAt(row) < nextExpiry))
                    {
                        nextExpiry = ExpiresAt(row);
                    }

                    continue;
                }

                // A tombstone expires when it may go (see Tombstone).
                if (isEntry && IsTombstone(row))
                {
                    doomed[row.RowKey] = new Doomed(row.ETag, Counted: false, Tombstone: null);
                    continue;
                }

                doomed[row.RowKey] = new Doomed(row.ETag, isEntry && InboxHead.Counts(row), isEntry ? Tombstone(userId, row, now) : null);

                // A bound id's index row is its record and outlives the entry by the retention; its own ExpiresAt says when.
                if (isEntry && row.GetString("NotificationId") is { } id && !NotificationIds.IsBound(id))
                {
                    doomed.TryAdd(IndexKey(id, userId), new Doomed(ETag.All, Counted: false, Tombstone: null));
                }
            }

            if (doomed.Count == 0 && head.NextExpiry == nextExpiry)
            {
                return (head, deleted);
            }

            var chunks = doomed.Chunk(MaxTransactionActions - 1).ToList();
            if (chunks.Count == 0)
            {
                chunks.Add([]);
            }

            try
            {
                for (var i = 0; i < chunks.Count; i++)
                {
                    var last = i == chunks.Count - 1;
                    var written = head with
                    {
                        Unread = (head.Unread ?? 0) - chunks[i].Count(d => d.Value.Counted),
                        NextExpiry = last ? nextExpiry : head.NextExpiry,
                    };
                    var actions = new List<TableTransactionAction>(chunks[i].Length + 1) { HeadAction(userId, head, written) };
                    actions.AddRange(chunks[i].Select(d => d.Value.Tombstone is { } tombstone
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, tombstone, d.Value.ETag)
                        : new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(userId, d.Key), d.Value.ETag)));
                    var results = await inbox.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                    head = written with { ETag = results.Value[0].Headers.ETag };
                    deleted += chunks[i].Length;
                }

                Forget(userId);
                return (head, deleted);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                // An append, a read or another clean-up changed the inbox since the scan: scan again.
                Forget(userId);
                await BackOffAsync(inbox.Name, userId, attempt, ex, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // What is left of an ended entry: its sequence (the row key) and when it ended. It expires once no instance can
    // append under a copy of the head from before then, so the clean-up finds it only when it may delete it. Read,
    // archived and muted, so that nothing counts it, whatever reads it.
    private TableEntity Tombstone(string partition, TableEntity entry, DateTimeOffset at) =>
        new(partition, entry.RowKey)
        {
            [Deleted] = true,
            [DeletedAt] = at,
            ["ExpiresAt"] = at + _options.HeadLifetime + InFlightWrites,
            ["Read"] = true,
            ["Archived"] = true,
            ["Muted"] = true,
        };

    /// <summary>Deletes a stream's expired entries and index rows. Inboxes keep their own expired pointers until their own clean-up.</summary>
    /// <returns>How many rows were deleted.</returns>
    internal async Task<int> RemoveExpiredFromStreamAsync(TableClient streams, string stream, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deleted = 0;
        for (var attempt = 0; ; attempt++)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {stream} and ExpiresAt le {now}");
            var keys = new List<string>();
            await foreach (var row in streams.QueryAsync<TableEntity>(filter, MaxPageSize, ["RowKey"], cancellationToken).ConfigureAwait(false))
            {
                keys.Add(row.RowKey);
            }

            try
            {
                foreach (var chunk in keys.Chunk(MaxTransactionActions))
                {
                    await streams.SubmitTransactionAsync(chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(stream, key), ETag.All)), cancellationToken).ConfigureAwait(false);
                    deleted += chunk.Length;
                }

                return deleted;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // Another instance's clean-up deleted some of them first.
                await BackOffAsync(streams.Name, stream, attempt, ex, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
