namespace Notifier.Emulator.Connections;

/// <summary>
/// A set of connections that is changed rarely and iterated on every send: iteration uses an array snapshot that is
/// rebuilt only after a change, so a broadcast allocates nothing.
/// </summary>
internal sealed class ConnectionSet
{
    private readonly Lock _lock = new();
    private readonly HashSet<ClientConnection> _items = [];
    private ClientConnection[]? _snapshot = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public bool Add(ClientConnection connection)
    {
        lock (_lock)
        {
            if (!_items.Add(connection))
            {
                return false;
            }

            _snapshot = null;
            return true;
        }
    }

    public bool Remove(ClientConnection connection)
    {
        lock (_lock)
        {
            if (!_items.Remove(connection))
            {
                return false;
            }

            _snapshot = null;
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

        lock (_lock)
        {
            return _snapshot ??= [.. _items];
        }
    }
}
