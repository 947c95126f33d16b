using Microsoft.Extensions.Logging;
using Notifier.Core.Envelopes;
using Notifier.Core.Inbox;
using Notifier.Core.Notifications;
using Notifier.Core.Push;

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
    private readonly INotificationRecords _records;
    private readonly IInboxStore _inbox;
    private readonly INotificationPusher _pusher;
    private readonly EnvelopeWriter _envelopes;
    private readonly NotificationIds _ids;
    private readonly NotificationLimits _limits;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PublishPipeline> _logger;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="records">Notification records.</param>
    /// <param name="inbox">Inboxes and streams.</param>
    /// <param name="pusher">Pushes to connected clients.</param>
    /// <param name="envelopes">Writes envelopes.</param>
    /// <param name="ids">Chooses the id of each notification.</param>
    /// <param name="limits">Lifetimes.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public PublishPipeline(
        INotificationRecords records,
        IInboxStore inbox,
        INotificationPusher pusher,
        EnvelopeWriter envelopes,
        NotificationIds ids,
        NotificationLimits limits,
        TimeProvider timeProvider,
        ILogger<PublishPipeline> logger)
    {
        _records = records;
        _inbox = inbox;
        _pusher = pusher;
        _envelopes = envelopes;
        _ids = ids;
        _limits = limits;
        _timeProvider = timeProvider;
        _logger = logger;
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

        var now = _timeProvider.GetUtcNow();
        var id = _ids.Choose(request.Id, context.FallbackId);
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
            CreatedAt = createdAt,
            ExpiresAt = createdAt + ttl,
            Payload = PayloadWriter.Write(id, createdAt, request.Sender, request.Content.Span),
            State = createdAt + ttl <= now ? NotificationState.Expired : NotificationState.Accepted,
        };

        var record = candidate;
        if (await _records.TryAddAsync(candidate, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            if (!string.Equals(existing.Fingerprint, request.Fingerprint, StringComparison.Ordinal))
            {
                return Result(existing, PublishStatus.Conflict, pushed: false);
            }

            if (existing.State is NotificationState.Pushed or NotificationState.Expired)
            {
                return Result(existing, PublishStatus.Duplicate, existing.State == NotificationState.Pushed);
            }

            if (existing.ExpiresAt <= now)
            {
                // An earlier attempt stopped part-way and the lifetime ran out since: nobody may receive it now.
                await _records.SetStateAsync(id, NotificationState.Expired, cancellationToken).ConfigureAwait(false);
                Log.ExpiredOnArrival(_logger, id);
                return Result(existing, PublishStatus.Expired, pushed: false);
            }

            // An earlier attempt stopped part-way: finish it with the first attempt's times and payload.
            record = existing;
            Log.Resuming(_logger, id, existing.State);
        }
        else if (candidate.State == NotificationState.Expired)
        {
            Log.ExpiredOnArrival(_logger, id);
            return Result(candidate, PublishStatus.Expired, pushed: false);
        }

        long? sequence = null;
        if (record.State == NotificationState.Accepted)
        {
            // No state write here: until the one after the push, the record says Accepted, and a retry re-runs the
            // idempotent appends. That saves a storage round trip per notification.
            sequence = await StoreAsync(record, cancellationToken).ConfigureAwait(false);
        }
        else if (record.To.IsSingleUser)
        {
            // Stored before but never pushed: the append is idempotent and returns the first sequence.
            sequence = await StoreAsync(record, cancellationToken).ConfigureAwait(false);
        }

        var pushed = await PushAsync(record, sequence, cancellationToken).ConfigureAwait(false);
        if (pushed || record.State == NotificationState.Accepted)
        {
            await _records.SetStateAsync(id, pushed ? NotificationState.Pushed : NotificationState.Stored, cancellationToken).ConfigureAwait(false);
        }

        return Result(record, record == candidate ? PublishStatus.Accepted : PublishStatus.Duplicate, pushed);
    }

    private async Task<long?> StoreAsync(NotificationRecord record, CancellationToken cancellationToken)
    {
        var to = record.To;
        var routes = to.DirectUsers.Count + (to.All ? 1 : to.Groups.Count);
        var entry = new InboxEntry
        {
            NotificationId = record.Id,
            Payload = record.Payload,
            CreatedAt = record.CreatedAt,
            ExpiresAt = record.ExpiresAt,
            Sender = record.Sender,
            Receipt = record.Receipt,
            MultiRoute = routes > 1 && (to.Groups.Count > 1 || (to.Groups.Count > 0 && to.Users.Count > 0)),
        };

        if (to.IsSingleUser)
        {
            return await _inbox.AppendAsync(to.Users[0], entry, cancellationToken).ConfigureAwait(false);
        }

        var targets = to.DirectUsers.Select(user => (Stream: false, Name: user))
            .Concat(to.SharedStreams.Select(stream => (Stream: true, Name: stream)));
        await Parallel.ForEachAsync(
            targets,
            new ParallelOptions { MaxDegreeOfParallelism = StoreParallelism, CancellationToken = cancellationToken },
            async (target, ct) =>
            {
                if (target.Stream)
                {
                    await _inbox.AppendToStreamAsync(target.Name, entry, ct).ConfigureAwait(false);
                }
                else
                {
                    await _inbox.AppendAsync(target.Name, entry, ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        return null;
    }

    private async Task<bool> PushAsync(NotificationRecord record, long? sequence, CancellationToken cancellationToken)
    {
        try
        {
            var envelope = _envelopes.Notification(record.Payload, sequence);
            await _pusher.SendAsync(record.To, envelope, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Stored already: clients catch up through their inbox, and a retry with the same id pushes again.
            Log.PushFailed(_logger, ex, record.Id);
            return false;
        }
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
    }
}
