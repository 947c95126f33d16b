using System.Collections.Concurrent;

namespace Notifier.Emulator.Connections;

/// <summary>All hubs. Hubs exist implicitly, as in the service; names are case-insensitive.</summary>
internal sealed class HubRegistry
{
    private readonly ConcurrentDictionary<string, Hub> _hubs = new(StringComparer.OrdinalIgnoreCase);

    public Hub GetOrAdd(string name) => _hubs.GetOrAdd(name, static n => new Hub(n.ToLowerInvariant()));

    public bool TryGet(string name, out Hub hub) => _hubs.TryGetValue(name, out hub!);

    /// <summary>Gets how many client connections all hubs hold.</summary>
    public int ConnectionCount => _hubs.Values.Sum(h => h.ConnectionCount);

    /// <summary>Closes every connection of every hub (see <see cref="ClientConnection.Close"/>); returns how many.</summary>
    public int CloseAll(System.Net.WebSockets.WebSocketCloseStatus status, string reason)
    {
        var closed = 0;
        foreach (var hub in _hubs.Values)
        {
            foreach (var connection in hub.AllConnections)
            {
                connection.Close(status, reason);
                closed++;
            }
        }

        return closed;
    }
}
