namespace Notifier.Emulator.SignalR.Connections;

/// <summary>
/// The state of one hub: its connections, by id and by user, its groups, and the group memberships of users (which
/// apply to the user's connections now and to those that connect later, until they expire). One lock guards it all;
/// sends take a snapshot and write outside the lock.
/// </summary>
internal sealed class SignalRHub
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SignalRConnection> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<SignalRConnection>> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<SignalRConnection>> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _userGroups = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    public SignalRHub(string name, TimeProvider timeProvider)
    {
        Name = name;
        _timeProvider = timeProvider;
    }

    /// <summary>The hub's name, lower-cased.</summary>
    public string Name { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Adds a connection and puts it in its user's groups.</summary>
    public void Add(SignalRConnection connection)
    {
        lock (_lock)
        {
            _connections[connection.ConnectionId] = connection;
            if (connection.UserId is { } user)
            {
                Set(_users, user).Add(connection);
                ExpireUserGroups(user);
                if (_userGroups.TryGetValue(user, out var groups))
                {
                    foreach (var group in groups.Keys)
                    {
                        Join(connection, group);
                    }
                }
            }
        }
    }

    public void Remove(SignalRConnection connection)
    {
        lock (_lock)
        {
            if (!_connections.Remove(connection.ConnectionId))
            {
                return;
            }

            if (connection.UserId is { } user)
            {
                RemoveFrom(_users, user, connection);
            }

            foreach (var group in connection.Groups)
            {
                RemoveFrom(_groups, group, connection);
            }

            connection.Groups.Clear();
        }
    }

    public SignalRConnection? Find(string connectionId)
    {
        lock (_lock)
        {
            return _connections.GetValueOrDefault(connectionId);
        }
    }

    public SignalRConnection[] All()
    {
        lock (_lock)
        {
            return [.. _connections.Values];
        }
    }

    public SignalRConnection[] OfUser(string userId)
    {
        lock (_lock)
        {
            return _users.TryGetValue(userId, out var set) ? [.. set] : [];
        }
    }

    public SignalRConnection[] InGroup(string group)
    {
        lock (_lock)
        {
            ExpireAllUserGroups();
            return _groups.TryGetValue(group, out var set) ? [.. set] : [];
        }
    }

    public bool UserExists(string userId)
    {
        lock (_lock)
        {
            return _users.ContainsKey(userId);
        }
    }

    public bool GroupExists(string group)
    {
        lock (_lock)
        {
            ExpireAllUserGroups();
            return _groups.ContainsKey(group);
        }
    }

    /// <summary>False when the connection is not open.</summary>
    public bool AddToGroup(string connectionId, string group)
    {
        lock (_lock)
        {
            if (!_connections.TryGetValue(connectionId, out var connection))
            {
                return false;
            }

            Join(connection, group);
            return true;
        }
    }

    /// <summary>False when the connection is not open.</summary>
    public bool RemoveFromGroup(string connectionId, string group)
    {
        lock (_lock)
        {
            if (!_connections.TryGetValue(connectionId, out var connection))
            {
                return false;
            }

            Leave(connection, group);
            return true;
        }
    }

    /// <summary>Takes an open connection out of every group it is in; nothing happens for one that is not open.</summary>
    public void RemoveFromAllGroups(string connectionId)
    {
        lock (_lock)
        {
            if (_connections.TryGetValue(connectionId, out var connection))
            {
                foreach (var group in connection.Groups.ToArray())
                {
                    Leave(connection, group);
                }
            }
        }
    }

    /// <summary>
    /// Adds a user to a group until <paramref name="expiresAt"/>: the user's open connections join now, and later ones
    /// as they connect. Null: only the open connections join (the service's <c>ttl=0</c>).
    /// </summary>
    public void AddUserToGroup(string userId, string group, DateTimeOffset? expiresAt)
    {
        lock (_lock)
        {
            if (expiresAt is { } until)
            {
                if (!_userGroups.TryGetValue(userId, out var groups))
                {
                    groups = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
                    _userGroups[userId] = groups;
                }

                groups[group] = until;
            }

            if (_users.TryGetValue(userId, out var connections))
            {
                foreach (var connection in connections)
                {
                    Join(connection, group);
                }
            }
        }
    }

    public void RemoveUserFromGroup(string userId, string group)
    {
        lock (_lock)
        {
            if (_userGroups.TryGetValue(userId, out var groups) && groups.Remove(group) && groups.Count == 0)
            {
                _userGroups.Remove(userId);
            }

            LeaveAll(userId, group);
        }
    }

    public void RemoveUserFromAllGroups(string userId)
    {
        lock (_lock)
        {
            _userGroups.Remove(userId);
            if (_users.TryGetValue(userId, out var connections))
            {
                foreach (var connection in connections)
                {
                    foreach (var group in connection.Groups.ToArray())
                    {
                        Leave(connection, group);
                    }
                }
            }
        }
    }

    /// <summary>True when the user is a member (not expired), or one of the user's connections is in the group.</summary>
    public bool UserInGroup(string userId, string group)
    {
        lock (_lock)
        {
            ExpireUserGroups(userId);
            if (_userGroups.TryGetValue(userId, out var groups) && groups.ContainsKey(group))
            {
                return true;
            }

            return _users.TryGetValue(userId, out var connections) && connections.Any(c => c.Groups.Contains(group));
        }
    }

    private void ExpireAllUserGroups()
    {
        foreach (var user in _userGroups.Keys.ToArray())
        {
            ExpireUserGroups(user);
        }
    }

    private void ExpireUserGroups(string userId)
    {
        if (!_userGroups.TryGetValue(userId, out var groups))
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        foreach (var (group, expiresAt) in groups.ToArray())
        {
            if (expiresAt <= now)
            {
                groups.Remove(group);
                LeaveAll(userId, group);
            }
        }

        if (groups.Count == 0)
        {
            _userGroups.Remove(userId);
        }
    }

    private void LeaveAll(string userId, string group)
    {
        if (_users.TryGetValue(userId, out var connections))
        {
            foreach (var connection in connections)
            {
                Leave(connection, group);
            }
        }
    }

    private void Join(SignalRConnection connection, string group)
    {
        if (connection.Groups.Add(group))
        {
            Set(_groups, group).Add(connection);
        }
    }

    private void Leave(SignalRConnection connection, string group)
    {
        if (connection.Groups.Remove(group))
        {
            RemoveFrom(_groups, group, connection);
        }
    }

    private static HashSet<SignalRConnection> Set(Dictionary<string, HashSet<SignalRConnection>> map, string key)
    {
        if (!map.TryGetValue(key, out var set))
        {
            set = [];
            map[key] = set;
        }

        return set;
    }

    private static void RemoveFrom(Dictionary<string, HashSet<SignalRConnection>> map, string key, SignalRConnection connection)
    {
        if (map.TryGetValue(key, out var set) && set.Remove(connection) && set.Count == 0)
        {
            map.Remove(key);
        }
    }
}
