namespace Notifier.Bench.LoadGenerator;

/// <summary>
/// The broadcasts of one phase. Each broadcast is outstanding until every client has received it and its HTTP request
/// has been answered; completing one releases a slot of the phase's window (if it has one). Optionally records the
/// latency of every delivery (receipt time minus the timestamp the payload carries).
/// </summary>
internal sealed class DeliveryTracker
{
    private const int Failed = int.MinValue / 2;

    private readonly long _firstSequence;
    private readonly int[] _remaining;
    private readonly int _clients;
    private readonly long[]? _latencies;
    private readonly SemaphoreSlim? _window;
    private int _started;
    private int _outstanding;
    private int _latencyCount;
    private long _delivered;
    private long _stray;
    private long _lastDelivery;
    private int _failedRequests;

    public DeliveryTracker(long firstSequence, int capacity, int clients, long latencyCapacity, SemaphoreSlim? window)
    {
        _firstSequence = firstSequence;
        _remaining = new int[capacity];
        _clients = clients;
        _latencies = latencyCapacity > 0 ? new long[latencyCapacity] : null;
        _window = window;
    }

    public int Capacity => _remaining.Length;

    public int Started => Volatile.Read(ref _started);

    public int Outstanding => Volatile.Read(ref _outstanding);

    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Deliveries of broadcasts this phase did not send (late arrivals from an earlier phase).</summary>
    public long Stray => Interlocked.Read(ref _stray);

    public long LastDelivery => Interlocked.Read(ref _lastDelivery);

    public int FailedRequests => Volatile.Read(ref _failedRequests);

    public long EndSequence => _firstSequence + Started;

    /// <summary>Claims the next broadcast; false when the phase's capacity is used up.</summary>
    public bool TryBegin(out int index, out long sequence)
    {
        index = _started;
        sequence = _firstSequence + index;
        if (index >= _remaining.Length)
        {
            return false;
        }

        // Every client plus the HTTP answer must report before the broadcast is complete.
        _remaining[index] = _clients + 1;
        Interlocked.Increment(ref _outstanding);
        Volatile.Write(ref _started, index + 1);
        return true;
    }

    public bool IsComplete(int index) => Volatile.Read(ref _remaining[index]) <= 0;

    public void Answered(int index, bool succeeded)
    {
        if (!succeeded)
        {
            Interlocked.Increment(ref _failedRequests);
            if (Interlocked.Exchange(ref _remaining[index], Failed) > 0)
            {
                Complete();
            }

            return;
        }

        if (Interlocked.Decrement(ref _remaining[index]) == 0)
        {
            Complete();
        }
    }

    public void Deliver(long sequence, long timestamp, long receivedAt)
    {
        var index = sequence - _firstSequence;
        if (index < 0 || index >= Started)
        {
            Interlocked.Increment(ref _stray);
            return;
        }

        Interlocked.Increment(ref _delivered);
        Interlocked.Exchange(ref _lastDelivery, receivedAt);
        if (_latencies is not null)
        {
            var slot = Interlocked.Increment(ref _latencyCount) - 1;
            if (slot < _latencies.Length)
            {
                _latencies[slot] = receivedAt - timestamp;
            }
        }

        if (Interlocked.Decrement(ref _remaining[index]) == 0)
        {
            Complete();
        }
    }

    /// <summary>Waits until no broadcast is outstanding, or <paramref name="timeout"/> passes; true if none is.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Outstanding > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        return Outstanding == 0;
    }

    /// <summary>The recorded latencies in stopwatch ticks, sorted.</summary>
    public long[] SortedLatencies()
    {
        if (_latencies is null)
        {
            return [];
        }

        var count = Math.Min(Volatile.Read(ref _latencyCount), _latencies.Length);
        var sorted = _latencies.AsSpan(0, count).ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    private void Complete()
    {
        Interlocked.Decrement(ref _outstanding);
        _window?.Release();
    }
}
