using System.Collections.Concurrent;

namespace Notifier.Emulator.Connections;

/// <summary>All hubs. Hubs exist implicitly, as in the service; names are case-insensitive.</summary>
internal sealed class HubRegistry
{
    private readonly ConcurrentDictionary<string, Hub> _hubs = new(StringComparer.OrdinalIgnoreCase);

    public Hub GetOrAdd(string name) => _hubs.GetOrAdd(name, static n => new Hub(n.ToLowerInvariant()));

    public bool TryGet(string name, out Hub hub) => _hubs.TryGetValue(name, out hub!);
}
