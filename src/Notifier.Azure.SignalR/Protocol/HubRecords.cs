using System.Buffers;

namespace Notifier.Azure.SignalR.Protocol;

/// <summary>
/// The framing of the JSON hub protocol: every message is one JSON object followed by the record separator
/// <c>0x1E</c>. A WebSocket frame may hold several records and a record may span frames, so records are found by
/// scanning for the separator, never by frame boundaries.
/// </summary>
public static class HubRecords
{
    /// <summary>The record separator.</summary>
    public const byte Separator = 0x1E;

    /// <summary>
    /// Takes the first complete record off <paramref name="buffer"/> (without its separator) and advances the buffer
    /// past it. False when no separator has arrived yet; the buffer is then unchanged.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> record)
    {
        if (buffer.PositionOf(Separator) is not { } end)
        {
            record = default;
            return false;
        }

        record = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }
}
