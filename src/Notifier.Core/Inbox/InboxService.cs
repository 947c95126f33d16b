using Microsoft.Extensions.Logging;
using Notifier.Core.Envelopes;
using Notifier.Core.Notifications;
using Notifier.Core.Push;

namespace Notifier.Core.Inbox;

/// <summary>
/// Acknowledgements, read state and the other changes a user makes to their inbox (unread, archive, unarchive, delete),
/// shared by the HTTP inbox and the WebSocket <c>ack</c>/<c>read</c> events: updates the user's inbox and the
/// notifications' delivery counts, tells the user's other devices, and sends read receipts to senders who asked for them.
/// </summary>
public sealed partial class InboxService
{
    private readonly IInboxStore _inbox;
    private readonly INotificationRecords _records;
    private readonly INotificationPusher _pusher;
    private readonly EnvelopeWriter _envelopes;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<InboxService> _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="inbox">Inboxes.</param>
    /// <param name="records">Notification records.</param>
    /// <param name="pusher">Pushes to clients.</param>
    /// <param name="envelopes">Writes envelopes.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public InboxService(IInboxStore inbox, INotificationRecords records, INotificationPusher pusher, EnvelopeWriter envelopes, TimeProvider timeProvider, ILogger<InboxService> logger)
    {
        _inbox = inbox;
        _records = records;
        _pusher = pusher;
        _envelopes = envelopes;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Records that the user's client received these notifications. Ids not in the user's inbox are ignored.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="streams">The shared streams the user reads.</param>
    /// <param name="ids">The notification ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ids acknowledged.</returns>
    public async Task<IReadOnlyList<string>> AcknowledgeAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var found = await _inbox.FindAsync(userId, streams, ids, cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        await Parallel.ForEachAsync(found, cancellationToken, async (entry, ct) =>
            await _records.RecordDeliveryAsync(entry.NotificationId, userId, now, entry.ExpiresAt, read: false, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return [.. found.Select(e => e.NotificationId)];
    }

    /// <summary>Marks notifications read (or all of them), then tells the user's other connections and the senders.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="streams">The shared streams the user reads.</param>
    /// <param name="ids">The ids, or <see langword="null"/> for everything unread.</param>
    /// <param name="originConnectionId">The connection the request came from, which needs no <c>read</c> envelope.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ids this call marked read.</returns>
    public Task<IReadOnlyList<string>> MarkReadAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string>? ids, string? originConnectionId, CancellationToken cancellationToken) =>
        ChangeAsync(userId, streams, ids, InboxChange.Read, originConnectionId, cancellationToken);

    /// <summary>
    /// Changes entries of the user's inbox (or all it applies to), then tells the user's other connections; a read
    /// also records the read on the notification and sends receipts to senders who asked for them.
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="streams">The shared streams the user reads.</param>
    /// <param name="ids">The ids, or <see langword="null"/> for every entry the change applies to.</param>
    /// <param name="change">The change.</param>
    /// <param name="originConnectionId">The connection the request came from, which needs no envelope.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ids this call changed.</returns>
    public async Task<IReadOnlyList<string>> ChangeAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string>? ids, InboxChange change, string? originConnectionId, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var changed = await _inbox.ChangeAsync(userId, streams, ids, change, now, cancellationToken).ConfigureAwait(false);
        if (changed.Count == 0)
        {
            return [];
        }

        if (change == InboxChange.Read)
        {
            await Parallel.ForEachAsync(changed, cancellationToken, async (entry, ct) =>
                await _records.RecordDeliveryAsync(entry.NotificationId, userId, now, entry.ExpiresAt, read: true, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }

        var changedIds = changed.Select(e => e.NotificationId).ToList();
        try
        {
            await _pusher.SendToUserAsync(userId, Envelope(change, changedIds, now), originConnectionId, cancellationToken).ConfigureAwait(false);
            if (change == InboxChange.Read)
            {
                foreach (var entry in changed.Where(e => e.Receipt && e.Sender is not null && e.Sender != userId))
                {
                    await _pusher.SendToUserAsync(entry.Sender!, _envelopes.Receipt(entry.NotificationId, userId, now), null, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The state is stored; devices pick it up from the inbox on their next read.
            Log.SyncPushFailed(_logger, ex, userId, change);
        }

        return changedIds;
    }

    private byte[] Envelope(InboxChange change, List<string> ids, DateTimeOffset at) => change switch
    {
        InboxChange.Read => _envelopes.Changed(EnvelopeTypes.Read, ids, "readAt", at),
        InboxChange.Unread => _envelopes.Changed(EnvelopeTypes.Unread, ids, null, at),
        InboxChange.Archive => _envelopes.Changed(EnvelopeTypes.Archived, ids, "archivedAt", at),
        InboxChange.Unarchive => _envelopes.Changed(EnvelopeTypes.Unarchived, ids, null, at),
        InboxChange.Delete => _envelopes.Changed(EnvelopeTypes.Deleted, ids, null, at),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "Not a change of an inbox."),
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Inbox change {Change} of {UserId} is stored but pushing it to other devices or senders failed.")]
        public static partial void SyncPushFailed(ILogger logger, Exception exception, string userId, InboxChange change);
    }
}
