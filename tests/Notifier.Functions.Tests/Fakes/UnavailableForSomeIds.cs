using Azure;
using Notifier.Core.Notifications;

namespace Notifier.Functions.Tests.Fakes;

/// <summary>Real records, except that storing an id with the given prefix fails as storage does when it is down.</summary>
internal sealed class UnavailableForSomeIds : INotificationRecords
{
    public const string Prefix = "down-";
    private readonly INotificationRecords _inner;

    public UnavailableForSomeIds(INotificationRecords inner)
    {
        _inner = inner;
    }

    public Task<NotificationRecord?> TryAddAsync(NotificationRecord record, CancellationToken cancellationToken) =>
        record.Id.StartsWith(Prefix, StringComparison.Ordinal)
            ? throw new RequestFailedException(503, "The server is busy.")
            : _inner.TryAddAsync(record, cancellationToken);

    public Task SetStateAsync(string id, NotificationState state, CancellationToken cancellationToken) => _inner.SetStateAsync(id, state, cancellationToken);

    public Task<NotificationRecord?> GetAsync(string id, CancellationToken cancellationToken) => _inner.GetAsync(id, cancellationToken);

    public Task RecordDeliveryAsync(string id, string userId, DateTimeOffset at, DateTimeOffset expiresAt, bool read, CancellationToken cancellationToken) =>
        _inner.RecordDeliveryAsync(id, userId, at, expiresAt, read, cancellationToken);

    public Task<DeliveryCounts> CountDeliveriesAsync(string id, CancellationToken cancellationToken) => _inner.CountDeliveriesAsync(id, cancellationToken);
}
