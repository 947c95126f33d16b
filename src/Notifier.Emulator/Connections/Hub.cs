using System.Collections.Concurrent;
using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.Connections;

/// <summary>
/// The connections of one hub, indexed by id, user and group. Membership changes take one lock so the indexes and
/// each connection's own group list never disagree; sends read array snapshots and take no lock.
/// </summary>
internal sealed class Hub
{
    private readonly Lock _membership = new();
    private readonly ConcurrentDictionary<string, ClientConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConnectionSet> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConnectionSet> _groups = new(StringComparer.Ordinal);
    private readonly ConnectionSet _all = new();

    public Hub(string name)
    {
        Name = name;
    }

    /// <summary>The hub's name, lower-cased as the service routes it.</summary>
    public string Name { get; }

    public int ConnectionCount => _connections.Count;

    public void Add(ClientConnection connection, IEnumerable<string> groups)
    {
        lock (_membership)
        {
            _connections[connection.ConnectionId] = connection;
            _all.Add(connection);
            if (connection.UserId is { } userId)
            {
                _users.GetOrAdd(userId, static _ => new ConnectionSet()).Add(connection);
            }

            foreach (var group in groups)
            {
                AddToGroupLocked(connection, group);
            }
        }
    }

    public void Remove(ClientConnection connection)
    {
        lock (_membership)
        {
            if (!_connections.TryRemove(new KeyValuePair<string, ClientConnection>(connection.ConnectionId, connection)))
            {
                return;
            }

            _all.Remove(connection);
            if (connection.UserId is { } userId)
            {
                RemoveFromIndexLocked(_users, userId, connection);
            }

            foreach (var group in connection.ClearGroups())
            {
                RemoveFromIndexLocked(_groups, group, connection);
            }
        }
    }

    public bool TryGetConnection(string connectionId, out ClientConnection connection) =>
        _connections.TryGetValue(connectionId, out connection!);

    public bool ConnectionExists(string connectionId) => _connections.ContainsKey(connectionId);

    public bool UserExists(string userId) => _users.TryGetValue(userId, out var set) && set.Count > 0;

    public bool GroupExists(string group) => _groups.TryGetValue(group, out var set) && set.Count > 0;

    public ClientConnection[] AllConnections => _all.Snapshot();

    public ClientConnection[] UserConnections(string userId) =>
        _users.TryGetValue(userId, out var set) ? set.Snapshot() : [];

    public ClientConnection[] GroupConnections(string group) =>
        _groups.TryGetValue(group, out var set) ? set.Snapshot() : [];

    /// <summary>Adds a live connection to a group; false when it has ended (or was already in the group).</summary>
    public bool AddToGroup(ClientConnection connection, string group)
    {
        lock (_membership)
        {
            return _connections.ContainsKey(connection.ConnectionId) && AddToGroupLocked(connection, group);
        }
    }

    public bool RemoveFromGroup(ClientConnection connection, string group)
    {
        lock (_membership)
        {
            if (!connection.RemoveGroup(group))
            {
                return false;
            }

            RemoveFromIndexLocked(_groups, group, connection);
            return true;
        }
    }

    public void RemoveFromAllGroups(ClientConnection connection)
    {
        lock (_membership)
        {
            foreach (var group in connection.ClearGroups())
            {
                RemoveFromIndexLocked(_groups, group, connection);
            }
        }
    }

    /// <summary>Hands the same message to each target that <paramref name="include"/> accepts; returns how many.</summary>
    public static int Send(ClientConnection[] targets, OutboundMessage message, Func<ClientConnection, bool>? include = null)
    {
        var sent = 0;
        foreach (var connection in targets)
        {
            if (include is null || include(connection))
            {
                connection.Send(message);
                sent++;
            }
        }

        return sent;
    }

    private bool AddToGroupLocked(ClientConnection connection, string group)
    {
        if (!connection.AddGroup(group))
        {
            return false;
        }

        _groups.GetOrAdd(group, static _ => new ConnectionSet()).Add(connection);
        return true;
    }

    private static void RemoveFromIndexLocked(ConcurrentDictionary<string, ConnectionSet> index, string key, ClientConnection connection)
    {
        if (index.TryGetValue(key, out var set) && set.Remove(connection) && set.Count == 0)
        {
            index.TryRemove(key, out _);
        }
    }
}
