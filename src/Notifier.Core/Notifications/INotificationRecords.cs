namespace Notifier.Core.Notifications;

/// <summary>Stores notification records and per-recipient delivery state.</summary>
public interface INotificationRecords
{
    /// <summary>Adds the record unless one with its id exists.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="null"/> when added; otherwise the record already stored under the id.</returns>
    Task<NotificationRecord?> TryAddAsync(NotificationRecord record, CancellationToken cancellationToken);

    /// <summary>Moves a record to a later state.</summary>
    /// <param name="id">The id.</param>
    /// <param name="state">The state.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task SetStateAsync(string id, NotificationState state, CancellationToken cancellationToken);

    /// <summary>Reads a record.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    Task<NotificationRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Records that a user received or read a notification. Later calls never clear earlier times.</summary>
    /// <param name="id">The notification id.</param>
    /// <param name="userId">The recipient.</param>
    /// <param name="at">When.</param>
    /// <param name="expiresAt">When the notification expires: the clean-up finds the delivery by it, also when the notification has no record of its own (a bound id's record is its inbox index row).</param>
    /// <param name="read">Whether it was read (else only delivered).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task RecordDeliveryAsync(string id, string userId, DateTimeOffset at, DateTimeOffset expiresAt, bool read, CancellationToken cancellationToken);

    /// <summary>Counts recipients that acknowledged and read a notification.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts.</returns>
    Task<DeliveryCounts> CountDeliveriesAsync(string id, CancellationToken cancellationToken);
}
