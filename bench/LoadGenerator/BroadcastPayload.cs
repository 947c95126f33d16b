using System.Buffers.Text;

namespace Notifier.Bench.LoadGenerator;

/// <summary>
/// The broadcast body: <c>#&lt;sequence&gt;:&lt;stopwatch timestamp&gt;#</c> padded with <c>x</c> to a fixed size. It is
/// plain ASCII with nothing to escape, so it arrives unchanged inside a raw frame, a Web PubSub JSON envelope or a
/// SignalR invocation, and one scan finds it in all three.
/// </summary>
internal static class BroadcastPayload
{
    private const byte Marker = (byte)'#';
    private const byte Separator = (byte)':';

    public static byte[] Create(long sequence, long timestamp, int size)
    {
        var payload = new byte[size];
        payload.AsSpan().Fill((byte)'x');
        var span = payload.AsSpan();
        span[0] = Marker;
        var position = 1;
        Utf8Formatter.TryFormat(sequence, span[position..], out var written);
        position += written;
        span[position++] = Separator;
        Utf8Formatter.TryFormat(timestamp, span[position..], out written);
        position += written;
        span[position] = Marker;
        return payload;
    }

    /// <summary>Reports every broadcast found in one received WebSocket message (SignalR may batch several).</summary>
    public static void Scan(ReadOnlySpan<byte> message, long receivedAt, DeliveryTracker? tracker)
    {
        while (true)
        {
            var start = message.IndexOf(Marker);
            if (start < 0)
            {
                return;
            }

            message = message[(start + 1)..];
            if (!Utf8Parser.TryParse(message, out long sequence, out var consumed) || consumed >= message.Length || message[consumed] != Separator)
            {
                continue;
            }

            message = message[(consumed + 1)..];
            if (!Utf8Parser.TryParse(message, out long timestamp, out consumed) || consumed >= message.Length || message[consumed] != Marker)
            {
                continue;
            }

            message = message[(consumed + 1)..];
            tracker?.Deliver(sequence, timestamp, receivedAt);
        }
    }
}
