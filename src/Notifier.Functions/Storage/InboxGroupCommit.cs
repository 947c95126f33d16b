using Azure;
using Notifier.Core.Inbox;
using Notifier.Core.Storage;

namespace Notifier.Functions.Storage;

/// <summary>
/// Group commit of appends to one inbox on this instance: while an append to a user's inbox is being written, later
/// appends to the same inbox wait here and go into the next write together, in arrival order, as many as one
/// transaction holds. Without it, each raced for the next sequence, and every loser paid a failed request, a read and
/// a retry: 100 publishes to one busy user took about 400 transactions instead of 100.
/// </summary>
/// <remarks>
/// An append that finds nothing in flight for its inbox is written alone as soon as it has a storage slot, so an inbox
/// with one writer at a time pays nothing for this; appends that arrive while that slot is awaited join the next write,
/// as during a write. Each write takes one slot of the bound (<see cref="StorageTurn"/>) while it runs: its caller's
/// turn for a write alone, the earliest notification's for a group. An append waiting for its inbox's write holds none,
/// so a burst to one busy inbox takes one slot at a time rather than one per waiting caller, and fan-outs that overlap
/// meet here in groups instead of queueing for slots one append at a time. The next group is written by a task of its
/// own, not by the caller whose write just finished, so no caller waits for other callers' entries after its own are
/// stored. A caller who gives up while its append waits takes it out of the line: nothing of it is stored. Once its
/// group is being written, giving up changes nothing: the write carries the others' entries, and the caller gets where
/// its entry landed, as if it had not asked to stop (what it does with that, the push, still sees the cancellation).
/// Writers on other instances meet at the entries' keys: the first insert of a sequence takes it.
/// </remarks>
internal sealed class InboxGroupCommit
{
    // A transaction's 100 operations: the store takes as many as fit (an entry alone for a new id, else with its index
    // row), and the rest wait for the next write.
    private const int MaxEntriesPerWrite = 100;

    private readonly Func<string, IReadOnlyList<InboxEntry>, CancellationToken, Task<IReadOnlyList<InboxAppend>>> _write;
    private readonly Lock _lock = new();

    // An inbox is listed while a write to it is in flight; its list holds the appends waiting for the next write.
    private readonly Dictionary<string, List<Waiter>> _waiting = new(StringComparer.Ordinal);

    /// <param name="write">Appends entries in order to a user's inbox, as many as one transaction holds (at least the first), and returns where that prefix landed.</param>
    public InboxGroupCommit(Func<string, IReadOnlyList<InboxEntry>, CancellationToken, Task<IReadOnlyList<InboxAppend>>> write)
    {
        _write = write;
    }

