using Azure.Data.Tables;
using Notifier.Core.Inbox;

namespace Notifier.Functions.Storage;

internal sealed partial class TableInboxStore
{
    // How often the streams may be re-read for one consistent snapshot before merging what the last read saw.
    private const int MaxSnapshotRounds = 5;
    private static readonly string[] ExistingSelect = ["Sequence", "Fingerprint"];

    /// <summary>
    /// Merges what the user's streams hold past their merge positions into the inbox and, when <paramref name="entries"/>
    /// is given, appends them after it: one transaction per batch under the head's ETag, until nothing is pending.
    /// </summary>
    /// <param name="inbox">The Inbox table.</param>
    /// <param name="userId">The user.</param>
    /// <param name="streams">The streams the user's claims grant now; <see langword="null"/> on the publish path, which
    /// has no claims and merges the streams the user was last seen reading.</param>
    /// <param name="entries">Entries to append after the merge, in order, or <see langword="null"/>. As many as one
    /// transaction holds after the merge are appended (at least one).</param>
    /// <param name="now">Stream entries that expired before this are skipped.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The head as written (or read, when nothing changed) and, with entries, where those of the appended prefix landed.</returns>
    private async Task<(InboxHead Head, IReadOnlyList<InboxAppend>? Appended)> SyncAsync(TableClient inbox, string userId, IReadOnlyCollection<string>? streams, IReadOnlyList<InboxEntry>? entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TableClient? streamTable = null;
        InboxHead? known = null;
        var fromCache = false;

        // Entries a conflict showed to be in the inbox already (replays): they take no place in the transaction.
        var existing = new Dictionary<int, InboxAppend>();
        var ids = entries is null ? null : new HashSet<string>(entries.Select(e => e.NotificationId), StringComparer.Ordinal);
        for (var attempt = 0; ;)
        {
            // An append may start from the head this instance wrote last; a read must see the latest head.
            var head = known;
            if (head is null && entries is not null && attempt == 0 && _inboxHeads.TryGet(userId, out var cachedHead))
            {
                (head, fromCache) = (cachedHead, true);
            }

            head ??= await ReadHeadAsync(inbox, userId, cancellationToken).ConfigureAwait(false);
            known = null;

            var names = streams is null ? head.Streams : [.. streams.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            var changed = !names.SequenceEqual(head.Streams, StringComparer.Ordinal);
            var positions = new Dictionary<string, long>(head.Positions, StringComparer.Ordinal);
            var written = head with { Streams = names };
            if (head.Unread is null)
            {
                written = await CountByScanAsync(inbox, userId, written, cancellationToken).ConfigureAwait(false);
                changed = true;
            }

            List<(string Stream, TableEntity Row)> pending = [];
            var more = false;
            if (names.Count > 0)
            {
                streamTable ??= await _tables.GetAsync(TableNames.Streams, cancellationToken).ConfigureAwait(false);
                foreach (var stream in names.Where(s => !positions.ContainsKey(s)))
                {
                    // A stream new to this inbox (a new user, a newly granted group) starts at its latest entries.
                    var streamHead = await streamTable.GetEntityIfExistsAsync<TableEntity>(stream, HeadKey(stream), SequenceOnly, cancellationToken).ConfigureAwait(false);
                    var latest = streamHead.HasValue ? streamHead.Value!.GetInt64("Sequence") ?? 0 : 0;
                    positions[stream] = Math.Max(0, latest - _options.InitialBacklog);
                    changed = true;
                }

                var room = entries is null ? EntriesPerMergeBatch : EntriesPerMergeBatch - 1;
                (pending, more) = await CollectAsync(streamTable, userId, names, positions, room, cancellationToken).ConfigureAwait(false);
            }

            if (pending.Count == 0 && !changed && entries is null)
            {
                return (head, null);
            }

            var actions = new List<TableTransactionAction>(MaxTransactionActions) { default! };
            var sequence = head.Sequence;
            var inBatch = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (stream, row) in pending)
            {
                positions[stream] = SequenceOf(row);
                var notificationId = row.GetString("NotificationId")!;
                if (ExpiresAt(row) <= now || ids?.Contains(notificationId) == true)
                {
                    continue;
                }

                // The same notification can reach a user through several groups, or a group and the user's own inbox.
                if (row.GetBoolean("MultiRoute") == true
                    && (!inBatch.Add(notificationId) || await FindIndexAsync(inbox, userId, notificationId, cancellationToken).ConfigureAwait(false) is not null))
                {
                    continue;
                }

                var muted = head.Preferences.Silences(row.GetString("Type"), stream, row.GetBoolean("Critical") == true);
                sequence++;
                actions.Add(new(TableTransactionActionType.Add, NewPointer(userId, sequence, stream, row, muted)));
                actions.Add(new(TableTransactionActionType.Add, NewIndex(userId, notificationId, sequence, ExpiresAt(row))));
                if (!muted)
                {
                    written = written.Counting(ExpiresAt(row));
                }
            }

            List<InboxAppend>? appended = null;
            var attempted = new List<int>();
            if (entries is not null && !more)
            {
                // In order, as many as the transaction holds: two operations each (entry and index row).
                appended = new List<InboxAppend>(entries.Count);
                var inCall = new Dictionary<string, InboxAppend>(StringComparer.Ordinal);
                var bytes = 0L;
                for (var i = 0; i < entries.Count; i++)
                {
                    var entry = entries[i];
                    if (existing.TryGetValue(i, out var replayed) || inCall.TryGetValue(entry.NotificationId, out replayed))
                    {
                        appended.Add(replayed with { Existed = true });
                        continue;
                    }

                    // A transaction also has a size limit (4 MiB): 49 entries of the largest payloads would pass it.
                    var size = EstimatedSize(entry);
                    if (actions.Count + 2 > MaxTransactionActions || (attempted.Count > 0 && bytes + size > MaxEntryBytesPerTransaction))
                    {
                        break;
                    }

                    bytes += size;

                    var muted = head.Preferences.Silences(entry.Type, null, entry.Critical);
                    sequence++;
                    actions.Add(new(TableTransactionActionType.Add, NewEntry(userId, sequence, entry, muted)));
                    actions.Add(new(TableTransactionActionType.Add, NewIndex(userId, sequence, entry, _options.RecordRetention)));
                    if (!muted)
                    {
                        written = written.Counting(entry.ExpiresAt);
                    }

                    var append = new InboxAppend(sequence, muted, Fingerprint: entry.Fingerprint);
                    inCall[entry.NotificationId] = append;
                    appended.Add(append);
                    attempted.Add(i);
                }

                if (actions.Count == 1 && pending.Count == 0 && !changed)
                {
                    // Every entry was a replay: nothing to write.
                    return (head, appended);
                }
            }

            written = written with { Sequence = sequence, Positions = positions };
            actions[0] = HeadAction(userId, head, written);
            try
            {
                var results = await inbox.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                written = written with { ETag = results.Value[0].Headers.ETag };
                if (written.ETag is not null)
                {
                    _inboxHeads.Set(userId, written);
                }

                if (more)
                {
                    // More was pending than one transaction holds: go on from the head just written.
                    known = written.ETag is null ? null : written;
                    continue;
                }

                return (written, appended);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                _inboxHeads.Remove(userId);

                // An index row that exists fails the transaction: find which entries are replays and append the rest.
                var replays = 0;
                await Parallel.ForEachAsync(attempted, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
                {
                    if (await FindExistingAsync(inbox, userId, entries![i].NotificationId, ct).ConfigureAwait(false) is { } found)
                    {
                        lock (existing)
                        {
                            existing[i] = found;
                            replays++;
                        }
                    }
                }).ConfigureAwait(false);
                if (replays > 0 && existing.Count == entries!.Count)
                {
                    return (head, [.. Enumerable.Range(0, entries.Count).Select(i => existing[i])]);
                }

                // A stale cached head is no contention, nor is a replay: retry at once with the real head.
                if (!fromCache && replays == 0)
                {
                    await BackOffAsync(inbox.Name, userId, attempt++, ex, cancellationToken).ConfigureAwait(false);
                }

                fromCache = false;
            }
        }
    }

