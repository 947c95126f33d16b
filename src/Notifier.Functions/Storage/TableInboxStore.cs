using System.Globalization;
using System.Text.Json;
using Azure;
using Notifier.Azure.Storage.Tables;
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
        List<TableEntityRecord> rows;
        if (notificationIds is null)
        {
            rows = [];
            var filter = TableFilter.Create($"PartitionKey eq {userId} and RowKey gt {EntryPrefix} and RowKey lt {EntryEnd} and Read eq {false}");
            await foreach (var row in inbox.QueryEntitiesAsync(filter, EntrySelect, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(row);
            }
        }
        else
        {
            rows = [.. (await FindRowsAsync(inbox, userId, notificationIds, cancellationToken).ConfigureAwait(false)).Where(r => r.GetBoolean("Read") != true)];
        }

        var marked = new List<InboxEntry>(rows.Count);
        foreach (var chunk in rows.Chunk(TableBatch.MaxOperations))
        {
            marked.AddRange(await MarkChunkReadAsync(inbox, userId, chunk, at, cancellationToken).ConfigureAwait(false));
        }

        return marked;
    }

    public async Task<int> CountUnreadAsync(string userId, IReadOnlyCollection<string> streams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        _ = await MergeAsync(inbox, userId, streams, now, cancellationToken).ConfigureAwait(false);
        var filter = TableFilter.Create($"PartitionKey eq {userId} and RowKey gt {EntryPrefix} and RowKey lt {EntryEnd} and Read eq {false} and ExpiresAt gt {now}");
        var count = 0;
        await foreach (var unused in inbox.QueryEntitiesAsync(filter, ["Read"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    private static readonly string[] EntrySelect =
        ["RowKey", "NotificationId", "CreatedAt", "ExpiresAt", "Sender", "Receipt", "MultiRoute", "Read", "ReadAt", "Stream", "StreamSequence"];

    // Row keys carry their partition: Azurite (LokiJS) finds an entity by row key first and then scans the entities
    // sharing it, so "head" or "e:…01" in every user's partition made each lookup and insert cost O(users). On Azure
    // the suffix is harmless, and within a partition the keys still sort by sequence.
    internal static string EntryKey(long sequence, string partition) =>
        EntryPrefix + sequence.ToString("D19", CultureInfo.InvariantCulture) + ":" + partition;

    internal static string HeadKey(string partition) => HeadPrefix + partition;

    internal static string IndexKey(string notificationId, string partition) => IndexPrefix + notificationId + ":" + partition;

    private static DateTimeOffset CreatedAt(TableEntityRecord row) => row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue;

    private static long SequenceOf(TableEntityRecord row) =>
        long.Parse(row.RowKey.AsSpan(EntryPrefix.Length, 19), NumberStyles.None, CultureInfo.InvariantCulture);

    private async Task<long> AppendCoreAsync(TableStorageClient table, string partition, InboxEntry entry, CancellationToken cancellationToken)
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
                var head = await table.GetEntityIfExistsAsync(partition, HeadKey(partition), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (head.HasValue)
                {
                    (current, etag) = (head.Value!.GetInt64("Sequence") ?? 0, head.Value!.ETag);
                }
            }

            var sequence = current + 1;
            var batch = new TableBatch(partition);
            var headRow = new TableEntityRecord(partition, HeadKey(partition)) { ["Sequence"] = sequence };
            if (etag is { } match)
            {
                batch.UpdateEntity(headRow, match, TableWriteMode.Merge);
            }
            else
            {
                batch.AddEntity(headRow);
            }

            batch.AddEntity(NewEntry(partition, sequence, entry));
            batch.AddEntity(new TableEntityRecord(partition, IndexKey(entry.NotificationId, partition)) { ["Sequence"] = sequence });
            try
            {
                var results = await table.SubmitBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                _heads.Set(table.Name, partition, sequence, results.Value[0].ETag);
                return sequence;
            }
            catch (TableBatchFailedException ex) when (ex.Status is 409 or 412)
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

    private async Task<long> MergeAsync(TableStorageClient inbox, string userId, IReadOnlyCollection<string> streams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var streamTable = streams.Count > 0 ? await _tables.GetAsync(TableNames.Streams, cancellationToken).ConfigureAwait(false) : null;
        for (var attempt = 0; ;)
        {
            var head = await inbox.GetEntityIfExistsAsync(userId, HeadKey(userId), cancellationToken: cancellationToken).ConfigureAwait(false);
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
                    var streamHead = await streamTable.GetEntityIfExistsAsync(stream, HeadKey(stream), ["Sequence"], cancellationToken).ConfigureAwait(false);
                    var latest = streamHead.HasValue ? streamHead.Value!.GetInt64("Sequence") ?? 0 : 0;
                    positions[stream] = Math.Max(0, latest - _options.InitialBacklog);
                    changed = true;
                }
            }

            var candidates = new List<Queue<TableEntityRecord>>();
            var names = new List<string>();
            foreach (var stream in streams.Order(StringComparer.Ordinal))
            {
                var queue = new Queue<TableEntityRecord>();
                var filter = TableFilter.Create($"PartitionKey eq {stream} and RowKey gt {EntryKey(positions[stream], stream)} and RowKey lt {EntryEnd}");
                await foreach (var row in streamTable.QueryEntitiesAsync(filter, EntrySelect, EntriesPerMergeBatch, cancellationToken).ConfigureAwait(false))
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
            var pending = new List<(string Stream, TableEntityRecord Row)>();
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

            var rows = new List<TableEntityRecord>();
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
                rows.Add(new TableEntityRecord(userId, IndexKey(notificationId, userId)) { ["Sequence"] = sequence });
            }

            var submit = new TableBatch(userId);
            var headRow = new TableEntityRecord(userId, HeadKey(userId)) { ["Sequence"] = sequence, ["Merged"] = WritePositions(positions) };
            if (head.HasValue)
            {
                submit.UpdateEntity(headRow, head.Value!.ETag, TableWriteMode.Merge);
            }
            else
            {
                submit.AddEntity(headRow);
            }

            foreach (var row in rows)
            {
                submit.AddEntity(row);
            }

            try
            {
                var results = await inbox.SubmitBatchAsync(submit, cancellationToken).ConfigureAwait(false);
                _heads.Set(inbox.Name, userId, sequence, results.Value[0].ETag);
            }
            catch (TableBatchFailedException ex) when (ex.Status is 409 or 412)
            {
                _heads.Remove(inbox.Name, userId);
                await BackOffAsync(inbox.Name, userId, attempt++, ex, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<(List<TableEntityRecord> Rows, long Cursor, bool HasMore)> ReadAfterAsync(TableStorageClient inbox, string userId, long after, InboxQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = query.UnreadOnly
            ? TableFilter.Create($"PartitionKey eq {userId} and RowKey gt {EntryKey(after, userId)} and RowKey lt {EntryEnd} and Read eq {false}")
            : TableFilter.Create($"PartitionKey eq {userId} and RowKey gt {EntryKey(after, userId)} and RowKey lt {EntryEnd}");
        var items = new List<TableEntityRecord>(query.Limit);
        var cursor = after;
        var full = false;
        await foreach (var row in inbox.QueryEntitiesAsync(filter, null, Math.Min(TableStorageClient.MaxPageSize, query.Limit), cancellationToken).ConfigureAwait(false))
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

    private static async Task<(List<TableEntityRecord> Rows, long Cursor, bool HasMore)> ReadNewestAsync(TableStorageClient inbox, string userId, long latest, InboxQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var upper = query.Before is { } before ? Math.Min(before - 1, latest) : latest;
        var items = new List<TableEntityRecord>(query.Limit);
        var cursor = upper + 1;

        // Sequences are dense, so a page of the newest entries is a key range; expired or read entries can leave
        // it short, so walk back window by window.
        while (upper >= 1 && items.Count < query.Limit)
        {
            var lower = Math.Max(1, upper - Math.Max(query.Limit, 50) + 1);
            var filter = TableFilter.Create($"PartitionKey eq {userId} and RowKey ge {EntryKey(lower, userId)} and RowKey le {EntryKey(upper, userId)}");
            var window = new List<TableEntityRecord>();
            await foreach (var row in inbox.QueryEntitiesAsync(filter, null, TableStorageClient.MaxPageSize, cancellationToken).ConfigureAwait(false))
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

    private async Task<IReadOnlyList<InboxEntry>> ResolvePayloadsAsync(List<TableEntityRecord> rows, CancellationToken cancellationToken)
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
                var filter = TableFilter.Create($"PartitionKey eq {group.Key} and RowKey ge {EntryKey(min, group.Key)} and RowKey le {EntryKey(max, group.Key)}");
                await foreach (var row in streams.QueryEntitiesAsync(filter, ["RowKey", "Payload"], TableStorageClient.MaxPageSize, ct).ConfigureAwait(false))
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

    private static async Task<List<TableEntityRecord>> FindRowsAsync(TableStorageClient inbox, string userId, IReadOnlyCollection<string> notificationIds, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntityRecord>(notificationIds.Count);
        await Parallel.ForEachAsync(notificationIds.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            if (await FindIndexAsync(inbox, userId, id, ct).ConfigureAwait(false) is not { } sequence)
            {
                return;
            }

            var entry = await inbox.GetEntityIfExistsAsync(userId, EntryKey(sequence, userId), EntrySelect, ct).ConfigureAwait(false);
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

    private async Task<List<InboxEntry>> MarkChunkReadAsync(TableStorageClient inbox, string userId, TableEntityRecord[] rows, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var batch = new TableBatch(userId);
        foreach (var row in rows)
        {
            batch.UpdateEntity(new TableEntityRecord(userId, row.RowKey) { ["Read"] = true, ["ReadAt"] = at }, row.ETag, TableWriteMode.Merge);
        }

        try
        {
            await inbox.SubmitBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            return [.. rows.Select(r => ToEntry(r) with { ReadAt = at })];
        }
        catch (TableBatchFailedException ex) when (ex.Status is 412 or 404)
        {
            Log.ReadBatchConflict(_logger, userId, ex.Status);
        }

        // Someone else changed one of them (another device marked it read): settle each on its own.
        var marked = new List<InboxEntry>();
        foreach (var row in rows)
        {
            var current = await inbox.GetEntityIfExistsAsync(userId, row.RowKey, EntrySelect, cancellationToken).ConfigureAwait(false);
            if (!current.HasValue || current.Value!.GetBoolean("Read") == true)
            {
                continue;
            }

            try
            {
                await inbox.UpdateEntityAsync(new TableEntityRecord(userId, row.RowKey) { ["Read"] = true, ["ReadAt"] = at }, current.Value!.ETag, TableWriteMode.Merge, cancellationToken).ConfigureAwait(false);
                marked.Add(ToEntry(current.Value!) with { ReadAt = at });
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Changed again in between: only a read can change an entry, so it is read now.
            }
        }

        return marked;
    }

    private static async Task<long?> FindIndexAsync(TableStorageClient table, string partition, string notificationId, CancellationToken cancellationToken)
    {
        var index = await table.GetEntityIfExistsAsync(partition, IndexKey(notificationId, partition), ["Sequence"], cancellationToken).ConfigureAwait(false);
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

    private static TableEntityRecord NewEntry(string partition, long sequence, InboxEntry entry) => new(partition, EntryKey(sequence, partition))
    {
        ["NotificationId"] = entry.NotificationId,
        ["Payload"] = entry.Payload.ToArray(),
        ["CreatedAt"] = entry.CreatedAt,
        ["ExpiresAt"] = entry.ExpiresAt,
        ["Sender"] = entry.Sender,
        ["Receipt"] = entry.Receipt,
        ["MultiRoute"] = entry.MultiRoute,
        ["Read"] = false,
    };

    private static TableEntityRecord NewPointer(string userId, long sequence, string stream, TableEntityRecord source) => new(userId, EntryKey(sequence, userId))
    {
        ["NotificationId"] = source.GetString("NotificationId"),
        ["Stream"] = stream,
        ["StreamSequence"] = SequenceOf(source),
        ["CreatedAt"] = source.GetDateTimeOffset("CreatedAt"),
        ["ExpiresAt"] = source.GetDateTimeOffset("ExpiresAt"),
        ["Sender"] = source.GetString("Sender"),
        ["Receipt"] = source.GetBoolean("Receipt") ?? false,
        ["Read"] = false,
    };

    private static InboxEntry ToEntry(TableEntityRecord row) => new()
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