    /// <summary>Gets how many inboxes have a write in flight (for tests).</summary>
    internal int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    public async Task<InboxAppend> AppendAsync(string userId, InboxEntry entry, StorageTurn? turn, CancellationToken cancellationToken) =>
        (await AppendManyAsync(userId, [entry], turn, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Appends entries in their order: at once when nothing is in flight for the inbox (as many as one transaction
    /// holds, at least the first: call again with the rest), else after what waits already, kept together.
    /// </summary>
    /// <returns>Where each entry of the appended prefix landed; the rest, after one that failed, are for the caller to append again.</returns>
    public Task<IReadOnlyList<InboxAppend>> AppendManyAsync(string userId, IReadOnlyList<InboxEntry> entries, StorageTurn? turn, CancellationToken cancellationToken)
    {
        List<Waiter>? waiters = null;
        lock (_lock)
        {
            if (_waiting.TryGetValue(userId, out var queue))
            {
                waiters = [.. entries.Select(entry => new Waiter(entry, turn))];
                queue.AddRange(waiters);
            }
            else
            {
                _waiting[userId] = [];
            }
        }

        if (waiters is null)
        {
            return WriteAloneAsync(userId, entries, turn, cancellationToken);
        }

        // Registered outside the lock: a token cancelled already runs the callback at once, and it takes the lock.
        var registration = cancellationToken.CanBeCanceled ? cancellationToken.Register(() => Withdraw(userId, waiters, cancellationToken)) : default;
        return CollectAsync(waiters, registration);
    }

    // Only while an append still waits: one taken into a write (even if put back after a partial write) is stored.
    private void Withdraw(string userId, List<Waiter> waiters, CancellationToken cancellationToken)
    {
        var withdrawn = new List<Waiter>(waiters.Count);
        lock (_lock)
        {
            if (_waiting.TryGetValue(userId, out var queue))
            {
                withdrawn.AddRange(waiters.Where(w => !w.Taken && queue.Remove(w)));
            }
        }

        foreach (var waiter in withdrawn)
        {
            waiter.Done.TrySetCanceled(cancellationToken);
        }
    }

    // The prefix that landed, in order; the first one's failure is the caller's.
    private static async Task<IReadOnlyList<InboxAppend>> CollectAsync(List<Waiter> waiters, CancellationTokenRegistration registration)
    {
        using (registration)
        {
            try
            {
                await Task.WhenAll(waiters.Select(w => w.Done.Task)).ConfigureAwait(false);
            }
            catch (Exception) when (waiters[0].Done.Task.IsCompletedSuccessfully)
            {
                // A later one failed (or was withdrawn): what came before it is returned below.
            }
        }

        var appended = new List<InboxAppend>(waiters.Count);
        foreach (var waiter in waiters)
        {
            if (!waiter.Done.Task.IsCompletedSuccessfully)
            {
                break;
            }

            appended.Add(waiter.Done.Task.Result);
        }

        return appended.Count > 0 ? appended : [await waiters[0].Done.Task.ConfigureAwait(false)];
    }

    private async Task<IReadOnlyList<InboxAppend>> WriteAloneAsync(string userId, IReadOnlyList<InboxEntry> entries, StorageTurn? turn, CancellationToken cancellationToken)
    {
        try
        {
            // Appends to this inbox that arrive while the slot is awaited join the next write, as during the write.
            using (await StorageTurn.AcquireAsync(turn, cancellationToken).ConfigureAwait(false))
            {
                return await _write(userId, entries, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            WriteNext(userId);
        }
    }

    // Starts the write of the appends that waited meanwhile, or ends the inbox's turn when none did.
    private void WriteNext(string userId)
    {
        List<Waiter> group;
        lock (_lock)
        {
            var queue = _waiting[userId];
            if (queue.Count == 0)
            {
                _waiting.Remove(userId);
                return;
            }

            var count = Math.Min(queue.Count, MaxEntriesPerWrite);
            group = queue.GetRange(0, count);
            queue.RemoveRange(0, count);
            foreach (var waiter in group)
            {
                waiter.Taken = true;
            }
        }

        // Not in the finished caller's execution context (unsafe = none is captured): the group's storage calls belong
        // to no one request's trace.
        ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Commit.WriteGroupAsync(state.UserId, state.Group), (Commit: this, UserId: userId, Group: group), preferLocal: false);
    }

    private async Task WriteGroupAsync(string userId, List<Waiter> group)
    {
        try
        {
            IReadOnlyList<InboxAppend> appended;
            using (await StorageTurn.AcquireAsync(EarliestTurn(group), CancellationToken.None).ConfigureAwait(false))
            {
                appended = await _write(userId, [.. group.Select(w => w.Entry)], CancellationToken.None).ConfigureAwait(false);
            }

            if (appended.Count == 0)
            {
                throw new InvalidOperationException($"The store appended none of {group.Count} entries to the inbox of '{userId}'.");
            }

            for (var i = 0; i < appended.Count; i++)
            {
                group[i].Done.TrySetResult(appended[i]);
            }

            // The store appended a prefix (large payloads, or the user's streams merged first, left no room for the
            // rest): the others go first in the next write, still in their order.
            if (appended.Count < group.Count)
            {
                lock (_lock)
                {
                    _waiting[userId].InsertRange(0, group.Skip(appended.Count));
                }
            }
        }
        catch (Exception ex) when (group.Count > 1 && IsAboutTheRequest(ex))
        {
            // One append's content may have made the whole write invalid: write each alone, so only its caller fails.
            foreach (var waiter in group)
            {
                await WriteOneAsync(userId, waiter).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // Storage is failing: every caller of the group gets the failure (a 503 to retry), as each would alone.
            foreach (var waiter in group)
            {
                waiter.Done.TrySetException(ex);
            }
        }
        finally
        {
            WriteNext(userId);
        }
    }

    // The group's write is as urgent as its earliest notification, and counts against that notification's publisher.
    private static StorageTurn? EarliestTurn(List<Waiter> group)
    {
        StorageTurn? earliest = null;
        foreach (var waiter in group)
        {
            if (waiter.Turn is { } turn && (earliest is not { } known || turn.StartedAt < known.StartedAt))
            {
                earliest = turn;
            }
        }

        return earliest;
    }

    private async Task WriteOneAsync(string userId, Waiter waiter)
    {
        try
        {
            using (await StorageTurn.AcquireAsync(waiter.Turn, CancellationToken.None).ConfigureAwait(false))
            {
                waiter.Done.TrySetResult((await _write(userId, [waiter.Entry], CancellationToken.None).ConfigureAwait(false))[0]);
            }
        }
        catch (Exception ex)
        {
            waiter.Done.TrySetException(ex);
        }
    }

    // Refused for what it carried (an invalid or too large entity or request), not for who sent it or where: an outage,
    // a missing table or a refused credential fails every entry alike, so writing them one by one would only be slower.
    private static bool IsAboutTheRequest(Exception exception) =>
        exception is RequestFailedException { Status: 400 or 413 };

    private sealed class Waiter(InboxEntry entry, StorageTurn? turn)
    {
        public InboxEntry Entry { get; } = entry;

        public StorageTurn? Turn { get; } = turn;

        public TaskCompletionSource<InboxAppend> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Read and written under the commit's lock.
        public bool Taken { get; set; }
    }
}