    /// <summary>
    /// Reads what the streams hold past their positions as one consistent cut, and returns it in the order it gets
    /// sequences: interleaved by creation time, each stream in its own order.
    /// </summary>
    /// <remarks>
    /// The streams are separate partitions, so reading them one after another is no snapshot: while stream A is read,
    /// a notification to A may commit and then (its publisher answered, so a later publish starts) one to B, and a read of
    /// B sees the later one without the earlier. So when anything is pending in one of several streams, the streams are
    /// read again past what was seen; when that finds nothing new, what was seen is what every stream held at one moment
    /// between the two reads, and merging it keeps every "published after" in the user's sequence.
    /// </remarks>
    private async Task<(List<(string Stream, TableEntity Row)> Pending, bool More)> CollectAsync(TableClient streams, string userId, IReadOnlyList<string> names, Dictionary<string, long> positions, int room, CancellationToken cancellationToken)
    {
        var queues = names.ToDictionary(n => n, _ => new List<TableEntity>(), StringComparer.Ordinal);
        var full = new HashSet<string>(StringComparer.Ordinal);
        var rounds = 0;
        while (true)
        {
            var grew = false;
            var reading = names.Where(n => !full.Contains(n)).ToList();
            await Parallel.ForEachAsync(reading, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (stream, ct) =>
            {
                var queue = queues[stream];
                var after = queue.Count > 0 ? SequenceOf(queue[^1]) : positions[stream];
                var rows = await ReadStreamAsync(streams, stream, after, room - queue.Count, ct).ConfigureAwait(false);
                lock (queues)
                {
                    queue.AddRange(rows);
                    grew |= rows.Count > 0;
                    if (queue.Count >= room)
                    {
                        full.Add(stream);
                    }
                }
            }).ConfigureAwait(false);

            rounds++;
            if (!grew || names.Count == 1 || (rounds > 1 && full.Count == names.Count))
            {
                break;
            }

            if (rounds == MaxSnapshotRounds)
            {
                Log.NoStableSnapshot(_logger, userId, rounds);
                break;
            }
        }

        var pending = new List<(string Stream, TableEntity Row)>();
        var next = names.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        while (pending.Count < room)
        {
            string? earliest = null;
            foreach (var stream in names)
            {
                var i = next[stream];
                if (i < queues[stream].Count && (earliest is null || CreatedAt(queues[stream][i]) < CreatedAt(queues[earliest][next[earliest]])))
                {
                    earliest = stream;
                }
            }

            if (earliest is null)
            {
                break;
            }

            pending.Add((earliest, queues[earliest][next[earliest]++]));

            // A stream read only in part may hold more entries older than the other streams' next ones: stop here.
            if (full.Contains(earliest) && next[earliest] == queues[earliest].Count)
            {
                break;
            }
        }

        return (pending, full.Count > 0 || pending.Count == room);
    }

