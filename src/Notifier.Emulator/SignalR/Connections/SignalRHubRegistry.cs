using System.Collections.Concurrent;
using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Emulator.SignalR.Connections;

/// <summary>Every hub of the SignalR mode, by lower-cased name; a hub exists from its first use.</summary>
internal sealed class SignalRHubRegistry
{
    private readonly ConcurrentDictionary<string, SignalRHub> _hubs = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    public SignalRHubRegistry(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    public SignalRHub GetOrAdd(string hub) =>
        _hubs.GetOrAdd(SignalRNames.NormalizeHub(hub), static (name, time) => new SignalRHub(name, time), _timeProvider);

    /// <summary>Closes every connection of every hub; the number closed.</summary>
    public int CloseAll(string error)
    {
        var closed = 0;
        foreach (var hub in _hubs.Values)
        {
            foreach (var connection in hub.All())
            {
                connection.Close(error, allowReconnect: true);
                closed++;
            }
        }

        return closed;
    }
}
