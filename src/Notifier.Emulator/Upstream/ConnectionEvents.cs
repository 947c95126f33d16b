using Notifier.Emulator.Hosting;

namespace Notifier.Emulator.Upstream;

/// <summary>What the event-handler side keeps per connection: the <c>ce-id</c> counter and the notification queue.</summary>
internal sealed class ConnectionEvents
{
    private long _lastId;

    /// <summary>Events waiting to be sent, in order. Guarded by locking this instance.</summary>
    public Queue<(EventHandlerOptions Handler, CloudEvent Event)> Queue { get; } = new();

    /// <summary>Whether a pump is sending this queue. Guarded by locking this instance.</summary>
    public bool Pumping { get; set; }

    /// <summary>The next <c>ce-id</c>: 1, 2, …; <c>connect</c> is 0.</summary>
    public long NextId() => Interlocked.Increment(ref _lastId);
}