    private static async Task<List<TableEntity>> ReadStreamAsync(TableClient streams, string stream, long after, int take, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        if (take <= 0)
        {
            return rows;
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {stream} and RowKey gt {EntryKey(after, stream)} and RowKey lt {EntryEnd}");
        await foreach (var row in streams.QueryAsync<TableEntity>(filter, take, EntrySelect, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count == take)
            {
                break;
            }
        }

        return rows;
    }

    private static async Task<InboxHead> ReadHeadAsync(TableClient inbox, string userId, CancellationToken cancellationToken)
    {
        var row = await inbox.GetEntityIfExistsAsync<TableEntity>(userId, HeadKey(userId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? InboxHead.From(row.Value!) : InboxHead.Empty with { Unread = 0 };
    }

    // An inbox written before the counter existed: count once; the head's ETag makes the count and every later change agree.
    private async Task<InboxHead> CountByScanAsync(TableClient inbox, string userId, InboxHead head, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey gt {EntryPrefix} and RowKey lt {EntryEnd} and Read eq {false}");
        var counted = head with { Unread = 0, NextExpiry = null };
        await foreach (var row in inbox.QueryAsync<TableEntity>(filter, MaxPageSize, EntrySelect, cancellationToken).ConfigureAwait(false))
        {
            if (InboxHead.Counts(row))
            {
                counted = counted.Counting(ExpiresAt(row));
            }
        }

        Log.CounterMigrated(_logger, userId, counted.Unread ?? 0);
        return counted;
    }

    private static async Task<InboxAppend?> FindExistingAsync(TableClient inbox, string userId, string notificationId, CancellationToken cancellationToken)
    {
        var index = await inbox.GetEntityIfExistsAsync<TableEntity>(userId, IndexKey(notificationId, userId), ExistingSelect, cancellationToken).ConfigureAwait(false);
        if (!index.HasValue || index.Value!.GetInt64("Sequence") is not { } sequence)
        {
            return null;
        }

        var row = await inbox.GetEntityIfExistsAsync<TableEntity>(userId, EntryKey(sequence, userId), ["Muted"], cancellationToken).ConfigureAwait(false);
        return new InboxAppend(sequence, row.HasValue && row.Value!.GetBoolean("Muted") == true, Existed: true, index.Value!.GetString("Fingerprint"));
    }
}
