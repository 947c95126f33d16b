using Azure;
using Azure.Data.Tables;
using Notifier.Core.Inbox;

namespace Notifier.Functions.Storage;

internal sealed partial class TableInboxStore
{
    // On an entry appended without its index row: the fold writes that row.
    private const string Unindexed = "Unindexed";
    // On an appended entry: which write stored it, so that the write can tell its own entries from an earlier attempt's.
    private const string WrittenBy = "WrittenBy";
    private static readonly string[] TailIds = ["RowKey", "NotificationId", "Fingerprint", "Muted", WrittenBy];

    // Write numbers: from a random start per process, so that two instances' writes are told apart too.
    private static long s_writes = Random.Shared.NextInt64();

    /// <summary>
    /// Appends in order, as many as one request holds (at least the first), after what the inbox holds: no head is
    /// written. Each entry claims the next sequence by inserting its row; an insert that finds the row taken lost the
    /// sequence to another writer, which is read, and the append goes on after it. An entry whose id may have been stored
    /// before carries its index row, whose insert recognises the replay; one with a new id (<see cref="InboxEntry.NewId"/>)
    /// is the request's only entity, and the fold that reads it later writes its index row.
    /// </summary>
    private async Task<IReadOnlyList<InboxAppend>> WriteEntriesAsync(string userId, IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken)
    {
        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);

