using Microsoft.Extensions.Logging;
using Notifier.Core.Envelopes;
using Notifier.Core.Inbox;
using Notifier.Core.Notifications;
using Notifier.Core.Push;

namespace Notifier.Core.Publishing;

/// <summary>
/// Delivers accepted single-user notifications after their publish is answered: appends each to its user's inbox,
/// pushes it to the user's connections, then removes its pending-delivery marker. The publish itself costs one storage
/// round trip (the record and its marker); everything here happens off the request path.
/// </summary>
/// <remarks>
/// <para>
/// Notifications for one user that wait together are appended in as few transactions as the store allows (group
/// commit), in the order they were accepted, and pushed in that order right after the write that stored them; users
/// go side by side, their writes bounded by the pipeline's <see cref="StorageCallLimiter"/>. Completed markers are
/// removed at most once a second, one transaction per record partition, so at load they cost a small fraction of a
/// call per notification.
/// </para>
/// <para>
/// What this process does not finish (it dies, or storage stays down through the retries) keeps its marker, and
/// <see cref="RecoverAsync"/> delivers it later. An append is idempotent by notification id: a second delivery of the
/// same notification stores nothing and pushes nothing, so nothing accepted is lost or shown twice.
/// </para>
/// </remarks>
public sealed partial class InboxDelivery : IDisposable
{
    // Notifications waiting per storage call the bound allows: beyond that a publish waits for room. Against a busy
    // store every call's latency grows with the calls waiting at it, so an unbounded queue would let publishers run
    // ahead of their deliveries and make every delivery slower, not more frequent.
    private const int WaitingPerCall = 2;

    // One transaction's worth of entries; the store appends what fits and the rest go in the next write.
    private const int MaxPerWrite = 100;
    private const string MarkerCaller = "delivery markers";

    // Markers are removed at most this often, so each record partition costs one transaction per interval whatever the
    // rate (the redeliver timer waits 30 s before it looks, so a second's delay costs nothing).
    private static readonly TimeSpan MarkerInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<DeliveryItem>> _users = new(StringComparer.Ordinal);
    private readonly HashSet<string> _queuedIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _drained = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly INotificationRecords _records;
    private readonly IInboxStore _inbox;
    private readonly INotificationPusher _pusher;
    private readonly EnvelopeWriter _envelopes;
    private readonly StorageCallLimiter _calls;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<InboxDelivery> _logger;
    private readonly int _capacity;
    private List<string> _delivered = [];
    private bool _removingMarkers;
    private TaskCompletionSource _removeNow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending;
    private TaskCompletionSource? _idle;
    private TaskCompletionSource? _roomFreed;

    /// <summary>Creates the queue.</summary>
    /// <param name="records">Notification records, for the pending-delivery markers.</param>
    /// <param name="inbox">Inboxes.</param>
    /// <param name="pusher">Pushes to connected clients.</param>
    /// <param name="envelopes">Writes envelopes.</param>
    /// <param name="calls">The bound on open storage calls, shared with the pipeline.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public InboxDelivery(INotificationRecords records, IInboxStore inbox, INotificationPusher pusher, EnvelopeWriter envelopes, StorageCallLimiter calls, TimeProvider timeProvider, ILogger<InboxDelivery> logger)
    {
        _records = records;
        _inbox = inbox;
        _pusher = pusher;
        _envelopes = envelopes;
        _calls = calls;
        _timeProvider = timeProvider;
        _logger = logger;
        _capacity = calls.Limit * WaitingPerCall;
    }

    /// <summary>Gets how many notifications wait or are being delivered.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Waits until nothing waits, nothing is being delivered and no delivered marker is left to remove.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task.</returns>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        Task idle;
        lock (_lock)
        {
            if (_pending == 0 && !_removingMarkers)
            {
                return Task.CompletedTask;
            }

            // Someone waits (a test, a shutdown): the markers go now rather than at the next interval.
            _removeNow.TrySetResult();

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            idle = _idle.Task;
        }

