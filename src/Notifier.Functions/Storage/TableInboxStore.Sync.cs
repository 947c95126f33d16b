using Azure.Data.Tables;
using Notifier.Core.Inbox;

namespace Notifier.Functions.Storage;

internal sealed partial class TableInboxStore
{
    // How often the streams may be re-read for one consistent snapshot before merging what the last read saw.
    private const int MaxSnapshotRounds = 5;
    private static readonly string[] ExistingSelect = ["Sequence", "Fingerprint"];

    /// <summary>
    /// Folds the inbox's tail (entries appended after the head was last written) into the head, and merges what the
    /// user's streams hold past their merge positions after it: one transaction per batch under the head's ETag, until
    /// nothing is pending.
    /// </summary>
    /// <param name="inbox">The Inbox table.</param>
    /// <param name="userId">The user.</param>
    /// <param name="streams">The streams the user's claims grant now; <see langword="null"/> where there are no claims
    /// (an append, the clean-up), which merges the streams the user was last seen reading.</param>
    /// <param name="now">Stream entries that expired before this are skipped.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="write">Whether a tail with nothing else to write is written into the head (what changes and
    /// lookups by id need: counted entries, index rows); a read only needs to know what it adds, and gets a head folded
    /// in memory, which it must not write. A tail of more than one transaction's worth is written either way.</param>
    /// <returns>The head as written (or read, when nothing changed): every entry up to its sequence is counted and indexed
    /// (with <paramref name="write"/> false: counted, and maybe not indexed).</returns>
    private async Task<InboxHead> SyncAsync(TableClient inbox, string userId, IReadOnlyCollection<string>? streams, DateTimeOffset now, CancellationToken cancellationToken, bool write = true)
    {
        TableClient? streamTable = null;
        InboxHead? known = null;
        for (var attempt = 0; ;)
        {
            var head = known ?? await ReadHeadAsync(inbox, userId, cancellationToken).ConfigureAwait(false);
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

            // The tail first: it was appended before anything merged now, so it keeps the sequences it took.
            var actions = new List<TableTransactionAction>(MaxTransactionActions) { default! };
            var sequence = head.Sequence;
            var inBatch = new HashSet<string>(StringComparer.Ordinal);
            var (tail, more) = await ReadTailAsync(inbox, userId, head.Sequence, MaxTransactionActions - 1, cancellationToken).ConfigureAwait(false);
            foreach (var row in tail)
            {
                sequence = SequenceOf(row);
                if (row.GetString("NotificationId") is { } id)
                {
                    inBatch.Add(id);
                }

                if (InboxHead.Counts(row))
                {
                    written = written.Counting(ExpiresAt(row));
                }

                // Appended without its index row (a new bound id): the fold writes it, so the id finds the entry from now on.
                if (row.GetBoolean(Unindexed) == true)
                {
                    actions.Add(new(TableTransactionActionType.UpsertMerge, IndexOf(userId, row, _options.RecordRetention)));
                }
            }

            List<(string Stream, TableEntity Row)> pending = [];
            var room = (MaxTransactionActions - actions.Count) / 2;
            if (names.Count > 0 && !more && room > 0)
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

                (pending, more) = await CollectAsync(streamTable, userId, names, positions, room, cancellationToken).ConfigureAwait(false);
            }

            if (tail.Count == 0 && pending.Count == 0 && !changed)
            {
                Remember(userId, head);
                return head;
            }

            if (!write && !more && pending.Count == 0 && !changed)
            {
                // Folded in memory only: the next change or lookup by id writes it.
                return written with { Sequence = sequence };
            }

            foreach (var (stream, row) in pending)
            {
                positions[stream] = SequenceOf(row);
                var notificationId = row.GetString("NotificationId")!;
                if (ExpiresAt(row) <= now)
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

            written = written with { Sequence = sequence, Positions = positions };
            actions[0] = HeadAction(userId, head, written);
            try
            {
                var results = await inbox.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                written = written with { ETag = results.Value[0].Headers.ETag };
                Remember(userId, written);
                if (more)
                {
                    // More was pending than one transaction holds: go on from the head just written.
                    known = written.ETag is null ? null : written;
                    continue;
                }

                return written;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another head writer (412), or an append that took the sequence a merged pointer was to have (409): read
                // both again. An append is progress, and appends do not wait: neither does the merge, or a busy inbox
                // would starve it.
                Forget(userId);
                if (ex.Status == 409 && attempt + 1 < MaxAttempts)
                {
                    attempt++;
                    continue;
                }

                await BackOffAsync(inbox.Name, userId, attempt++, ex, cancellationToken).ConfigureAwait(false);
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

        var filter = EntriesAfter(stream, after);
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
        // Up to the head's sequence: the tail after it is counted as it is folded.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userId} and RowKey gt {EntryPrefix} and RowKey le {EntryKey(head.Sequence, userId)} and Read eq {false}");
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
