using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Notifier.Core.Inbox;

namespace Notifier.Functions.Storage;

/// <summary>
/// Inboxes (<c>Inbox</c> table, partition = user id) and shared streams (<c>Streams</c> table, partition = stream).
/// Both have the same rows: <c>head</c> (the latest sequence, and in an inbox the merge position of each stream),
/// <c>e:{sequence}</c> entries and <c>n:{notification id}</c> index rows.
/// </summary>
/// <remarks>
/// A sequence is allocated and its entry written in one entity-group transaction that also updates the head row under
/// its ETag, so entry N exists exactly when the head says N or more: sequences are dense and never reused, and a reader
/// asking for entries after N sees every committed one. The index row, added in the same transaction, makes appends
/// idempotent: a second append of the same notification fails on it and returns the first sequence.
/// Group and broadcast notifications are stored once, in their stream; before a user's inbox is read, the streams the
/// user may read are merged into it as pointer entries (the same transaction shape), so the user's sequence covers
/// them too.
/// </remarks>
internal sealed partial class TableInboxStore : IInboxStore
{
    private const string HeadPrefix = "head:";
    private const string EntryPrefix = "e:";
    private const string EntryEnd = "e;";
    private const string IndexPrefix = "n:";
    private const int MaxAttempts = 100;

    // The service's limits: operations in one entity-group transaction, entities in one query page.
    private const int MaxTransactionActions = 100;
    private const int MaxPageSize = 1000;

    // Head update + (pointer + index) per entry must fit in a transaction's 100 operations.
    private const int EntriesPerMergeBatch = 49;
    private const int Parallelism = 16;

    private readonly NotifierTables _tables;
    private readonly InboxOptions _options;
    private readonly ILogger<TableInboxStore> _logger;
    private readonly HeadCache _heads = new();

    public TableInboxStore(NotifierTables tables, InboxOptions options, ILogger<TableInboxStore> logger)
    {
        _tables = tables;
        _options = options;
        _logger = logger;
    }

