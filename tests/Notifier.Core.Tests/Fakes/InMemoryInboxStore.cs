using Notifier.Core.Inbox;
using Notifier.Core.Storage;

namespace Notifier.Core.Tests.Fakes;

/// <summary>
/// Inboxes and streams in memory with the contract of <see cref="IInboxStore"/>: dense sequences from 1 per user and per
/// stream, appends that are idempotent by notification id, and streams merged into a user's inbox before every read.
/// </summary>
public sealed class InMemoryInboxStore : IInboxStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<InboxEntry>> _inboxes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<InboxEntry>> _streams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failuresAhead = new(StringComparer.Ordinal);
    private readonly HashSet<(string User, string Id)> _deleted = [];
    private int _appendCalls;
    private int _appendManyCalls;

    /// <summary>Gets how many appends (to inboxes or streams) were attempted.</summary>
    public int AppendCalls
    {
        get
        {
            lock (_lock)
            {
                return _appendCalls;
            }
        }
    }

    /// <summary>Makes the next append to this user's inbox or this stream fail, as an interrupted store would.</summary>
    public void FailNextAppendTo(string userOrStream)
    {
        lock (_lock)
        {
            _failuresAhead[userOrStream] = _failuresAhead.GetValueOrDefault(userOrStream) + 1;
        }
    }

    /// <summary>Returns a snapshot of a user's inbox, without merging streams.</summary>
    public IReadOnlyList<InboxEntry> Inbox(string userId)
    {
        lock (_lock)
        {
            return _inboxes.TryGetValue(userId, out var list) ? [.. list] : [];
        }
    }

    /// <summary>Returns a snapshot of a shared stream.</summary>
    public IReadOnlyList<InboxEntry> Stream(string stream)
    {
        lock (_lock)
        {
            return _streams.TryGetValue(stream, out var list) ? [.. list] : [];
        }
    }

    /// <summary>Gets the users that have an inbox.</summary>
    public IReadOnlyList<string> Users
    {
        get
        {
            lock (_lock)
            {
                return [.. _inboxes.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Gets the streams that hold anything.</summary>
    public IReadOnlyList<string> Streams
    {
        get
        {
            lock (_lock)
            {
                return [.. _streams.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Gets or sets the preferences appends and merges follow.</summary>
    public InMemoryPreferenceStore Preferences { get; set; } = new();

    /// <summary>Gets or sets what an append waits for once it holds its storage slot, before it stores (by user).</summary>
    public Func<string, Task>? BeforeWrite { get; set; }

    /// <summary>Raised with the user when an append has to wait for a slot of the storage bound.</summary>
    public event Action<string>? WaitingForSlot;

    // Like the table store, an append takes a slot of the storage bound for its write.
    public async Task<InboxAppend> AppendAsync(string userId, InboxEntry entry, StorageTurn? turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var slot = StorageTurn.AcquireAsync(turn, cancellationToken);
        if (!slot.IsCompleted)
        {
            WaitingForSlot?.Invoke(userId);
        }

        using (await slot.ConfigureAwait(false))
        {
            if (BeforeWrite is { } before)
            {
                await before(userId).ConfigureAwait(false);
            }

            return Write(userId, entry);
        }
    }

    private InboxAppend Write(string userId, InboxEntry entry)
    {
        var muted = Preferences.Current(userId).Silences(entry.Type, null, entry.Critical);
        bool existed;
        lock (_lock)
        {
            existed = _inboxes.TryGetValue(userId, out var list) && list.Exists(e => e.NotificationId == entry.NotificationId);
        }

        var sequence = Append(_inboxes, userId, entry with { Muted = muted });
        lock (_lock)
        {
            var stored = _inboxes[userId][(int)sequence - 1];
            return new InboxAppend(sequence, stored.Muted, existed, stored.Fingerprint);
        }
    }

    /// <summary>Gets or sets how many entries one <see cref="AppendManyAsync"/> call appends at most, as a transaction's limit would.</summary>
    public int EntriesPerAppend { get; set; } = 49;

    /// <summary>Gets how many <see cref="AppendManyAsync"/> calls were made.</summary>
    public int AppendManyCalls
    {
        get
        {
            lock (_lock)
            {
                return _appendManyCalls;
            }
        }
    }

    public async Task<IReadOnlyList<InboxAppend>> AppendManyAsync(string userId, IReadOnlyList<InboxEntry> entries, StorageTurn? turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_lock)
        {
            _appendManyCalls++;
            if (_failuresAhead.GetValueOrDefault(userId) > 0)
            {
                _failuresAhead[userId]--;
                throw new InvalidOperationException($"Simulated storage failure appending to '{userId}'.");
            }
        }

        using (await StorageTurn.AcquireAsync(turn, cancellationToken).ConfigureAwait(false))
        {
            return [.. entries.Take(EntriesPerAppend).Select(entry => Write(userId, entry))];
        }
    }

    public Task<bool> HoldsAsync(string userId, string notificationId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_inboxes.TryGetValue(userId, out var list) && list.Exists(e => e.NotificationId == notificationId));
        }
    }

    public Task<long> AppendToStreamAsync(string stream, InboxEntry entry, CancellationToken cancellationToken) =>
        Task.FromResult(Append(_streams, stream, entry));

    public Task<InboxPage> ReadAsync(string userId, IReadOnlyCollection<string> streams, InboxQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            var inbox = Live(userId, Merge(userId, streams));
            IEnumerable<InboxEntry> candidates = query.After is { } after
                ? inbox.Where(e => e.Sequence > after).OrderBy(e => e.Sequence)
                : inbox.Where(e => query.Before is not { } before || e.Sequence < before).OrderByDescending(e => e.Sequence);
            var live = candidates.Where(e => e.ExpiresAt > now && (!query.UnreadOnly || e.ReadAt is null) && (e.ArchivedAt is not null) == query.Archived).ToList();
            var items = live.Take(query.Limit).ToList();
            var cursor = items.Count > 0 ? items[^1].Sequence : query.After ?? query.Before ?? 0;
            return Task.FromResult(new InboxPage(items, cursor, live.Count > items.Count, inbox.Count));
        }
    }

    public Task<IReadOnlyList<InboxEntry>> FindAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string> notificationIds, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<InboxEntry> found = [.. Live(userId, Merge(userId, streams)).Where(e => notificationIds.Contains(e.NotificationId, StringComparer.Ordinal))];
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<InboxEntry>> ChangeAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string>? notificationIds, InboxChange change, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var inbox = Merge(userId, streams);
            var changed = new List<InboxEntry>();
            for (var i = inbox.Count - 1; i >= 0; i--)
            {
                var entry = inbox[i];
                if (_deleted.Contains((userId, entry.NotificationId)) || (notificationIds is not null && !notificationIds.Contains(entry.NotificationId, StringComparer.Ordinal)))
                {
                    continue;
                }

                InboxEntry? after = change switch
                {
                    InboxChange.Read when entry.ReadAt is null => entry with { ReadAt = at },
                    InboxChange.Unread when entry.ReadAt is not null => entry with { ReadAt = null },
                    InboxChange.Archive when entry.ArchivedAt is null => entry with { ArchivedAt = at },
                    InboxChange.Unarchive when entry.ArchivedAt is not null => entry with { ArchivedAt = null },
                    InboxChange.Delete => entry,
                    _ => null,
                };
                if (after is null)
                {
                    continue;
                }

                if (change == InboxChange.Delete)
                {
                    // Kept out of listings by a tombstone, so sequences stay as they were.
                    _deleted.Add((userId, entry.NotificationId));
                }
                else
                {
                    inbox[i] = after;
                }

                changed.Insert(0, entry);
            }

            return Task.FromResult<IReadOnlyList<InboxEntry>>(changed);
        }
    }

    public Task<int> CountUnreadAsync(string userId, IReadOnlyCollection<string> streams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Live(userId, Merge(userId, streams)).Count(e => e.ReadAt is null && e.ArchivedAt is null && !e.Muted && e.ExpiresAt > now));
        }
    }

    private long Append(Dictionary<string, List<InboxEntry>> lists, string name, InboxEntry entry)
    {
        lock (_lock)
        {
            _appendCalls++;
            if (_failuresAhead.GetValueOrDefault(name) > 0)
            {
                _failuresAhead[name]--;
                throw new InvalidOperationException($"Simulated storage failure appending to '{name}'.");
            }

            return AppendLocked(lists, name, entry);
        }
    }

    private static long AppendLocked(Dictionary<string, List<InboxEntry>> lists, string name, InboxEntry entry)
    {
        if (!lists.TryGetValue(name, out var list))
        {
            lists[name] = list = [];
        }

        if (list.Find(e => e.NotificationId == entry.NotificationId) is { } existing)
        {
            return existing.Sequence;
        }

        var sequence = list.Count + 1L;
        list.Add(entry with { Sequence = sequence, ReadAt = null });
        return sequence;
    }

    private List<InboxEntry> Live(string userId, List<InboxEntry> inbox) =>
        [.. inbox.Where(e => !_deleted.Contains((userId, e.NotificationId)))];

    private List<InboxEntry> Merge(string userId, IReadOnlyCollection<string> streams)
    {
        if (!_inboxes.TryGetValue(userId, out var inbox))
        {
            _inboxes[userId] = inbox = [];
        }

        var present = inbox.Select(e => e.NotificationId).ToHashSet(StringComparer.Ordinal);
        var missing = streams
            .SelectMany(s => _streams.TryGetValue(s, out var list) ? list : [])
            .Where(e => !present.Contains(e.NotificationId))
            .DistinctBy(e => e.NotificationId, StringComparer.Ordinal)
            .OrderBy(e => e.CreatedAt)
            .ThenBy(e => e.NotificationId, StringComparer.Ordinal)
            .ToList();
        foreach (var entry in missing)
        {
            var stream = streams.First(s => _streams.TryGetValue(s, out var list) && list.Exists(e => e.NotificationId == entry.NotificationId));
            AppendLocked(_inboxes, userId, entry with { Muted = Preferences.Current(userId).Silences(entry.Type, stream, entry.Critical) });
        }

        return inbox;
    }
}