        return idle.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Waits until this process has no delivery left for these users, so that what is appended to their inboxes next
    /// comes after every single-user notification this process accepted for them before (publication order).
    /// </summary>
    /// <param name="users">The users.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task.</returns>
    public async ValueTask WhenDeliveredToAsync(IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        List<Task>? waits = null;
        lock (_lock)
        {
            if (_users.Count == 0)
            {
                return;
            }

            foreach (var user in users)
            {
                if (_users.ContainsKey(user))
                {
                    if (!_drained.TryGetValue(user, out var drained))
                    {
                        drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        _drained[user] = drained;
                    }

                    (waits ??= []).Add(drained.Task);
                }
            }
        }

        if (waits is not null)
        {
            await Task.WhenAll(waits).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Lets what is under way finish, up to <paramref name="cancellationToken"/>, then abandons the rest: it keeps its
    /// marker and the next recovery run delivers it.
    /// </summary>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>A task.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WhenIdleAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Log.Abandoned(_logger, Pending);
        }
        finally
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Queues accepted notifications, waiting for room when the queue is full.</summary>
    /// <param name="records">Their records, each to one user, with a pending-delivery marker stored.</param>
    /// <param name="startedAt">When their publish started (<see cref="TimeProvider.GetTimestamp"/>), for the storage bound's order.</param>
    /// <param name="cancellationToken">Stops waiting for room; what is not queued keeps its marker.</param>
    /// <returns>A task.</returns>
    public async ValueTask EnqueueAsync(IReadOnlyList<NotificationRecord> records, long startedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var items = new DeliveryItem[records.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new DeliveryItem(records[i], startedAt, reportsCompletion: false);
        }

        await EnqueueAsync(items, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Delivers what a process left pending: each notification accepted at least <paramref name="grace"/> ago whose marker remains.</summary>
    /// <param name="now">Now.</param>
    /// <param name="grace">How old a pending delivery must be (younger ones are likely still under way).</param>
    /// <param name="max">The most to take in one run.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>What it found and did.</returns>
    public async Task<RecoveryReport> RecoverAsync(DateTimeOffset now, TimeSpan grace, int max, CancellationToken cancellationToken)
    {
        var ids = await _records.FindPendingAsync(now - grace, max, cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return new RecoveryReport(0, 0, 0, 0);
        }

        var startedAt = _timeProvider.GetTimestamp();
        var items = new List<DeliveryItem>();
        var settled = new List<string>();
        var expired = 0;
        foreach (var id in ids)
        {
            var record = await _records.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                // A marker without its record: the record was cleaned up; nothing is left to deliver.
                settled.Add(id);
            }
            else if (record.ExpiresAt <= now)
            {
                await _records.SetStateAsync(id, NotificationState.Expired, cancellationToken).ConfigureAwait(false);
                settled.Add(id);
                expired++;
                Log.ExpiredUndelivered(_logger, id);
            }
            else
            {
                items.Add(new DeliveryItem(record, startedAt, reportsCompletion: true));
            }
        }

        await _records.CompletePendingAsync(settled, cancellationToken).ConfigureAwait(false);
        await EnqueueAsync(items, cancellationToken).ConfigureAwait(false);
        var delivered = 0;
        foreach (var item in items)
        {
            delivered += await item.Completion!.Task.WaitAsync(cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return new RecoveryReport(ids.Count, delivered, expired, items.Count - delivered);
    }

    private async ValueTask EnqueueAsync(IReadOnlyList<DeliveryItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        await WaitForRoomAsync(cancellationToken).ConfigureAwait(false);

        // All at once, before any of their users' deliveries starts: a burst to one user is then one group of writes.
        List<string>? started = null;
        lock (_lock)
        {
            foreach (var item in items)
            {
                if (!_queuedIds.Add(item.Record.Id))
                {
                    // A replay of one this process is delivering already: that delivery answers for both.
                    item.Completion?.TrySetResult(true);
                    continue;
                }

                _pending++;
                var user = item.Record.To.Users[0];
                if (!_users.TryGetValue(user, out var queue))
                {
                    queue = new Queue<DeliveryItem>();
                    _users[user] = queue;
                    (started ??= []).Add(user);
                }

                queue.Enqueue(item);
            }
        }

        if (started is null)
        {
            return;
        }

        // Each user's deliveries run on their own, outside the caller's context: each push restores its own publish's.
        using (ExecutionContext.SuppressFlow())
        {
            foreach (var user in started)
            {
                _ = Task.Run(() => DeliverAllAsync(user), CancellationToken.None);
            }
        }
    }

    // A soft bound: a request that finds room queues all its items (at most a batch), so waiters never hold part of it.
    private async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task freed;
            lock (_lock)
            {
                if (_pending < _capacity)
                {
                    return;
                }

                _roomFreed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                freed = _roomFreed.Task;
            }

            await freed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Runs while the user has notifications waiting; one run per user at a time keeps their appends in order.
    private async Task DeliverAllAsync(string user)
    {
        var batch = new List<DeliveryItem>(MaxPerWrite);
        while (true)
        {
            batch.Clear();
            lock (_lock)
            {
                var queue = _users[user];
                if (queue.Count == 0)
                {
                    _users.Remove(user);
                    if (_drained.Remove(user, out var drained))
                    {
                        drained.TrySetResult();
                    }

                    return;
                }

                foreach (var item in queue)
                {
                    batch.Add(item);
                    if (batch.Count == MaxPerWrite)
                    {
                        break;
                    }
                }
            }

            var done = await DeliverAsync(user, batch).ConfigureAwait(false);
            lock (_lock)
            {
                var queue = _users[user];
                for (var i = 0; i < done; i++)
                {
                    queue.Dequeue();
                }
            }
        }
    }

    // Appends what one write holds and pushes it; returns how many of the batch are settled (delivered or given up).
    private async Task<int> DeliverAsync(string user, List<DeliveryItem> batch)
    {
        IReadOnlyList<InboxAppend> appended;
        try
        {
            appended = await AppendAsync(user, batch).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Left pending: the marker stays and a recovery run delivers them. The user's next ones may go first.
            Log.AppendFailed(_logger, ex, user, batch.Count);
            foreach (var item in batch)
            {
                Settle(item, delivered: false, removeMarker: false);
            }

            return batch.Count;
        }

        for (var i = 0; i < appended.Count; i++)
        {
            var append = appended[i];

            // Muted: kept in the inbox and not pushed. Existed: an earlier delivery stored it and pushed it then, unless
            // that push failed (the record says Stored): a retry with the same id pushes again.
            var record = batch[i].Record;
            if (!append.Muted && (!append.Existed || record.State == NotificationState.Stored))
            {
                await PushAsync(batch[i], append.Sequence).ConfigureAwait(false);
            }

            // An entry that existed was delivered before, or is a replay's: its marker is removed only on a recovery run,
            // which knows it is there (removing a missing one would fail the batch it shares).
            Settle(batch[i], delivered: true, removeMarker: !append.Existed || batch[i].Completion is not null);
        }

        return appended.Count;
    }

    private async Task<IReadOnlyList<InboxAppend>> AppendAsync(string user, List<DeliveryItem> batch)
    {
        if (batch[0].Context is { } context)
        {
            // The write goes in the first notification's trace (restored for this method only).
            ExecutionContext.Restore(context);
        }

        var entries = new InboxEntry[batch.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = InboxEntries.Of(batch[i].Record);
        }

        var first = batch[0];
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using (await _calls.AcquireAsync(first.Record.Publisher, first.StartedAt, _stopping.Token).ConfigureAwait(false))
                {
                    return await _inbox.AppendManyAsync(user, entries, _stopping.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < RetryDelays.Length)
            {
                Log.AppendRetry(_logger, ex, user, attempt + 1);
                await Task.Delay(RetryDelays[attempt], _timeProvider, _stopping.Token).ConfigureAwait(false);
            }
        }
    }

    private async Task PushAsync(DeliveryItem item, long sequence)
    {
        if (item.Context is { } context)
        {
            // Restored for this method only: the caller's context comes back when it returns.
            ExecutionContext.Restore(context);
        }

        var record = item.Record;
        bool pushed;
        try
        {
            var envelope = _envelopes.Notification(record.Payload, sequence);
            await _pusher.SendAsync(record.To, envelope, [], _stopping.Token).ConfigureAwait(false);
            pushed = true;
        }
        catch (Exception ex)
        {
            // Stored already: clients catch up through their inbox.
            Log.PushFailed(_logger, ex, record.Id);
            pushed = false;
        }

        // Only a change is written: a single user's delivered notification counts as pushed once its inbox holds it, so
        // the usual delivery writes no state at all. A failed push is remembered so that a retry with the id pushes again.
        var state = pushed ? NotificationState.Pushed : NotificationState.Stored;
        if (pushed ? record.State == NotificationState.Stored : record.State != NotificationState.Stored)
        {
            try
            {
                await _records.SetStateAsync(record.Id, state, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.StateNotWritten(_logger, ex, record.Id, state);
            }
        }
    }

    private void Settle(DeliveryItem item, bool delivered, bool removeMarker)
    {
        var startRemoving = false;
        lock (_lock)
        {
            _queuedIds.Remove(item.Record.Id);
            _pending--;
            if (removeMarker)
            {
                _delivered.Add(item.Record.Id);
                startRemoving = !_removingMarkers;
                _removingMarkers = true;
            }

            SignalIfIdle();
            if (_pending < _capacity && _roomFreed is { } freed)
            {
                _roomFreed = null;
                freed.TrySetResult();
            }
        }

        item.Completion?.TrySetResult(delivered);
        if (startRemoving)
        {
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(RemoveMarkersAsync, CancellationToken.None);
            }
        }
    }

    // Takes every delivered id gathered in an interval in one go: one transaction per record partition (group commit).
    private async Task RemoveMarkersAsync()
    {
        while (true)
        {
            Task now;
            lock (_lock)
            {
                now = _removeNow.Task;
            }

            if (!now.IsCompleted)
            {
                // Never throws: a cancelled delay (stopping) only ends the wait.
                await Task.WhenAny(now, Task.Delay(MarkerInterval, _timeProvider, _stopping.Token)).ConfigureAwait(false);
            }

            List<string> ids;
            lock (_lock)
            {
                if (_delivered.Count == 0)
                {
                    _removingMarkers = false;
                    if (_removeNow.Task.IsCompleted && _idle is null)
                    {
                        _removeNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    SignalIfIdle();
                    return;
                }

                (ids, _delivered) = (_delivered, []);
            }

            try
            {
                using (await _calls.AcquireAsync(MarkerCaller, _timeProvider.GetTimestamp(), _stopping.Token).ConfigureAwait(false))
                {
                    await _records.CompletePendingAsync(ids, _stopping.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                // Harmless: a recovery run finds them delivered (the append stores nothing again) and removes them.
                Log.MarkersLeft(_logger, ex, ids.Count);
            }
        }
    }

    private void SignalIfIdle()
    {
        if (_pending == 0 && !_removingMarkers && _idle is { } idle)
        {
            _idle = null;
            idle.TrySetResult();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Appending to {UserId}'s inbox failed (attempt {Attempt}); retrying.")]
        public static partial void AppendRetry(ILogger logger, Exception exception, string userId, int attempt);

        [LoggerMessage(2, LogLevel.Error, "Could not append {Count} notifications to {UserId}'s inbox; they stay pending and the recovery timer delivers them.")]
        public static partial void AppendFailed(ILogger logger, Exception exception, string userId, int count);

        [LoggerMessage(3, LogLevel.Warning, "Notification {NotificationId} is stored but the push failed; clients will catch up from their inbox.")]
        public static partial void PushFailed(ILogger logger, Exception exception, string notificationId);

        [LoggerMessage(4, LogLevel.Information, "Could not remove {Count} delivered notifications' pending markers; the recovery timer finds them delivered and removes them.")]
        public static partial void MarkersLeft(ILogger logger, Exception exception, int count);

        [LoggerMessage(5, LogLevel.Information, "Notification {NotificationId} expired before it was delivered; nobody receives it.")]
        public static partial void ExpiredUndelivered(ILogger logger, string notificationId);

        [LoggerMessage(7, LogLevel.Warning, "Could not record notification {NotificationId} as {State}; its status may say otherwise until a retry.")]
        public static partial void StateNotWritten(ILogger logger, Exception exception, string notificationId, NotificationState state);

        [LoggerMessage(6, LogLevel.Warning, "Stopped with {Count} notifications undelivered; they keep their pending markers and the recovery timer delivers them.")]
        public static partial void Abandoned(ILogger logger, int count);
    }
}
