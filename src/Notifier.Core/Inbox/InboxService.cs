using Microsoft.Extensions.Logging;
using Notifier.Core.Envelopes;
using Notifier.Core.Notifications;
using Notifier.Core.Push;

namespace Notifier.Core.Inbox;

/// <summary>
/// Acknowledgements and read state, shared by the HTTP inbox and the WebSocket <c>ack</c>/<c>read</c> events: updates
/// the user's inbox and the notifications' delivery counts, tells the user's other devices, and sends read receipts to
/// senders who asked for them.
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
            await _records.RecordDeliveryAsync(entry.NotificationId, userId, now, read: false, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return [.. found.Select(e => e.NotificationId)];
    }

    /// <summary>Marks notifications read (or all of them), then tells the user's other connections and the senders.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="streams">The shared streams the user reads.</param>
    /// <param name="ids">The ids, or <see langword="null"/> for everything unread.</param>
    /// <param name="originConnectionId">The connection the request came from, which needs no <c>read</c> envelope.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ids this call marked read.</returns>
    public async Task<IReadOnlyList<string>> MarkReadAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string>? ids, string? originConnectionId, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var marked = await _inbox.MarkReadAsync(userId, streams, ids, now, cancellationToken).ConfigureAwait(false);
        if (marked.Count == 0)
        {
            return [];
        }

        await Parallel.ForEachAsync(marked, cancellationToken, async (entry, ct) =>
            await _records.RecordDeliveryAsync(entry.NotificationId, userId, now, read: true, ct).ConfigureAwait(false)).ConfigureAwait(false);

        var markedIds = marked.Select(e => e.NotificationId).ToList();
        try
        {
            await _pusher.SendToUserAsync(userId, _envelopes.Read(markedIds, now), originConnectionId, cancellationToken).ConfigureAwait(false);
            foreach (var entry in marked.Where(e => e.Receipt && e.Sender is not null && e.Sender != userId))
            {
                await _pusher.SendToUserAsync(entry.Sender!, _envelopes.Receipt(entry.NotificationId, userId, now), null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The read state is stored; devices pick it up from the inbox on their next read.
            Log.SyncPushFailed(_logger, ex, userId);
        }

        return markedIds;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Read state of {UserId} is stored but pushing it to other devices or senders failed.")]
        public static partial void SyncPushFailed(ILogger logger, Exception exception, string userId);
    }
}
