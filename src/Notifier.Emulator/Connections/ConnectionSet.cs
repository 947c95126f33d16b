namespace Notifier.Emulator.Connections;

/// <summary>
/// A set of connections that is changed rarely and iterated on every send: iteration uses an array snapshot that is
/// rebuilt only after a change, so a send allocates nothing. Small sets (a user's few connections, most groups) are
/// just that array, copied on change; only sets that grow past <see cref="SmallLimit"/> get a hash index, so a hub with
/// thousands of single-connection users does not pay for thousands of hash sets.
/// </summary>
internal sealed class ConnectionSet
{
    private const int SmallLimit = 8;

    private ClientConnection[]? _snapshot = [];
    private HashSet<ClientConnection>? _index;

    public int Count
    {
        get
        {
            lock (this)
            {
                return _index?.Count ?? _snapshot!.Length;
            }
        }
    }

    public bool Add(ClientConnection connection)
    {
        lock (this)
        {
            if (_index is not null)
            {
                if (!_index.Add(connection))
                {
                    return false;
                }

                _snapshot = null;
                return true;
            }

            var members = _snapshot!;
            if (Array.IndexOf(members, connection) >= 0)
            {
                return false;
            }

            if (members.Length < SmallLimit)
            {
                _snapshot = [.. members, connection];
                return true;
            }

            _index = [.. members, connection];
            _snapshot = null;
            return true;
        }
    }

    public bool Remove(ClientConnection connection)
    {
        lock (this)
        {
            if (_index is not null)
            {
                if (!_index.Remove(connection))
                {
                    return false;
                }

                _snapshot = null;
                return true;
            }

            var members = _snapshot!;
            var at = Array.IndexOf(members, connection);
            if (at < 0)
            {
                return false;
            }

            _snapshot = [.. members.AsSpan(0, at), .. members.AsSpan(at + 1)];
            return true;
        }
    }

    public ClientConnection[] Snapshot()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is not null)
        {
            return snapshot;
        }

        lock (this)
        {
            return _snapshot ??= [.. _index!];
        }
    }
}
