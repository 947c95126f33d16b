namespace Notifier.Emulator.Connections;

/// <summary>
/// The ack ids a connection has used, so a repeated request is answered <c>Duplicate</c> instead of running twice.
/// Bounded: the oldest ids are forgotten first.
/// </summary>
internal sealed class AckIdCache
{
    private const int Capacity = 1000;

    private readonly Lock _lock = new();
    private readonly HashSet<ulong> _seen = [];
    private readonly Queue<ulong> _order = new();

    /// <summary>Records <paramref name="ackId"/>; false when it was already recorded.</summary>
    public bool TryAdd(ulong ackId)
    {
        lock (_lock)
        {
            if (!_seen.Add(ackId))
            {
                return false;
            }

            _order.Enqueue(ackId);
            if (_order.Count > Capacity)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }
}
