using Azure.Data.Tables;
using Notifier.Core.Inbox;

namespace Notifier.Functions.Storage;

internal sealed partial class TableInboxStore
{
    // Head + one action per entry, or two for a delete (the entry, and its index row kept as a tombstone).
    private const int EntriesPerChange = 49;

    public async Task<IReadOnlyList<InboxEntry>> ChangeAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string>? notificationIds, InboxChange change, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        var head = await SyncAsync(inbox, userId, streams, at, cancellationToken).ConfigureAwait(false);
        List<TableEntity> rows;
        if (notificationIds is null)
        {
            // Up to the head's sequence: what the counter counts. Entries appended since are the next change's.
            rows = [];
            var upTo = EntryKey(head.Sequence, userId);
            var filter = change == InboxChange.Read
                ? TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey gt {EntryPrefix} and RowKey le {upTo} and Read eq {false}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey gt {EntryPrefix} and RowKey le {upTo}");
            await foreach (var row in inbox.QueryAsync<TableEntity>(filter, MaxPageSize, EntrySelect, cancellationToken).ConfigureAwait(false))
            {
                if (Applies(row, change))
                {
                    rows.Add(row);
                }
            }
        }
        else
        {
            rows = [.. (await FindRowsAsync(inbox, userId, notificationIds, cancellationToken).ConfigureAwait(false)).Where(r => Applies(r, change))];

            // An entry appended since the fold (with its index row) is not counted yet: fold it first.
            if (rows.Count > 0 && SequenceOf(rows[^1]) > head.Sequence)
            {
                head = await SyncAsync(inbox, userId, streams, at, cancellationToken).ConfigureAwait(false);
                rows.RemoveAll(r => SequenceOf(r) > head.Sequence);
            }
        }

        var changed = new List<InboxEntry>(rows.Count);
        foreach (var chunk in rows.Chunk(EntriesPerChange))
        {
            (head, var done) = await ChangeChunkAsync(inbox, userId, head, chunk, change, at, cancellationToken).ConfigureAwait(false);
            changed.AddRange(done);
        }

        return changed;
    }

    private static bool Applies(TableEntity row, InboxChange change) => !IsTombstone(row) && change switch
    {
        InboxChange.Read => row.GetBoolean("Read") != true,
        InboxChange.Unread => row.GetBoolean("Read") == true,
        InboxChange.Archive => row.GetBoolean("Archived") != true,
        InboxChange.Unarchive => row.GetBoolean("Archived") == true,
        _ => true,
    };

    /// <summary>
    /// Changes up to <see cref="EntriesPerChange"/> entries and the counter in one transaction, each entry under its
    /// ETag and the head under its own. When another writer got there first, the entries are read again and only
    /// those the change still applies to are changed.
    /// </summary>
    private async Task<(InboxHead Head, List<InboxEntry> Changed)> ChangeChunkAsync(TableClient inbox, string userId, InboxHead head, TableEntity[] rows, InboxChange change, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var actions = new List<TableTransactionAction>(rows.Length * 2 + 1) { default! };
            var written = head;
            var unread = head.Unread ?? 0;
            foreach (var row in rows)
            {
                var before = InboxHead.Counts(row);
                switch (change)
                {
                    case InboxChange.Delete:
                        // A tombstone keeps the sequence taken until no instance can still believe it free (Expiry.cs).
                        actions.Add(new(TableTransactionActionType.UpdateReplace, Tombstone(userId, row, at), row.ETag));

                        // The index stays, so neither a retried publish nor another route brings the entry back.
                        actions.Add(new(TableTransactionActionType.UpsertMerge, NewIndex(userId, row.GetString("NotificationId") ?? string.Empty, SequenceOf(row), ExpiresAt(row))));
                        unread -= before ? 1 : 0;
                        continue;
                    case InboxChange.Read:
                        actions.Add(Update(row, new() { ["Read"] = true, ["ReadAt"] = at }));
                        break;
                    case InboxChange.Unread:
                        actions.Add(Update(row, new() { ["Read"] = false }));
                        break;
                    case InboxChange.Archive:
                        actions.Add(Update(row, new() { ["Archived"] = true, ["ArchivedAt"] = at }));
                        break;
                    default:
                        actions.Add(Update(row, new() { ["Archived"] = false }));
                        break;
                }

                var after = row.GetBoolean("Muted") != true
                    && (change == InboxChange.Unread || (change != InboxChange.Read && row.GetBoolean("Read") != true))
                    && (change == InboxChange.Unarchive || (change != InboxChange.Archive && row.GetBoolean("Archived") != true));
                if (after && !before)
                {
                    written = written.Counting(ExpiresAt(row));
                    unread++;
                }
                else if (before && !after)
                {
                    unread--;
                }
            }

            written = written with { Unread = unread };
            actions[0] = HeadAction(userId, head, written);
            try
            {
                var results = await inbox.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                written = written with { ETag = results.Value[0].Headers.ETag };
                Remember(userId, written);

                return (written, [.. rows.Select(ToEntry)]);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                // Another device or the clean-up changed the head or one of these entries: read both again.
                Forget(userId);
                await BackOffAsync(inbox.Name, userId, attempt, ex, cancellationToken).ConfigureAwait(false);
                head = await ReadHeadAsync(inbox, userId, cancellationToken).ConfigureAwait(false);
                rows = await RereadAsync(inbox, userId, rows, change, cancellationToken).ConfigureAwait(false);
                if (rows.Length == 0)
                {
                    return (head, []);
                }
            }
        }

        TableTransactionAction Update(TableEntity row, TableEntity values)
        {
            values.PartitionKey = userId;
            values.RowKey = row.RowKey;
            return new TableTransactionAction(TableTransactionActionType.UpdateMerge, values, row.ETag);
        }
    }

    private static async Task<TableEntity[]> RereadAsync(TableClient inbox, string userId, TableEntity[] rows, InboxChange change, CancellationToken cancellationToken)
    {
        var current = new List<TableEntity>(rows.Length);
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (row, ct) =>
        {
            var fresh = await inbox.GetEntityIfExistsAsync<TableEntity>(userId, row.RowKey, EntrySelect, ct).ConfigureAwait(false);
            if (fresh.HasValue && Applies(fresh.Value!, change))
            {
                lock (current)
                {
                    current.Add(fresh.Value!);
                }
            }
        }).ConfigureAwait(false);
        current.Sort((a, b) => string.CompareOrdinal(a.RowKey, b.RowKey));
        return [.. current];
    }
}