        // An id an earlier attempt may have appended without its index row (a bound id the publisher sent: a retry after
        // a 503 names the id the app made; or a resumed publish) may be in the tail so: fold first, so that the index
        // row's insert recognises it.
        if (entries.Any(e => !e.NewId && (e.Fingerprint is not null || e.Retry)))
        {
            _ = await SyncAsync(inbox, userId, streams: null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        // Entries a conflict showed to be in the inbox already: replays, or this write, sent again after its answer was lost.
        var existing = new Dictionary<int, InboxAppend>();
        var write = Interlocked.Increment(ref s_writes);
        for (var attempt = 0; ;)
        {
            var known = await KnowAsync(inbox, userId, cancellationToken).ConfigureAwait(false);
            var actions = new List<TableTransactionAction>(Math.Min(MaxTransactionActions, entries.Count * 2));
            var appended = new List<InboxAppend>(entries.Count);
            var attempted = new List<int>(entries.Count);

            // The same id twice in one call is stored once; one entry alone (the usual append) needs no lookup.
            var inCall = entries.Count > 1 ? new Dictionary<string, InboxAppend>(StringComparer.Ordinal) : null;
            var sequence = known.Latest;
            var bytes = 0L;
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (existing.TryGetValue(i, out var stored))
                {
                    appended.Add(stored);
                    continue;
                }

                if (inCall?.TryGetValue(entry.NotificationId, out var earlier) == true)
                {
                    appended.Add(earlier with { Existed = true });
                    continue;
                }

                // A transaction also has a size limit (4 MiB): 49 entries of the largest payloads would pass it.
                var size = EstimatedSize(entry);
                var operations = entry.NewId ? 1 : 2;
                if (actions.Count + operations > MaxTransactionActions || (attempted.Count > 0 && bytes + size > MaxEntryBytesPerTransaction))
                {
                    break;
                }

                bytes += size;
                var muted = known.Head.Preferences.Silences(entry.Type, null, entry.Critical);
                sequence++;
                var row = NewEntry(userId, sequence, entry, muted);
                row[WrittenBy] = write;
                actions.Add(new(TableTransactionActionType.Add, row));
                if (!entry.NewId)
                {
                    actions.Add(new(TableTransactionActionType.Add, NewIndex(userId, sequence, entry, _options.RecordRetention)));
                }

                var append = new InboxAppend(sequence, muted, Fingerprint: entry.Fingerprint);
                inCall?.Add(entry.NotificationId, append);
                appended.Add(append);
                attempted.Add(i);
            }

            if (actions.Count == 0)
            {
                // Every entry was a replay: nothing to write.
                return appended;
            }

            try
            {
                // One entity goes as a plain insert: Table storage serves it cheaper than a transaction of one.
                if (actions.Count == 1)
                {
                    await inbox.AddEntityAsync(actions[0].Entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await inbox.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                }

                Learn(userId, sequence);
                return appended;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Which of this write's entries are in the inbox already: the id in the tail (this very write, sent again
                // after its answer was lost, or an earlier attempt's entry without its index row), or an index row found.
                var (latest, found) = await ReadLatestAsync(inbox, userId, known.Latest, write, cancellationToken).ConfigureAwait(false);
                await Parallel.ForEachAsync(attempted, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
                {
                    var entry = entries[i];
                    // This write's own entry, or a new id's (which only this write can have stored), was stored now, not before.
                    var stored = found.TryGetValue(entry.NotificationId, out var inTail) ? inTail with { Existed = inTail.Existed && !entry.NewId }
                        : entry.NewId ? null
                        : await FindExistingAsync(inbox, userId, entry.NotificationId, ct).ConfigureAwait(false);
                    if (stored is { } append)
                    {
                        lock (existing)
                        {
                            existing[i] = append;
                        }
                    }
                }).ConfigureAwait(false);

                Learn(userId, latest);
                if (existing.Count == entries.Count)
                {
                    return [.. Enumerable.Range(0, entries.Count).Select(i => existing[i])];
                }

                // Another writer took the sequence: that is progress, retry at once after it. A conflict with nothing
                // new in the tail and no replay is contention on the index rows of entries not yet visible: back off.
                if (latest == known.Latest && existing.Count == 0)
                {
                    await BackOffAsync(inbox.Name, userId, attempt++, ex, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// What this instance appends under: its copy of the head while younger than <see cref="InboxOptions.HeadLifetime"/>,
    /// else the head read again (the latest sequence stays what this instance knew, or the head's if that is later). When the user reads streams and one holds something past its
    /// merge position, that is merged first (with the tail folded), so the new entries come after it.
    /// </summary>
    private async Task<KnownInbox> KnowAsync(TableClient inbox, string userId, CancellationToken cancellationToken)
    {
        var cached = _inboxHeads.TryGet(userId, out var copy) ? copy : null;
        var known = cached is not null && _time.GetElapsedTime(cached.ReadAt) < _options.HeadLifetime ? cached : null;
        if (known is null)
        {
            // The head alone: the latest sequence is checked by the insert, and a tail past it only costs a conflict. Its
            // age counts from before the read.
            var readAt = _time.GetTimestamp();
            var head = await ReadHeadAsync(inbox, userId, cancellationToken).ConfigureAwait(false);
            known = new KnownInbox(head, Math.Max(head.Sequence, cached?.Latest ?? 0), readAt);
            _inboxHeads.Set(userId, known);
        }

        if (known.Head.Streams.Count == 0 || !await AnyPendingAsync(known.Head, cancellationToken).ConfigureAwait(false))
        {
            return known;
        }

        var merged = await SyncAsync(inbox, userId, streams: null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return _inboxHeads.TryGet(userId, out var after) ? after : new KnownInbox(merged, merged.Sequence, _time.GetTimestamp());
    }

    // Whether a stream the head names holds anything past the head's merge position (a position that is behind only
    // costs a merge that finds the entries merged already).
    private async Task<bool> AnyPendingAsync(InboxHead head, CancellationToken cancellationToken)
    {
        var streams = await _tables.GetAsync(TableNames.Streams, cancellationToken).ConfigureAwait(false);
        var pending = false;
        await Parallel.ForEachAsync(head.Streams, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (stream, ct) =>
        {
            var after = head.Positions.TryGetValue(stream, out var position) ? position : -1;
            if (after < 0 || (await ReadStreamAsync(streams, stream, after, 1, ct).ConfigureAwait(false)).Count > 0)
            {
                pending = true;
            }
        }).ConfigureAwait(false);
        return pending;
    }

    /// <summary>
    /// The latest sequence taken at or after <paramref name="after"/>, and where each entry past it landed, by id: as
    /// existing before, unless <paramref name="write"/> stored it.
    /// </summary>
    private static async Task<(long Latest, Dictionary<string, InboxAppend> Entries)> ReadLatestAsync(TableClient inbox, string userId, long after, long write, CancellationToken cancellationToken)
    {
        var latest = after;
        var entries = new Dictionary<string, InboxAppend>(StringComparer.Ordinal);
        var filter = EntriesAfter(userId, after);
        await foreach (var row in inbox.QueryAsync<TableEntity>(filter, MaxPageSize, TailIds, cancellationToken).ConfigureAwait(false))
        {
            latest = SequenceOf(row);
            if (row.GetString("NotificationId") is { } id)
            {
                var own = row.GetInt64(WrittenBy) == write;
                entries[id] = new InboxAppend(latest, row.GetBoolean("Muted") == true, Existed: !own, row.GetString("Fingerprint"));
            }
        }

        return (latest, entries);
    }

    /// <summary>The tail: the entries after <paramref name="after"/>, up to <paramref name="take"/>, and whether there are more.</summary>
    private static async Task<(List<TableEntity> Rows, bool More)> ReadTailAsync(TableClient inbox, string userId, long after, int take, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();

        // Entries are dense, so without the next one there is no tail. A point read is what Azurite finds by index; a
        // range query scans the table there (on Azure both are one partition's work).
        var next = await inbox.GetEntityIfExistsAsync<TableEntity>(userId, EntryKey(after + 1, userId), TailSelect, cancellationToken).ConfigureAwait(false);
        if (!next.HasValue)
        {
            return (rows, false);
        }

        var filter = EntriesAfter(userId, after);
        await foreach (var row in inbox.QueryAsync<TableEntity>(filter, take + 1, TailSelect, cancellationToken).ConfigureAwait(false))
        {
            if (rows.Count == take)
            {
                return (rows, true);
            }

            rows.Add(row);
        }

        return (rows, false);
    }

    // What this instance knows of the inbox now that this head was read or written: the head, and the latest sequence
    // (the head's, unless appends here went past it).
    private void Remember(string userId, InboxHead head)
    {
        var latest = _inboxHeads.TryGet(userId, out var known) ? Math.Max(known.Latest, head.Sequence) : head.Sequence;
        _inboxHeads.Set(userId, new KnownInbox(head, latest, _time.GetTimestamp()));
    }

    // The latest sequence a write or a conflict showed taken.
    private void Learn(string userId, long latest) =>
        _inboxHeads.Update(userId, static (known, latest) => known.Latest >= latest ? known : known with { Latest = latest }, latest);

    /// <summary>Drops this instance's copy of a user's head, after a change made around this store (the user's mutes).</summary>
    internal void Forget(string userId) => _inboxHeads.Remove(userId);

    /// <summary>
    /// A notification's index row in a user's inbox, or <see langword="null"/>. An entry with a new id is appended without
    /// one, which the fold writes: when the row is missing, the inbox is folded and the row read again.
    /// </summary>
    internal async Task<TableEntity?> FindIndexRowAsync(string userId, string notificationId, IEnumerable<string> select, CancellationToken cancellationToken)
    {
        var inbox = await _tables.GetAsync(TableNames.Inbox, cancellationToken).ConfigureAwait(false);
        for (var folded = false; ; folded = true)
        {
            var row = await inbox.GetEntityIfExistsAsync<TableEntity>(userId, IndexKey(notificationId, userId), select, cancellationToken).ConfigureAwait(false);
            if (row.HasValue || folded)
            {
                return row.HasValue ? row.Value : null;
            }

            _ = await SyncAsync(inbox, userId, streams: null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }
}
