using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Emulator.SignalR.ClientEndpoint;

/// <summary>
/// Collects a connection's incoming text and hands out complete records (up to each <c>0x1E</c>), whatever the frame
/// boundaries were. A record longer than the limit is refused before it is complete.
/// </summary>
internal sealed class RecordBuffer
{
    private readonly int _maxRecordSize;
    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;
    private int _scanned;

    public RecordBuffer(int maxRecordSize)
    {
        _maxRecordSize = maxRecordSize;
    }

    /// <summary>True when the record being collected has grown past the limit.</summary>
    public bool IsOverLimit => _end - _start > _maxRecordSize + 1;

    /// <summary>Space to receive into, at least 1 KiB.</summary>
    public Memory<byte> GetMemory()
    {
        if (_start > 0 && _start == _end)
        {
            _start = _end = _scanned = 0;
        }

        if (_buffer.Length - _end < 1024)
        {
            var pending = _end - _start;
            var target = pending + 1024 > _buffer.Length ? new byte[Math.Max(_buffer.Length * 2, pending + 4096)] : _buffer;
            Array.Copy(_buffer, _start, target, 0, pending);
            _buffer = target;
            _scanned -= _start;
            _start = 0;
            _end = pending;
        }

        return _buffer.AsMemory(_end);
    }

    public void Advance(int count) => _end += count;

    /// <summary>The next complete record, without its separator; valid until the next <see cref="GetMemory"/>.</summary>
    public bool TryTake(out ReadOnlyMemory<byte> record)
    {
        var separator = Array.IndexOf(_buffer, HubRecords.Separator, _scanned, _end - _scanned);
        if (separator < 0)
        {
            _scanned = _end;
            record = default;
            return false;
        }

        record = _buffer.AsMemory(_start, separator - _start);
        _start = _scanned = separator + 1;
        return true;
    }
}
