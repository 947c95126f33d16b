using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.Connections;

/// <summary>
/// Messages sent on a reliable connection and not yet acknowledged, in sequence order, bounded by count and bytes.
/// Not thread-safe: the owning connection holds its lock around every call.
/// </summary>
internal sealed class ReliableBuffer
{
    private readonly Queue<(ulong SequenceId, OutboundMessage Message)> _items = new();
    private readonly int _maxMessages;
    private readonly long _maxBytes;
    private long _bytes;

    public ReliableBuffer(int maxMessages, long maxBytes)
    {
        _maxMessages = maxMessages;
        _maxBytes = maxBytes;
    }

    public int Count => _items.Count;

    /// <summary>Adds a message; false when the buffer would overflow (the connection cannot be kept reliable).</summary>
    public bool TryAdd(ulong sequenceId, OutboundMessage message)
    {
        var size = message.Json.Length;
        if (_items.Count >= _maxMessages || _bytes + size > _maxBytes)
        {
            return false;
        }

        _items.Enqueue((sequenceId, message));
        _bytes += size;
        return true;
    }

    /// <summary>Drops every message up to and including <paramref name="sequenceId"/> (acks are cumulative).</summary>
    public void AcknowledgeThrough(ulong sequenceId)
    {
        while (_items.TryPeek(out var head) && head.SequenceId <= sequenceId)
        {
            _items.Dequeue();
            _bytes -= head.Message.Json.Length;
        }
    }

    public IEnumerable<(ulong SequenceId, OutboundMessage Message)> Pending => _items;
}
