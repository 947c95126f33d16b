using Microsoft.Extensions.Logging;
using Notifier.Core.Envelopes;
using Notifier.Core.Inbox;
using Notifier.Core.Notifications;
using Notifier.Core.Preferences;
using Notifier.Core.Push;
using Notifier.Core.Storage;

namespace Notifier.Core.Publishing;

/// <summary>
/// validate (done by the caller) → de-duplicate by id → store → push → report. Storing completes before the push and
/// before the caller answers, so an accepted notification survives any later failure. Every step is idempotent: a
/// retry under the same id (a redelivered queue message, a publisher retrying after a 503) finishes an interrupted
/// publish without storing anything twice.
/// </summary>
public sealed partial class PublishPipeline
{
    private const int StoreParallelism = 16;

    // Users who muted a group or type that a push can leave out; WebPubSubPusher keeps the filter short.
    private const int MaxMutingUsersPerPush = 100;
    private readonly INotificationRecords _records;
    private readonly IInboxStore _inbox;
    private readonly IPreferenceStore _preferences;
    private readonly INotificationPusher _pusher;
    private readonly EnvelopeWriter _envelopes;
    private readonly NotificationIds _ids;
    private readonly NotificationLimits _limits;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PublishPipeline> _logger;
    private readonly StorageCallLimiter _calls;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="records">Notification records.</param>
    /// <param name="inbox">Inboxes and streams.</param>
    /// <param name="preferences">Who muted what, to leave them out of pushes.</param>
    /// <param name="pusher">Pushes to connected clients.</param>
    /// <param name="envelopes">Writes envelopes.</param>
    /// <param name="ids">Chooses the id of each notification.</param>
    /// <param name="limits">Lifetimes.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public PublishPipeline(
        INotificationRecords records,
        IInboxStore inbox,
        IPreferenceStore preferences,
        INotificationPusher pusher,
        EnvelopeWriter envelopes,
        NotificationIds ids,
        NotificationLimits limits,
        TimeProvider timeProvider,
        ILogger<PublishPipeline> logger)
    {
        _records = records;
        _inbox = inbox;
        _preferences = preferences;
        _pusher = pusher;
        _envelopes = envelopes;
        _ids = ids;
        _limits = limits;
        _timeProvider = timeProvider;
        _logger = logger;
        _calls = new StorageCallLimiter(limits.StorageConcurrency);
    }

    /// <summary>Publishes one validated notification.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">Where it came from.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened, a reused id with other content included (<see cref="PublishStatus.Conflict"/>).</returns>
    public async Task<PublishResult> PublishAsync(NotificationRequest request, PublishContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);

        var admitted = await AdmitAsync(request, context, cancellationToken).ConfigureAwait(false);
        if (admitted.Answer is { } answer)
        {
            return answer;
        }

        var record = admitted.Record!;
        var stored = Stored.Nothing;
        if (record.State == NotificationState.Accepted || record.To.IsSingleUser)
        {
            // No state write before the push: until the one after it, the record says Accepted, and a retry re-runs the
            // idempotent appends. That saves a storage round trip per notification. Stored before but never pushed,
            // a single user's append is idempotent too and returns the first sequence.
            stored = await StoreAsync(record, admitted.StartedAt, admitted.NewId, retry: !admitted.IsNew, cancellationToken).ConfigureAwait(false);
        }

        return await FinishAsync(admitted, stored, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes a batch in its order. Runs of single-user notifications are admitted together and appended to each
    /// user's inbox in as few writes as the store allows (a burst of 100 to one user is a few transactions, not 100),
    /// every item still idempotent on its own; any other item is published alone, after what came before it.
    /// </summary>
    /// <param name="requests">The validated requests.</param>
    /// <param name="contexts">Where each came from.</param>
    /// <param name="endsBatch">Whether a failure means storage is unavailable: that item fails and the rest are not attempted. Any other exception is thrown.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One outcome per request, in order.</returns>
    public async Task<IReadOnlyList<PublishOutcome>> PublishBatchAsync(IReadOnlyList<NotificationRequest> requests, IReadOnlyList<PublishContext> contexts, Func<Exception, bool> endsBatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(endsBatch);
        ArgumentOutOfRangeException.ThrowIfNotEqual(contexts.Count, requests.Count);

        var outcomes = new PublishOutcome[requests.Count];
        for (var start = 0; start < requests.Count;)
        {
            var end = BurstEnd(requests, contexts, start);
            if (end - start > 1)
            {
                if (!await PublishBurstAsync(requests, contexts, start, end, outcomes, endsBatch, cancellationToken).ConfigureAwait(false))
                {
                    return outcomes;
                }

                start = end;
                continue;
            }

            try
            {
                outcomes[start] = new PublishOutcome(await PublishAsync(requests[start], contexts[start], cancellationToken).ConfigureAwait(false), null);
            }
            catch (Exception ex) when (endsBatch(ex))
            {
                outcomes[start] = new PublishOutcome(null, ex);
                return outcomes;
            }

            start++;
        }

        return outcomes;
    }

    // A burst: consecutive single-user items with distinct ids (a repeated id is published after the first, as a replay).
    private int BurstEnd(IReadOnlyList<NotificationRequest> requests, IReadOnlyList<PublishContext> contexts, int start)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var end = start;
        while (end < requests.Count && requests[end].To.IsSingleUser && ids.Add(_ids.Choose(requests[end], contexts[end].FallbackId)))
        {
            end++;
        }

        return Math.Max(end, start + 1);
    }

    // Returns false when storage became unavailable: the failed item says so and the rest are left unattempted.
    private async Task<bool> PublishBurstAsync(IReadOnlyList<NotificationRequest> requests, IReadOnlyList<PublishContext> contexts, int start, int end, PublishOutcome[] outcomes, Func<Exception, bool> endsBatch, CancellationToken cancellationToken)
    {
        // The records are separate partitions: admit them side by side. The earliest failure decides what is attempted.
        var admitted = new Admitted[end - start];
        var failedAt = end;
        Exception? failure = null;
        await Parallel.ForEachAsync(
            Enumerable.Range(start, end - start),
            new ParallelOptions { MaxDegreeOfParallelism = StoreParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    using var slot = await _calls.AcquireAsync(contexts[i].Publisher, _timeProvider.GetTimestamp(), ct).ConfigureAwait(false);
                    admitted[i - start] = await AdmitAsync(requests[i], contexts[i], ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (endsBatch(ex))
                {
                    lock (admitted)
                    {
                        if (i < failedAt)
                        {
                            (failedAt, failure) = (i, ex);
                        }
                    }
                }
            }).ConfigureAwait(false);

        for (var i = start; i < failedAt; i++)
        {
            if (admitted[i - start].Answer is { } answer)
            {
                outcomes[i] = new PublishOutcome(answer, null);
            }
        }

        // Each user's items in batch order, users side by side; each write appends as many as one transaction holds.
        var users = Enumerable.Range(start, failedAt - start)
            .Where(i => admitted[i - start].Answer is null)
            .GroupBy(i => admitted[i - start].Record!.To.Users[0], StringComparer.Ordinal)
            .ToList();
        var storeFailedAt = failedAt;
        await Parallel.ForEachAsync(
            users,
            new ParallelOptions { MaxDegreeOfParallelism = StoreParallelism, CancellationToken = cancellationToken },
            async (items, ct) =>
            {
                var indexes = items.ToList();
                for (var done = 0; done < indexes.Count;)
                {
                    try
                    {
                        var first = admitted[indexes[done] - start];
                        var entries = indexes.Skip(done).Select(i => EntryOf(admitted[i - start].Record!, admitted[i - start].NewId, retry: !admitted[i - start].IsNew)).ToList();
                        var appended = await _inbox.AppendManyAsync(items.Key, entries, new StorageTurn(_calls, first.Record!.Publisher, first.StartedAt), ct).ConfigureAwait(false);

                        // Pushed in inbox order, each right after the write that stored it.
                        foreach (var append in appended)
                        {
                            var i = indexes[done++];
                            var stored = new Stored(append.Sequence, append.Muted ? [items.Key] : [], append.Existed, append.Fingerprint);
                            outcomes[i] = new PublishOutcome(await FinishAsync(admitted[i - start], stored, ct).ConfigureAwait(false), null);
                        }
                    }
                    catch (Exception ex) when (endsBatch(ex))
                    {
                        var i = indexes[done];
                        outcomes[i] = new PublishOutcome(null, ex);
                        lock (admitted)
                        {
                            storeFailedAt = Math.Min(storeFailedAt, i);
                        }

                        return;
                    }
                }
            }).ConfigureAwait(false);

        if (failure is not null)
        {
            outcomes[failedAt] = new PublishOutcome(null, failure);
        }

        return failure is null && storeFailedAt == failedAt;
    }

    // The record for this id: the first attempt's when one exists. Answers at once when nothing is left to store.
    private async Task<Admitted> AdmitAsync(NotificationRequest request, PublishContext context, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var startedAt = _timeProvider.GetTimestamp();
        var id = _ids.Choose(request, context.FallbackId);

        // Made for this publish (here, or by the endpoint so that a 503 can name it): no earlier attempt can exist.
        var newId = request.Id is null && (context.FallbackId is null || context.FallbackIsNew);
        var createdAt = context.AcceptedAt is { } accepted && accepted < now ? accepted : now;
        var ttl = request.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _limits.DefaultTtl;
        var candidate = new NotificationRecord
        {
            Id = id,
            Fingerprint = request.Fingerprint,
            To = request.To,
            Publisher = context.Publisher,
            Sender = request.Sender,
            Receipt = request.Receipt,
            Type = request.Type,
            Critical = request.Critical,
            CreatedAt = createdAt,
            ExpiresAt = createdAt + ttl,
            Payload = PayloadWriter.Write(id, createdAt, request.Sender, request.Content.Span),
            State = createdAt + ttl <= now ? NotificationState.Expired : NotificationState.Accepted,
        };

        if (NotificationIds.TryGetBoundUser(id, out var boundUser))
        {
            // Bound to one user: that user's inbox append decides whether the id is new (FinishAsync), so nothing is
            // written here. Other recipients can never match what the id was first published with.
            if (!request.To.IsSingleUser || !string.Equals(request.To.Users[0], boundUser, StringComparison.Ordinal))
            {
                return Admitted.Answered(Result(candidate, PublishStatus.Conflict, pushed: false) with { BoundTo = boundUser });
            }

            if (candidate.State == NotificationState.Expired)
            {
                Log.ExpiredOnArrival(_logger, id);
                return Admitted.Answered(Result(candidate, PublishStatus.Expired, pushed: false));
            }

            return new Admitted(candidate, IsNew: true, null, startedAt, request.Content, NewId: newId);
        }

        if (await _records.TryAddAsync(candidate, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            if (!string.Equals(existing.Fingerprint, request.Fingerprint, StringComparison.Ordinal))
            {
                return Admitted.Answered(Result(existing, PublishStatus.Conflict, pushed: false));
            }

            if (existing.State is NotificationState.Pushed or NotificationState.Expired)
            {
                return Admitted.Answered(Result(existing, PublishStatus.Duplicate, existing.State == NotificationState.Pushed));
            }

            if (existing.ExpiresAt <= now)
            {
                // An earlier attempt stopped part-way and the lifetime ran out since: nobody may receive it now.
                await _records.SetStateAsync(id, NotificationState.Expired, cancellationToken).ConfigureAwait(false);
                Log.ExpiredOnArrival(_logger, id);
                return Admitted.Answered(Result(existing, PublishStatus.Expired, pushed: false));
            }

            // An earlier attempt stopped part-way: finish it with the first attempt's times and payload.
            Log.Resuming(_logger, id, existing.State);
            return new Admitted(existing, IsNew: false, null, startedAt);
        }

        if (candidate.State == NotificationState.Expired)
        {
            Log.ExpiredOnArrival(_logger, id);
            return Admitted.Answered(Result(candidate, PublishStatus.Expired, pushed: false));
        }

        return new Admitted(candidate, IsNew: true, null, startedAt, NewId: newId);
    }

    private async Task<PublishResult> FinishAsync(Admitted admitted, Stored stored, CancellationToken cancellationToken)
    {
        var record = admitted.Record!;
        if (stored.Existed && NotificationIds.IsBound(record.Id))
        {
            return await FinishBoundReplayAsync(admitted, stored, cancellationToken).ConfigureAwait(false);
        }

        // A single user's record stays Accepted once pushed (see StateOf): an entry an earlier attempt stored means that
        // attempt went on to push, so a retry pushes nothing again.
        var singleUser = record.To.IsSingleUser;
        if (singleUser && stored.Existed && !admitted.IsNew && record.State == NotificationState.Accepted)
        {
            return Result(record, PublishStatus.Duplicate, pushed: true);
        }

        var pushed = await PushAsync(record, stored, cancellationToken).ConfigureAwait(false);
        if (pushed ? !singleUser || record.State != NotificationState.Accepted : record.State == NotificationState.Accepted)
        {
            await _records.SetStateAsync(record.Id, pushed ? NotificationState.Pushed : NotificationState.Stored, cancellationToken).ConfigureAwait(false);
        }

        // A single user's entry that no attempt stored before (an earlier one stopped after its record, or a batch
        // admitted it and then found storage down) is stored by this one: that is an acceptance, not a replay.
        var accepted = admitted.IsNew || (singleUser && !stored.Existed);
        return Result(record, accepted ? PublishStatus.Accepted : PublishStatus.Duplicate, pushed);
    }

    // A bound id the inbox held already: its index row is the first attempt's record. Other content is a conflict. The
    // same content answers as a retry of any other id would: expired once its lifetime is over, else the first answer,
    // after pushing it again if the first attempt's push failed (with the first attempt's times). An entry with no
    // fingerprint was stored before ids were bound (a publisher's own id of this shape): its content is unknown, so it is
    // taken as the same.
    private async Task<PublishResult> FinishBoundReplayAsync(Admitted admitted, Stored stored, CancellationToken cancellationToken)
    {
        var record = admitted.Record!;
        if (stored.Fingerprint is { } held && !string.Equals(held, record.Fingerprint, StringComparison.Ordinal))
        {
            return Result(record, PublishStatus.Conflict, pushed: false);
        }

        var first = await _records.GetAsync(record.Id, cancellationToken).ConfigureAwait(false) ?? record;
        if (first.ExpiresAt <= _timeProvider.GetUtcNow())
        {
            return Result(first, PublishStatus.Expired, pushed: false);
        }

        if (first.State != NotificationState.Stored)
        {
            return Result(first, PublishStatus.Duplicate, pushed: true);
        }

        var again = record with
        {
            CreatedAt = first.CreatedAt,
            ExpiresAt = first.ExpiresAt,
            Payload = PayloadWriter.Write(record.Id, first.CreatedAt, record.Sender, admitted.Content.Span),
            State = NotificationState.Stored,
        };
        var pushed = await PushAsync(again, stored, cancellationToken).ConfigureAwait(false);
        if (pushed)
        {
            await _records.SetStateAsync(record.Id, NotificationState.Pushed, cancellationToken).ConfigureAwait(false);
        }

        return Result(again, PublishStatus.Duplicate, pushed);
    }

    /// <summary>
    /// What a record's state means now. A single user's notification is not written <c>Pushed</c> after its push (that
    /// write was a third storage call per notification): its record stays <c>Accepted</c>, and once the user's inbox
    /// holds it, it counts as pushed. A failed push still writes <c>Stored</c>.
    /// </summary>
    /// <param name="record">The record as stored.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state to report.</returns>
    public async Task<NotificationState> StateOfAsync(NotificationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);

        // A bound id's record is its index row in the user's inbox: having read it, the inbox holds it.
        if (record.State == NotificationState.Accepted && NotificationIds.IsBound(record.Id))
        {
            return NotificationState.Pushed;
        }

        return record.State == NotificationState.Accepted && record.To.IsSingleUser
            && await _inbox.HoldsAsync(record.To.Users[0], record.Id, cancellationToken).ConfigureAwait(false)
                ? NotificationState.Pushed
                : record.State;
    }

    private async Task<Stored> StoreAsync(NotificationRecord record, long startedAt, bool newId, bool retry, CancellationToken cancellationToken)
    {
        var to = record.To;
        var entry = EntryOf(record, newId, retry);

        // Appends take their slot in the store, for the writes it makes: one that waits for another's write to the same
        // inbox (a group commit) holds none meanwhile. A stream append is one write of its own.
        var turn = new StorageTurn(_calls, record.Publisher, startedAt);
        if (to.IsSingleUser)
        {
            var append = await _inbox.AppendAsync(to.Users[0], entry, turn, cancellationToken).ConfigureAwait(false);
            return new Stored(append.Sequence, append.Muted ? [to.Users[0]] : [], append.Existed, append.Fingerprint);
        }

        var muted = new List<string>();
        var targets = to.DirectUsers.Select(user => (Stream: false, Name: user))
            .Concat(to.SharedStreams.Select(stream => (Stream: true, Name: stream)));
        await Parallel.ForEachAsync(
            targets,
            new ParallelOptions { MaxDegreeOfParallelism = StoreParallelism, CancellationToken = cancellationToken },
            async (target, ct) =>
            {
                if (target.Stream)
                {
                    using (await turn.AcquireAsync(ct).ConfigureAwait(false))
                    {
                        await _inbox.AppendToStreamAsync(target.Name, entry, ct).ConfigureAwait(false);
                    }
                }
                else if ((await _inbox.AppendAsync(target.Name, entry, turn, ct).ConfigureAwait(false)).Muted)
                {
                    lock (muted)
                    {
                        muted.Add(target.Name);
                    }
                }
            }).ConfigureAwait(false);
        return new Stored(null, muted, Existed: false);
    }

    private static InboxEntry EntryOf(NotificationRecord record, bool newId, bool retry)
    {
        var to = record.To;
        var routes = to.DirectUsers.Count + (to.All ? 1 : to.Groups.Count);
        var bound = NotificationIds.IsBound(record.Id);
        var multiRoute = routes > 1 && (to.Groups.Count > 1 || (to.Groups.Count > 0 && to.Users.Count > 0));
        return new InboxEntry
        {
            Fingerprint = bound ? record.Fingerprint : null,
            Publisher = bound ? record.Publisher : null,
            NotificationId = record.Id,
            Payload = record.Payload,
            CreatedAt = record.CreatedAt,
            ExpiresAt = record.ExpiresAt,
            Type = record.Type,
            Critical = record.Critical,
            Sender = record.Sender,
            Receipt = record.Receipt,
            MultiRoute = multiRoute,

            // A notification that may reach a user by another route too needs its index row at once: the route that
            // comes second recognises it there.
            NewId = newId && !multiRoute,
            Retry = retry,
        };
    }

    private async Task<bool> PushAsync(NotificationRecord record, Stored stored, CancellationToken cancellationToken)
    {
        try
        {
            var to = record.To;
            if (to.IsSingleUser && stored.MutedUsers.Count == 1)
            {
                // Muted: kept in the inbox, not pushed live. Nothing is left to do, as after a push.
                return true;
            }

            var except = await ExceptUsersAsync(record, stored, cancellationToken).ConfigureAwait(false);
            var envelope = _envelopes.Notification(record.Payload, stored.Sequence);
            await _pusher.SendAsync(to, envelope, except, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Stored already: clients catch up through their inbox, and a retry with the same id pushes again.
            Log.PushFailed(_logger, ex, record.Id);
            return false;
        }
    }

    // Users who muted it: those whose inbox muted it, and, for a group or broadcast, those who muted its type or one of
    // its groups, unless it also reached them directly and they did not mute that.
    private async Task<IReadOnlyCollection<string>> ExceptUsersAsync(NotificationRecord record, Stored stored, CancellationToken cancellationToken)
    {
        var to = record.To;
        if (record.Critical || (to.Groups.Count == 0 && !to.All))
        {
            return stored.MutedUsers;
        }

        var muting = await _preferences.FindMutingUsersAsync(record.Type, to.All ? [] : to.Groups, MaxMutingUsersPerPush, cancellationToken).ConfigureAwait(false);
        if (!muting.Complete)
        {
            Log.TooManyMuting(_logger, record.Id, MaxMutingUsersPerPush);
        }

        var except = new HashSet<string>(muting.Users, StringComparer.Ordinal);
        except.ExceptWith(to.DirectUsers);
        except.UnionWith(stored.MutedUsers);
        return except;
    }

    /// <summary>What storing did: the single user's sequence, the users whose inbox muted it, whether a single user's inbox held it already, and the fingerprint the inbox holds for a bound id.</summary>
    private readonly record struct Stored(long? Sequence, IReadOnlyList<string> MutedUsers, bool Existed, string? Fingerprint = null)
    {
        public static Stored Nothing { get; } = new(null, [], false);
    }

    /// <summary>What admitting a notification decided: the answer when nothing is left to store, else the record to store (and, for a bound id, the request's content, from which a replay rebuilds the first attempt's payload, and whether the id was made for this publish).</summary>
    private readonly record struct Admitted(NotificationRecord? Record, bool IsNew, PublishResult? Answer, long StartedAt, ReadOnlyMemory<byte> Content = default, bool NewId = false)
    {
        public static Admitted Answered(PublishResult answer) => new(null, false, answer, 0);
    }

    private static PublishResult Result(NotificationRecord record, PublishStatus status, bool pushed) =>
        new(record.Id, status, record.CreatedAt, record.ExpiresAt, pushed);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Resuming notification {NotificationId}, left in state {State} by an earlier attempt.")]
        public static partial void Resuming(ILogger logger, string notificationId, NotificationState state);

        [LoggerMessage(2, LogLevel.Information, "Notification {NotificationId} expired before it arrived; nothing stored or sent.")]
        public static partial void ExpiredOnArrival(ILogger logger, string notificationId);

        [LoggerMessage(3, LogLevel.Warning, "Notification {NotificationId} is stored but the push failed; clients will catch up from their inbox.")]
        public static partial void PushFailed(ILogger logger, Exception exception, string notificationId);

        [LoggerMessage(4, LogLevel.Information, "More than {Max} users muted notification {NotificationId}; the push leaves out only those it found (the rest have it muted in their inbox).")]
        public static partial void TooManyMuting(ILogger logger, string notificationId, int max);
    }
}
