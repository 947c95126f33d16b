using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Notifier.Core.Inbox;
using Notifier.Core.Publishing;
using Notifier.Core.Storage;

namespace Notifier.Functions.Storage;

/// <summary>
/// Inboxes (<c>Inbox</c> table, partition = user id) and shared streams (<c>Streams</c> table, partition = stream).
/// Both have the same rows: <c>head</c> (the latest sequence; in an inbox also the merge position of each stream, the
/// streams the user was last seen reading, the unread counter and the user's mutes), <c>e:{sequence}</c> entries and
/// <c>n:{notification id}</c> index rows.
/// </summary>
/// <remarks>
/// An append writes no head: it inserts its entry at the next sequence, and an insert that finds the key taken lost that
/// sequence to another writer and goes on after it, so the sequence stays dense and is never reused. The entries after
/// the head's sequence are the tail. Every other change to an inbox is one entity-group transaction that rewrites the
/// head under its ETag, and first folds the tail into it: merges of stream entries, reads, archives, deletes and the
/// clean-up of expired entries. So the unread counter always equals the entries up to the head's sequence, and what a
/// read answers counts the tail too. The index row makes appends idempotent: a second append of the same notification
/// fails on it and returns the first sequence. A notification whose id was made for its one user (no other attempt can
/// store it) is appended without one, as a single insert, and the fold writes it. Group and broadcast notifications are
/// stored once, in their stream; before an inbox is read, and before anything is appended to it, the streams the user
/// reads are merged into it as pointer entries, so the user's sequence follows publication order across all three kinds.
/// </remarks>
internal sealed partial class TableInboxStore : IInboxStore
{
    internal const string EntryPrefix = "e:";
    internal const string EntryEnd = "e;";
    private const string HeadPrefix = "head:";
    private const string IndexPrefix = "n:";

    // On a bound id's index row, the notification's own expiry (the row's ExpiresAt is when its record goes).
    internal const string NotificationExpiresAt = "NotificationExpiresAt";
    private const int MaxAttempts = 100;

    // The service's limits: operations in one entity-group transaction, entities in one query page.
    private const int MaxTransactionActions = 100;
    private const int MaxPageSize = 1000;

    // Head update + (pointer + index) per entry must fit in a transaction's 100 operations.
    private const int EntriesPerMergeBatch = 49;

    // What the appended entries of one transaction may add up to (EstimatedSize), under the service's 4 MiB for the
    // whole request: the head, stream pointers (a few hundred bytes each) and the multipart framing take the rest.
    private const long MaxEntryBytesPerTransaction = 3L * 1024 * 1024;
    private const int Parallelism = 16;

    private static readonly string[] SequenceOnly = ["Sequence"];
    private static readonly string[] PayloadSelect = ["RowKey", "Payload"];
    private static readonly string[] EntrySelect =
        ["RowKey", "NotificationId", "CreatedAt", "ExpiresAt", "Type", "Critical", "Sender", "Receipt", "MultiRoute", "Read", "ReadAt", "Archived", "ArchivedAt", "Muted", "Stream", "StreamSequence", Deleted, DeletedAt];

    // What a fold needs of the tail: what the counter counts, and what an unindexed entry's index row (its record) holds.
    private static readonly string[] TailSelect =
        ["RowKey", "NotificationId", "CreatedAt", "ExpiresAt", "Type", "Sender", "Read", "Archived", "Muted", "Fingerprint", "Publisher", Unindexed];

    private readonly NotifierTables _tables;
    private readonly InboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TableInboxStore> _logger;
    private readonly HeadCache<KnownInbox> _inboxHeads = new();
    private readonly HeadCache<(long Sequence, ETag ETag)> _streamHeads = new();
    private readonly InboxGroupCommit _groupCommit;

    public TableInboxStore(NotifierTables tables, InboxOptions options, TimeProvider time, ILogger<TableInboxStore> logger)
    {
        _tables = tables;
        _options = options;
        _time = time;
        _logger = logger;
        _groupCommit = new InboxGroupCommit(WriteEntriesAsync);
    }

    public Task<InboxAppend> AppendAsync(string userId, InboxEntry entry, StorageTurn? turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _groupCommit.AppendAsync(userId, entry, turn, cancellationToken);
    }

    public Task<IReadOnlyList<InboxAppend>> AppendManyAsync(string userId, IReadOnlyList<InboxEntry> entries, StorageTurn? turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfZero(entries.Count);
        return _groupCommit.AppendManyAsync(userId, entries, turn, cancellationToken);
    }

