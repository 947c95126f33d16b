namespace Notifier.Bench.LoadGenerator;

/// <summary>What every client reports to: the current phase's tracker, and how many clients have lost their socket.</summary>
internal sealed class DeliverySink
{
    private DeliveryTracker? _current;
    private int _dropped;

    public DeliveryTracker? Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    public int Dropped => Volatile.Read(ref _dropped);

    public void ClientDropped() => Interlocked.Increment(ref _dropped);
}
