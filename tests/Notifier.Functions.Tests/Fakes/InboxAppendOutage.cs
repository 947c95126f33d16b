using Azure;
using Notifier.Core.Inbox;

namespace Notifier.Functions.Tests.Fakes;

/// <summary>
/// The real inbox store, whose appends answer 503 while <see cref="Down"/> is set, as a storage outage would, and wait
/// while <see cref="Held"/> is set and not completed.
/// </summary>
internal sealed class InboxAppendOutage : IInboxStore
{
    private readonly IInboxStore _inner;
    private volatile bool _down;

    public InboxAppendOutage(IInboxStore inner)
    {
        _inner = inner;
    }

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public TaskCompletionSource? Held { get; set; }

    public Task<InboxAppend> AppendAsync(string userId, InboxEntry entry, CancellationToken cancellationToken) =>
        _down ? throw new RequestFailedException(503, "The server is busy.") : _inner.AppendAsync(userId, entry, cancellationToken);

    public async Task<IReadOnlyList<InboxAppend>> AppendManyAsync(string userId, IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken)
    {
        if (Held is { } held)
        {
            await held.Task.WaitAsync(cancellationToken);
        }

        return _down ? throw new RequestFailedException(503, "The server is busy.") : await _inner.AppendManyAsync(userId, entries, cancellationToken);
    }

    public Task<bool> HoldsAsync(string userId, string notificationId, CancellationToken cancellationToken) => _inner.HoldsAsync(userId, notificationId, cancellationToken);

    public Task<long> AppendToStreamAsync(string stream, InboxEntry entry, CancellationToken cancellationToken) => _inner.AppendToStreamAsync(stream, entry, cancellationToken);

    public Task<InboxPage> ReadAsync(string userId, IReadOnlyCollection<string> streams, InboxQuery query, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.ReadAsync(userId, streams, query, now, cancellationToken);

    public Task<IReadOnlyList<InboxEntry>> FindAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string> notificationIds, CancellationToken cancellationToken) =>
        _inner.FindAsync(userId, streams, notificationIds, cancellationToken);

    public Task<IReadOnlyList<InboxEntry>> ChangeAsync(string userId, IReadOnlyCollection<string> streams, IReadOnlyCollection<string>? notificationIds, InboxChange change, DateTimeOffset at, CancellationToken cancellationToken) =>
        _inner.ChangeAsync(userId, streams, notificationIds, change, at, cancellationToken);

    public Task<int> CountUnreadAsync(string userId, IReadOnlyCollection<string> streams, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.CountUnreadAsync(userId, streams, now, cancellationToken);
}