    public async Task<bool> HoldsAsync(string userId, string notificationId, CancellationToken cancellationToken) =>
        await FindIndexRowAsync(userId, notificationId, SequenceOnly, cancellationToken).ConfigureAwait(false) is not null;

    public async Task<long> AppendToStreamAsync(string stream, InboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var table = await _tables.GetAsync(TableNames.Streams, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            // First try the head this instance wrote last; only a conflict makes it read the head.
            long current = 0;
            ETag? etag = null;
            var cached = false;
            if (attempt == 0 && _streamHeads.TryGet(stream, out var known))
            {
                (current, etag, cached) = (known.Sequence, known.ETag, true);
            }
            else
            {
                var head = await table.GetEntityIfExistsAsync<TableEntity>(stream, HeadKey(stream), SequenceOnly, cancellationToken).ConfigureAwait(false);
                if (head.HasValue)
                {
                    (current, etag) = (head.Value!.GetInt64("Sequence") ?? 0, head.Value!.ETag);
                }
            }

            var sequence = current + 1;
            var headRow = new TableEntity(stream, HeadKey(stream)) { ["Sequence"] = sequence };
            TableTransactionAction[] actions =
            [
                etag is { } match ? new(TableTransactionActionType.UpdateMerge, headRow, match) : new(TableTransactionActionType.Add, headRow),
                new(TableTransactionActionType.Add, NewEntry(stream, sequence, entry, muted: false)),
                new(TableTransactionActionType.Add, NewIndex(stream, entry.NotificationId, sequence, entry.ExpiresAt)),
            ];
            try
            {
                // The responses come in the order of the actions: the head's is first.
                var results = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                if (results.Value[0].Headers.ETag is { } written)
                {
                    _streamHeads.Set(stream, (sequence, written));
                }

                return sequence;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                _streamHeads.Remove(stream);
                if (await FindIndexAsync(table, stream, entry.NotificationId, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    return existing;
                }

                // A stale cached head is no contention: retry at once with the real one.
                if (!cached)
                {
                    await BackOffAsync(table.Name, stream, attempt, ex, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    public async Task<InboxPage> ReadAsync(string userId, IReadOnlyCollection<string> streams, InboxQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        var head = await SyncAsync(inbox, userId, streams, now, cancellationToken, write: false).ConfigureAwait(false);
        var latest = head.Sequence;
        var (rows, cursor, hasMore) = query.After is { } after
            ? await ReadAfterAsync(inbox, userId, after, query, now, cancellationToken).ConfigureAwait(false)
            : await ReadNewestAsync(inbox, userId, latest, query, now, cancellationToken).ConfigureAwait(false);
        var items = await ResolvePayloadsAsync(rows, cancellationToken).ConfigureAwait(false);
        return new InboxPage(items, cursor, hasMore, latest);
    }

    public async Task<IReadOnlyList<InboxEntry>> FindAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string> notificationIds, CancellationToken cancellationToken)
    {
        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        _ = await SyncAsync(inbox, userId, streams, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var rows = await FindRowsAsync(inbox, userId, notificationIds, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToEntry)];
    }

    public async Task<int> CountUnreadAsync(string userId, IReadOnlyCollection<string> streams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        var head = await SyncAsync(inbox, userId, streams, now, cancellationToken, write: false).ConfigureAwait(false);

        // The counter holds every counted entry until the clean-up deletes it; when one may have expired, delete this
        // inbox's expired entries first (what the timer would do later), so the answer is exact now.
        if (head.NextExpiry is { } next && next <= now)
        {
            head = (await RemoveExpiredFromInboxAsync(inbox, userId, now, cancellationToken).ConfigureAwait(false)).Head;
        }

        return head.Unread ?? 0;
    }

    // Row keys carry their partition: Azurite (LokiJS) finds an entity by row key first and then scans the entities
    // sharing it, so "head" or "e:…01" in every user's partition made each lookup and insert cost O(users). On Azure
    // the suffix is harmless, and within a partition the keys still sort by sequence.
    internal static string EntryKey(long sequence, string partition) =>
        EntryPrefix + sequence.ToString("D19", CultureInfo.InvariantCulture) + ":" + partition;

    internal static string HeadKey(string partition) => HeadPrefix + partition;

    // The filter for a partition's entries after a sequence (an inbox's or a stream's).
    private static string EntriesAfter(string partition, long after) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {EntryKey(after, partition)} and RowKey lt {EntryEnd}");

    internal static string IndexKey(string notificationId, string partition) => IndexPrefix + notificationId + ":" + partition;

    // A deleted or expired entry whose row still holds its sequence (see TableInboxStore.Expiry.cs).
    internal static bool IsTombstone(TableEntity row) => row.GetBoolean(Deleted) == true;

    private static DateTimeOffset CreatedAt(TableEntity row) => row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue;

    private static DateTimeOffset ExpiresAt(TableEntity row) => row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MaxValue;

    private static long SequenceOf(TableEntity row) =>
        long.Parse(row.RowKey.AsSpan(EntryPrefix.Length, 19), NumberStyles.None, CultureInfo.InvariantCulture);

    private static bool Shows(TableEntity row, InboxQuery query, DateTimeOffset now) =>
        ExpiresAt(row) > now
        && !IsTombstone(row)
        && (row.GetBoolean("Archived") == true) == query.Archived
        && (!query.UnreadOnly || row.GetBoolean("Read") != true);

    private static async Task<(List<TableEntity> Rows, long Cursor, bool HasMore)> ReadAfterAsync(TableClient inbox, string userId, long after, InboxQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = query.UnreadOnly
            ? EntriesAfter(userId, after) + TableClient.CreateQueryFilter($" and Read eq {false}")
            : EntriesAfter(userId, after);
        var items = new List<TableEntity>(query.Limit);
        var cursor = after;
        var full = false;
        await foreach (var row in inbox.QueryAsync<TableEntity>(filter, Math.Min(MaxPageSize, query.Limit), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (items.Count == query.Limit)
            {
                full = true;
                break;
            }

            cursor = SequenceOf(row);
            if (Shows(row, query, now))
            {
                items.Add(row);
            }
        }

        return (items, cursor, full);
    }

    private static async Task<(List<TableEntity> Rows, long Cursor, bool HasMore)> ReadNewestAsync(TableClient inbox, string userId, long latest, InboxQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var upper = query.Before is { } before ? Math.Min(before - 1, latest) : latest;
        var items = new List<TableEntity>(query.Limit);
        var cursor = upper + 1;

        // Sequences are dense, so a page of the newest entries is a key range; expired, read, archived or deleted
        // entries can leave it short, so walk back window by window.
        while (upper >= 1 && items.Count < query.Limit)
        {
            var lower = Math.Max(1, upper - Math.Max(query.Limit, 50) + 1);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey ge {EntryKey(lower, userId)} and RowKey le {EntryKey(upper, userId)}");
            var window = new List<TableEntity>();
            await foreach (var row in inbox.QueryAsync<TableEntity>(filter, MaxPageSize, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                window.Add(row);
            }

            for (var i = window.Count - 1; i >= 0 && items.Count < query.Limit; i--)
            {
                var row = window[i];
                cursor = SequenceOf(row);
                if (Shows(row, query, now))
                {
                    items.Add(row);
                }
            }

            upper = items.Count < query.Limit ? lower - 1 : cursor - 1;
        }

        return (items, cursor, upper >= 1);
    }

    private async Task<IReadOnlyList<InboxEntry>> ResolvePayloadsAsync(List<TableEntity> rows, CancellationToken cancellationToken)
    {
        var pointers = rows.Where(r => r.GetString("Stream") is not null).GroupBy(r => r.GetString("Stream")!).ToList();
        var payloads = new Dictionary<(string, long), byte[]>();
        if (pointers.Count > 0)
        {
            var streams = await _tables.GetAsync(TableNames.Streams, cancellationToken).ConfigureAwait(false);
            await Parallel.ForEachAsync(pointers, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (group, ct) =>
            {
                var min = group.Min(r => r.GetInt64("StreamSequence") ?? 0);
                var max = group.Max(r => r.GetInt64("StreamSequence") ?? 0);
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {group.Key} and RowKey ge {EntryKey(min, group.Key)} and RowKey le {EntryKey(max, group.Key)}");
                await foreach (var row in streams.QueryAsync<TableEntity>(filter, MaxPageSize, PayloadSelect, ct).ConfigureAwait(false))
                {
                    if (row.GetBinary("Payload") is { } payload)
                    {
                        lock (payloads)
                        {
                            payloads[(group.Key, SequenceOf(row))] = payload;
                        }
                    }
                }
            }).ConfigureAwait(false);
        }

        return [.. rows.Select(row => row.GetString("Stream") is { } stream
            && payloads.TryGetValue((stream, row.GetInt64("StreamSequence") ?? 0), out var payload)
                ? ToEntry(row) with { Payload = payload }
                : ToEntry(row))];
    }

    private static async Task<List<TableEntity>> FindRowsAsync(TableClient inbox, string userId, IReadOnlyCollection<string> notificationIds, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>(notificationIds.Count);
        await Parallel.ForEachAsync(notificationIds.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            if (await FindIndexAsync(inbox, userId, id, ct).ConfigureAwait(false) is not { } sequence)
            {
                return;
            }

            // A deleted entry leaves its index row behind (until it expires), and itself a tombstone for a while.
            var entry = await inbox.GetEntityIfExistsAsync<TableEntity>(userId, EntryKey(sequence, userId), EntrySelect, ct).ConfigureAwait(false);
            if (entry.HasValue && !IsTombstone(entry.Value!))
            {
                lock (rows)
                {
                    rows.Add(entry.Value!);
                }
            }
        }).ConfigureAwait(false);
        rows.Sort((a, b) => string.CompareOrdinal(a.RowKey, b.RowKey));
        return rows;
    }

    private static async Task<long?> FindIndexAsync(TableClient table, string partition, string notificationId, CancellationToken cancellationToken)
    {
        var index = await table.GetEntityIfExistsAsync<TableEntity>(partition, IndexKey(notificationId, partition), SequenceOnly, cancellationToken).ConfigureAwait(false);
        return index.HasValue ? index.Value!.GetInt64("Sequence") : null;
    }

    private async Task BackOffAsync(string table, string partition, int attempt, Exception exception, CancellationToken cancellationToken)
    {
        if (attempt + 1 >= MaxAttempts)
        {
            throw new InvalidOperationException($"Gave up writing to partition '{partition}' of table '{table}' after {MaxAttempts} conflicting attempts.", exception);
        }

        Log.Contention(_logger, table, partition, attempt + 1);

        // Full jitter, capped low: the writers race for one row, and the loser only needs the winner's ETag.
        var cap = Math.Min(100, 2 << Math.Min(attempt, 6));
        await Task.Delay(Random.Shared.Next(0, cap + 1), cancellationToken).ConfigureAwait(false);
    }

    // The head is replaced under the ETag it was read with, or added when the partition has none yet: either way a
    // concurrent writer makes the whole transaction fail (412 or 409).
    private static TableTransactionAction HeadAction(string partition, InboxHead read, InboxHead written) => read.ETag is { } match
        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, written.ToEntity(partition), match)
        : new TableTransactionAction(TableTransactionActionType.Add, written.ToEntity(partition));

    private static TableEntity NewEntry(string partition, long sequence, InboxEntry entry, bool muted)
    {
        var row = new TableEntity(partition, EntryKey(sequence, partition))
        {
            ["NotificationId"] = entry.NotificationId,

            // BinaryData wraps the payload's memory: no copy per recipient.
            ["Payload"] = new BinaryData(entry.Payload),
            ["CreatedAt"] = entry.CreatedAt,
            ["ExpiresAt"] = entry.ExpiresAt,
            ["Critical"] = entry.Critical,
            ["Receipt"] = entry.Receipt,
            ["MultiRoute"] = entry.MultiRoute,
            ["Read"] = false,
            ["Muted"] = muted,
        };
        SetIfPresent(row, "Type", entry.Type);
        SetIfPresent(row, "Sender", entry.Sender);
        if (entry.NewId)
        {
            // No index row yet: the entry carries what the fold puts in it.
            row[Unindexed] = true;
            SetIfPresent(row, "Fingerprint", entry.Fingerprint);
            SetIfPresent(row, "Publisher", entry.Publisher);
        }

        return row;
    }

    // The index carries the entry's expiry so that the clean-up can find it even after the entry was deleted.
    private static TableEntity NewIndex(string partition, string notificationId, long sequence, DateTimeOffset expiresAt) =>
        new(partition, IndexKey(notificationId, partition)) { ["Sequence"] = sequence, ["ExpiresAt"] = expiresAt };

    // An appended entry's index row. For an id bound to this user it is also the notification's record (what a replay
    // and GET /api/notifications/{id} need), written in the transaction that stores the entry, and kept, like a record,
    // a retention past the notification's expiry: the row's ExpiresAt is when the clean-up deletes it.
    private static TableEntity NewIndex(string partition, long sequence, InboxEntry entry, TimeSpan recordRetention)
    {
        if (entry.Fingerprint is null)
        {
            return NewIndex(partition, entry.NotificationId, sequence, entry.ExpiresAt);
        }

        var row = NewIndex(partition, entry.NotificationId, sequence, entry.ExpiresAt + recordRetention);
        row[NotificationExpiresAt] = entry.ExpiresAt;
        row["Fingerprint"] = entry.Fingerprint;
        row["CreatedAt"] = entry.CreatedAt;
        SetIfPresent(row, "Publisher", entry.Publisher);
        SetIfPresent(row, "Sender", entry.Sender);
        SetIfPresent(row, "Type", entry.Type);
        return row;
    }

    // The index row of an entry appended without one (a new id), from the entry as the fold read it: what NewIndex
    // writes, the record too for a bound id.
    private static TableEntity IndexOf(string partition, TableEntity entry, TimeSpan recordRetention)
    {
        var expiresAt = ExpiresAt(entry);
        var id = entry.GetString("NotificationId") ?? string.Empty;
        if (!NotificationIds.IsBound(id))
        {
            return NewIndex(partition, id, SequenceOf(entry), expiresAt);
        }

        var row = NewIndex(partition, id, SequenceOf(entry), expiresAt + recordRetention);
        row[NotificationExpiresAt] = expiresAt;
        SetIfPresent(row, "Fingerprint", entry.GetString("Fingerprint"));
        SetIfPresent(row, "CreatedAt", entry.GetDateTimeOffset("CreatedAt"));
        SetIfPresent(row, "Publisher", entry.GetString("Publisher"));
        SetIfPresent(row, "Sender", entry.GetString("Sender"));
        SetIfPresent(row, "Type", entry.GetString("Type"));
        return row;
    }

    private static TableEntity NewPointer(string userId, long sequence, string stream, TableEntity source, bool muted)
    {
        var row = new TableEntity(userId, EntryKey(sequence, userId))
        {
            ["Stream"] = stream,
            ["StreamSequence"] = SequenceOf(source),
            ["Receipt"] = source.GetBoolean("Receipt") ?? false,
            ["Critical"] = source.GetBoolean("Critical") ?? false,
            ["Read"] = false,
            ["Muted"] = muted,
        };
        SetIfPresent(row, "NotificationId", source.GetString("NotificationId"));
        SetIfPresent(row, "CreatedAt", source.GetDateTimeOffset("CreatedAt"));
        SetIfPresent(row, "ExpiresAt", source.GetDateTimeOffset("ExpiresAt"));
        SetIfPresent(row, "Type", source.GetString("Type"));
        SetIfPresent(row, "Sender", source.GetString("Sender"));
        return row;
    }

    // An entry as the transaction carries it: the payload in base64, the other properties, the index row and the
    // operations' headers (about 1 KiB together).
    private static long EstimatedSize(InboxEntry entry) => ((entry.Payload.Length + 2L) / 3 * 4) + 1024;

    // Tables have no null: a property is absent instead, and reads back as null.
    private static void SetIfPresent(TableEntity row, string name, object? value)
    {
        if (value is not null)
        {
            row[name] = value;
        }
    }

    private static InboxEntry ToEntry(TableEntity row) => new()
    {
        NotificationId = row.GetString("NotificationId") ?? string.Empty,
        Sequence = SequenceOf(row),
        Payload = row.GetBinary("Payload") ?? ReadOnlyMemory<byte>.Empty,
        CreatedAt = row.GetDateTimeOffset("CreatedAt") ?? default,
        ExpiresAt = ExpiresAt(row),
        Type = row.GetString("Type"),
        Critical = row.GetBoolean("Critical") ?? false,
        Sender = row.GetString("Sender"),
        Receipt = row.GetBoolean("Receipt") ?? false,
        MultiRoute = row.GetBoolean("MultiRoute") ?? false,
        ReadAt = row.GetBoolean("Read") == true ? row.GetDateTimeOffset("ReadAt") : null,
        ArchivedAt = row.GetBoolean("Archived") == true ? row.GetDateTimeOffset("ArchivedAt") ?? DateTimeOffset.MinValue : null,
        Muted = row.GetBoolean("Muted") ?? false,
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Write conflict on {Table}/{Partition}, attempt {Attempt}; retrying.")]
        public static partial void Contention(ILogger logger, string table, string partition, int attempt);

        [LoggerMessage(2, LogLevel.Information, "Inbox {UserId} had no unread counter (written before counters existed); counted {Unread} by a scan.")]
        public static partial void CounterMigrated(ILogger logger, string userId, int unread);

        [LoggerMessage(3, LogLevel.Warning, "Merging the streams of {UserId} found them changing in every one of {Rounds} snapshot rounds; merged what the last round saw.")]
        public static partial void NoStableSnapshot(ILogger logger, string userId, int rounds);
    }
}
