using Notifier.Core.Connections;

namespace Notifier.Core.Tests.Fakes;

/// <summary>Recorded connections per user, with the ones the service still has open, and what was asked of it.</summary>
public sealed class RecordedConnections : IUserConnections
{
    private readonly Dictionary<string, List<string>> _recorded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);

    /// <summary>Gets the connections whose state was asked of the service, in order.</summary>
    public List<string> Asked { get; } = [];

    /// <summary>Records a connection of <paramref name="userId"/>, open or closed (a lost disconnect).</summary>
    public void Record(string userId, string connectionId, bool open)
    {
        if (!_recorded.TryGetValue(userId, out var list))
        {
            _recorded[userId] = list = [];
        }

        list.Add(connectionId);
        if (open)
        {
            _open.Add(connectionId);
        }
    }

    public IReadOnlyList<string> Of(string userId) => _recorded.TryGetValue(userId, out var list) ? list : [];

    public Task<IReadOnlyList<string>> ListAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. Of(userId)]);

    public Task<bool> IsOpenAsync(string connectionId, CancellationToken cancellationToken)
    {
        Asked.Add(connectionId);
        return Task.FromResult(_open.Contains(connectionId));
    }

    public Task RemoveAsync(string userId, string connectionId, CancellationToken cancellationToken)
    {
        if (_recorded.TryGetValue(userId, out var list))
        {
            list.Remove(connectionId);
        }

        return Task.CompletedTask;
    }
}