    public async Task<long> AppendAsync(string userId, InboxEntry entry, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        return await AppendCoreAsync(table, userId, entry, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> AppendToStreamAsync(string stream, InboxEntry entry, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.Streams, cancellationToken).ConfigureAwait(false);
        return await AppendCoreAsync(table, stream, entry, cancellationToken).ConfigureAwait(false);
    }

    public async Task<InboxPage> ReadAsync(string userId, IReadOnlyCollection<string> streams, InboxQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        var latest = await MergeAsync(inbox, userId, streams, now, cancellationToken).ConfigureAwait(false);
        var (rows, cursor, hasMore) = query.After is { } after
            ? await ReadAfterAsync(inbox, userId, after, query, now, cancellationToken).ConfigureAwait(false)
            : await ReadNewestAsync(inbox, userId, latest, query, now, cancellationToken).ConfigureAwait(false);
        var items = await ResolvePayloadsAsync(rows, cancellationToken).ConfigureAwait(false);
        return new InboxPage(items, cursor, hasMore, latest);
    }

    public async Task<IReadOnlyList<InboxEntry>> FindAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string> notificationIds, CancellationToken cancellationToken)
    {
        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        _ = await MergeAsync(inbox, userId, streams, DateTimeOffset.MinValue, cancellationToken).ConfigureAwait(false);
        var rows = await FindRowsAsync(inbox, userId, notificationIds, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToEntry)];
    }

    public async Task<IReadOnlyList<InboxEntry>> MarkReadAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string>? notificationIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        _ = await MergeAsync(inbox, userId, streams, DateTimeOffset.MinValue, cancellationToken).ConfigureAwait(false);
        List<TableEntity> rows;
        if (notificationIds is null)
        {
            rows = [];
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey gt {EntryPrefix} and RowKey lt {EntryEnd} and Read eq {false}");
            await foreach (var row in inbox.QueryAsync<TableEntity>(filter, select: EntrySelect, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(row);
            }
        }
        else
        {
            rows = [.. (await FindRowsAsync(inbox, userId, notificationIds, cancellationToken).ConfigureAwait(false)).Where(r => r.GetBoolean("Read") != true)];
        }

        var marked = new List<InboxEntry>(rows.Count);
        foreach (var chunk in rows.Chunk(MaxTransactionActions))
        {
            marked.AddRange(await MarkChunkReadAsync(inbox, userId, chunk, at, cancellationToken).ConfigureAwait(false));
        }

        return marked;
    }

    public async Task<int> CountUnreadAsync(string userId, IReadOnlyCollection<string> streams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        _ = await MergeAsync(inbox, userId, streams, now, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey gt {EntryPrefix} and RowKey lt {EntryEnd} and Read eq {false} and ExpiresAt gt {now}");
        var count = 0;
        await foreach (var unused in inbox.QueryAsync<TableEntity>(filter, select: ReadFlagOnly, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    private static readonly string[] SequenceOnly = ["Sequence"];
    private static readonly string[] ReadFlagOnly = ["Read"];
    private static readonly string[] PayloadSelect = ["RowKey", "Payload"];
    private static readonly string[] EntrySelect =
        ["RowKey", "NotificationId", "CreatedAt", "ExpiresAt", "Sender", "Receipt", "MultiRoute", "Read", "ReadAt", "Stream", "StreamSequence"];

    // Row keys carry their partition: Azurite (LokiJS) finds an entity by row key first and then scans the entities
    // sharing it, so "head" or "e:…01" in every user's partition made each lookup and insert cost O(users). On Azure
    // the suffix is harmless, and within a partition the keys still sort by sequence.
    internal static string EntryKey(long sequence, string partition) =>
        EntryPrefix + sequence.ToString("D19", CultureInfo.InvariantCulture) + ":" + partition;

    internal static string HeadKey(string partition) => HeadPrefix + partition;

    internal static string IndexKey(string notificationId, string partition) => IndexPrefix + notificationId + ":" + partition;

    private static DateTimeOffset CreatedAt(TableEntity row) => row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue;

    private static long SequenceOf(TableEntity row) =>
        long.Parse(row.RowKey.AsSpan(EntryPrefix.Length, 19), NumberStyles.None, CultureInfo.InvariantCulture);

    private async Task<long> AppendCoreAsync(TableClient table, string partition, InboxEntry entry, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            // First try the head this instance wrote last; only a conflict makes it read the head.
            long current = 0;
            ETag? etag = null;
            var cached = false;
            if (attempt == 0 && _heads.TryGet(table.Name, partition, out var cachedSequence, out var cachedETag))
            {
                (current, etag, cached) = (cachedSequence, cachedETag, true);
            }
            else
            {
                var head = await table.GetEntityIfExistsAsync<TableEntity>(partition, HeadKey(partition), SequenceOnly, cancellationToken).ConfigureAwait(false);
                if (head.HasValue)
                {
                    (current, etag) = (head.Value!.GetInt64("Sequence") ?? 0, head.Value!.ETag);
                }
            }

            var sequence = current + 1;
            TableTransactionAction[] actions =
            [
                HeadAction(new TableEntity(partition, HeadKey(partition)) { ["Sequence"] = sequence }, etag),
                new(TableTransactionActionType.Add, NewEntry(partition, sequence, entry)),
                new(TableTransactionActionType.Add, new TableEntity(partition, IndexKey(entry.NotificationId, partition)) { ["Sequence"] = sequence }),
            ];
            try
            {
                // The responses come in the order of the actions: the head's is first.
                var results = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                _heads.Set(table.Name, partition, sequence, results.Value[0].Headers.ETag);
                return sequence;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                _heads.Remove(table.Name, partition);
                if (await FindIndexAsync(table, partition, entry.NotificationId, cancellationToken).ConfigureAwait(false) is { } existing)
                {
                    return existing;
                }

                // A stale cached head is no contention: retry at once with the real one.
                if (!cached)
                {
                    await BackOffAsync(table.Name, partition, attempt, ex, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<long> MergeAsync(TableClient inbox, string userId, IReadOnlyCollection<string> streams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var streamTable = streams.Count > 0 ? await _tables.GetAsync(TableNames.Streams, cancellationToken).ConfigureAwait(false) : null;
        for (var attempt = 0; ;)
        {
            var head = await inbox.GetEntityIfExistsAsync<TableEntity>(userId, HeadKey(userId), cancellationToken: cancellationToken).ConfigureAwait(false);
            var sequence = head.HasValue ? head.Value!.GetInt64("Sequence") ?? 0 : 0;
            if (streamTable is null)
            {
                return sequence;
            }

            var positions = ReadPositions(head.HasValue ? head.Value!.GetString("Merged") : null);
            var changed = false;
            foreach (var stream in streams)
            {
                if (!positions.ContainsKey(stream))
                {
                    var streamHead = await streamTable.GetEntityIfExistsAsync<TableEntity>(stream, HeadKey(stream), SequenceOnly, cancellationToken).ConfigureAwait(false);
                    var latest = streamHead.HasValue ? streamHead.Value!.GetInt64("Sequence") ?? 0 : 0;
                    positions[stream] = Math.Max(0, latest - _options.InitialBacklog);
                    changed = true;
                }
            }

            var candidates = new List<Queue<TableEntity>>();
            var names = new List<string>();
            foreach (var stream in streams.Order(StringComparer.Ordinal))
            {
                var queue = new Queue<TableEntity>();
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {stream} and RowKey gt {EntryKey(positions[stream], stream)} and RowKey lt {EntryEnd}");
                await foreach (var row in streamTable.QueryAsync<TableEntity>(filter, EntriesPerMergeBatch, EntrySelect, cancellationToken).ConfigureAwait(false))
                {
                    queue.Enqueue(row);
                    if (queue.Count == EntriesPerMergeBatch)
                    {
                        break;
                    }
                }

                candidates.Add(queue);
                names.Add(stream);
            }

            // Interleave the streams by creation time, each stream in its own order, so the user's sequence follows
            // publication order and each stream's merge position only moves forward over a contiguous run.
            var pending = new List<(string Stream, TableEntity Row)>();
            while (pending.Count < EntriesPerMergeBatch)
            {
                var next = -1;
                for (var i = 0; i < candidates.Count; i++)
                {
                    if (candidates[i].Count > 0 && (next < 0 || CreatedAt(candidates[i].Peek()) < CreatedAt(candidates[next].Peek())))
                    {
                        next = i;
                    }
                }

                if (next < 0)
                {
                    break;
                }

                pending.Add((names[next], candidates[next].Dequeue()));
            }

            if (pending.Count == 0 && !changed)
            {
                return sequence;
            }

            var rows = new List<TableEntity>();
            var inBatch = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (stream, row) in pending)
            {
                positions[stream] = SequenceOf(row);
                var expiresAt = row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MaxValue;
                var notificationId = row.GetString("NotificationId")!;
                if (expiresAt <= now)
                {
                    continue;
                }

                // The same notification can reach a user through several groups, or a group and the user's own inbox.
                if (row.GetBoolean("MultiRoute") == true
                    && (!inBatch.Add(notificationId) || await FindIndexAsync(inbox, userId, notificationId, cancellationToken).ConfigureAwait(false) is not null))
                {
                    continue;
                }

                sequence++;
                rows.Add(NewPointer(userId, sequence, stream, row));
                rows.Add(new TableEntity(userId, IndexKey(notificationId, userId)) { ["Sequence"] = sequence });
            }

            var submit = new List<TableTransactionAction>(rows.Count + 1)
            {
                HeadAction(new TableEntity(userId, HeadKey(userId)) { ["Sequence"] = sequence, ["Merged"] = WritePositions(positions) }, head.HasValue ? head.Value!.ETag : null),
            };
            foreach (var row in rows)
            {
                submit.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
            }

            try
            {
                var results = await inbox.SubmitTransactionAsync(submit, cancellationToken).ConfigureAwait(false);
                _heads.Set(inbox.Name, userId, sequence, results.Value[0].Headers.ETag);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                _heads.Remove(inbox.Name, userId);
                await BackOffAsync(inbox.Name, userId, attempt++, ex, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<(List<TableEntity> Rows, long Cursor, bool HasMore)> ReadAfterAsync(TableClient inbox, string userId, long after, InboxQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = query.UnreadOnly
            ? TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey gt {EntryKey(after, userId)} and RowKey lt {EntryEnd} and Read eq {false}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey gt {EntryKey(after, userId)} and RowKey lt {EntryEnd}");
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
            if ((row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MaxValue) > now)
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

        // Sequences are dense, so a page of the newest entries is a key range; expired or read entries can leave
        // it short, so walk back window by window.
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
                if ((row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MaxValue) > now && (!query.UnreadOnly || row.GetBoolean("Read") != true))
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

            var entry = await inbox.GetEntityIfExistsAsync<TableEntity>(userId, EntryKey(sequence, userId), EntrySelect, ct).ConfigureAwait(false);
            if (entry.HasValue)
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

    private async Task<List<InboxEntry>> MarkChunkReadAsync(TableClient inbox, string userId, TableEntity[] rows, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var actions = new TableTransactionAction[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            actions[i] = new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(userId, rows[i].RowKey) { ["Read"] = true, ["ReadAt"] = at }, rows[i].ETag);
        }

        try
        {
            await inbox.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return [.. rows.Select(r => ToEntry(r) with { ReadAt = at })];
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404)
        {
            Log.ReadBatchConflict(_logger, userId, ex.Status);
        }

        // Someone else changed one of them (another device marked it read): settle each on its own.
        var marked = new List<InboxEntry>();
        foreach (var row in rows)
        {
            var current = await inbox.GetEntityIfExistsAsync<TableEntity>(userId, row.RowKey, EntrySelect, cancellationToken).ConfigureAwait(false);
            if (!current.HasValue || current.Value!.GetBoolean("Read") == true)
            {
                continue;
            }

            try
            {
                await inbox.UpdateEntityAsync(new TableEntity(userId, row.RowKey) { ["Read"] = true, ["ReadAt"] = at }, current.Value!.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                marked.Add(ToEntry(current.Value!) with { ReadAt = at });
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Changed again in between: only a read can change an entry, so it is read now.
            }
        }

        return marked;
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

    // The head is updated under the ETag it was read with, or added when the partition has none yet: either way a
    // concurrent writer makes the whole transaction fail (412 or 409).
    private static TableTransactionAction HeadAction(TableEntity head, ETag? etag) => etag is { } match
        ? new TableTransactionAction(TableTransactionActionType.UpdateMerge, head, match)
        : new TableTransactionAction(TableTransactionActionType.Add, head);

    private static TableEntity NewEntry(string partition, long sequence, InboxEntry entry)
    {
        var row = new TableEntity(partition, EntryKey(sequence, partition))
        {
            ["NotificationId"] = entry.NotificationId,

            // BinaryData wraps the payload's memory: no copy per recipient.
            ["Payload"] = new BinaryData(entry.Payload),
            ["CreatedAt"] = entry.CreatedAt,
            ["ExpiresAt"] = entry.ExpiresAt,
            ["Receipt"] = entry.Receipt,
            ["MultiRoute"] = entry.MultiRoute,
            ["Read"] = false,
        };
        SetIfPresent(row, "Sender", entry.Sender);
        return row;
    }

    private static TableEntity NewPointer(string userId, long sequence, string stream, TableEntity source)
    {
        var row = new TableEntity(userId, EntryKey(sequence, userId))
        {
            ["Stream"] = stream,
            ["StreamSequence"] = SequenceOf(source),
            ["Receipt"] = source.GetBoolean("Receipt") ?? false,
            ["Read"] = false,
        };
        SetIfPresent(row, "NotificationId", source.GetString("NotificationId"));
        SetIfPresent(row, "CreatedAt", source.GetDateTimeOffset("CreatedAt"));
        SetIfPresent(row, "ExpiresAt", source.GetDateTimeOffset("ExpiresAt"));
        SetIfPresent(row, "Sender", source.GetString("Sender"));
        return row;
    }

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
        ExpiresAt = row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MaxValue,
        Sender = row.GetString("Sender"),
        Receipt = row.GetBoolean("Receipt") ?? false,
        MultiRoute = row.GetBoolean("MultiRoute") ?? false,
        ReadAt = row.GetBoolean("Read") == true ? row.GetDateTimeOffset("ReadAt") : null,
    };

    private static Dictionary<string, long> ReadPositions(string? json) =>
        string.IsNullOrEmpty(json)
            ? new Dictionary<string, long>(StringComparer.Ordinal)
            : new Dictionary<string, long>(JsonSerializer.Deserialize(json, StorageJsonContext.Default.DictionaryStringInt64)!, StringComparer.Ordinal);

    private static string WritePositions(Dictionary<string, long> positions) =>
        JsonSerializer.Serialize(positions, StorageJsonContext.Default.DictionaryStringInt64);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Write conflict on {Table}/{Partition}, attempt {Attempt}; retrying.")]
        public static partial void Contention(ILogger logger, string table, string partition, int attempt);

        [LoggerMessage(2, LogLevel.Debug, "Marking read in the inbox of {UserId} raced another change ({Status}); settling entries one by one.")]
        public static partial void ReadBatchConflict(ILogger logger, string userId, int status);
    }
}
