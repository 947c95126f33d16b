using System.Collections.Concurrent;

namespace Notifier.Emulator.Tests.SignalR.Infrastructure;

/// <summary>What the test app's upstream handler has seen, in arrival order.</summary>
public sealed class UpstreamRecorder
{
    private readonly ConcurrentQueue<UpstreamEvent> _events = new();

    public IReadOnlyList<UpstreamEvent> Events => [.. _events];

    public void Add(UpstreamEvent e) => _events.Enqueue(e);

    public async Task<UpstreamEvent> WaitForAsync(string eventName, string connectionId)
    {
        UpstreamEvent? found = null;
        await Eventually.TrueAsync(
            () => (found = _events.FirstOrDefault(e => e.Event == eventName && e.ConnectionId == connectionId)) is not null,
            $"upstream receives '{eventName}' for connection {connectionId}");
        return found!;
    }
}
