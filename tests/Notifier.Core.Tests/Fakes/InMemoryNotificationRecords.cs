using Notifier.Core.Notifications;

namespace Notifier.Core.Tests.Fakes;

/// <summary>Notification records and delivery state in memory, recording every state change and delivery call.</summary>
public sealed class InMemoryNotificationRecords : INotificationRecords
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, NotificationRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Id, string UserId), Delivery> _deliveries = [];
    private readonly List<(string Id, NotificationState State)> _stateChanges = [];
    private readonly List<DeliveryCall> _deliveryCalls = [];

    /// <summary>Gets every <see cref="SetStateAsync"/> call, in order.</summary>
    public IReadOnlyList<(string Id, NotificationState State)> StateChanges
    {
        get
        {
            lock (_lock)
            {
                return [.. _stateChanges];
            }
        }
    }

    /// <summary>Gets every <see cref="RecordDeliveryAsync"/> call, in no particular order.</summary>
    public IReadOnlyList<DeliveryCall> DeliveryCalls
    {
        get
        {
            lock (_lock)
            {
                return [.. _deliveryCalls];
            }
        }
    }

    /// <summary>Gets the number of records.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    /// <summary>Returns a record, or <see langword="null"/>.</summary>
    public NotificationRecord? Find(string id)
    {
        lock (_lock)
        {
            return _records.GetValueOrDefault(id);
        }
    }

    /// <summary>Stores a record as an earlier attempt left it.</summary>
    public void Seed(NotificationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            _records[record.Id] = record;
        }
    }

    public Task<NotificationRecord?> TryAddAsync(NotificationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            if (_records.TryGetValue(record.Id, out var existing))
            {
                return Task.FromResult<NotificationRecord?>(existing);
            }

            _records[record.Id] = record;
            return Task.FromResult<NotificationRecord?>(null);
        }
    }

    public Task SetStateAsync(string id, NotificationState state, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _stateChanges.Add((id, state));

            // A bound id has no record here (the real store marks its inbox index row): only the change is kept.
            if (_records.TryGetValue(id, out var record))
            {
                _records[id] = record with { State = state };
            }

            return Task.CompletedTask;
        }
    }

    public Task<NotificationRecord?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(Find(id));

    public Task RecordDeliveryAsync(string id, string userId, DateTimeOffset at, DateTimeOffset expiresAt, bool read, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _deliveryCalls.Add(new DeliveryCall(id, userId, at, read));
            var current = _deliveries.GetValueOrDefault((id, userId));
            _deliveries[(id, userId)] = new Delivery(current.DeliveredAt ?? at, read ? current.ReadAt ?? at : current.ReadAt);
            return Task.CompletedTask;
        }
    }

    public Task<DeliveryCounts> CountDeliveriesAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var mine = _deliveries.Where(d => d.Key.Id == id).Select(d => d.Value).ToList();
            return Task.FromResult(new DeliveryCounts(mine.Count, mine.Count(d => d.ReadAt is not null)));
        }
    }

    private readonly record struct Delivery(DateTimeOffset? DeliveredAt, DateTimeOffset? ReadAt);
}

/// <summary>One call of <see cref="INotificationRecords.RecordDeliveryAsync"/>.</summary>
public sealed record DeliveryCall(string Id, string UserId, DateTimeOffset At, bool Read);
