using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.Connections;

/// <summary>
/// The write side of an upgraded connection, shared by two writers: the <see cref="System.Net.WebSockets.WebSocket"/>
/// (control frames: pongs, keep-alive pings, close) and the connection's outbound queue, which encodes a whole batch
/// of data frames straight into one pooled buffer and hands it to the socket in a single write. A lock keeps every
/// write whole, so frames from the two writers never interleave mid-frame. Nothing is held between writes, so idle
/// connections keep no buffer.
/// </summary>
internal sealed class CoalescingWriteStream : Stream
{
    private const int MinBufferSize = 4096;
    private const int MaxFrameHeaderLength = 10;

    private readonly Stream _inner;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public CoalescingWriteStream(Stream inner)
    {
        _inner = inner;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Encodes the frames as server WebSocket frames (unmasked, unfragmented) and writes them at once.</summary>
    public async ValueTask WriteFramesAsync(OutboundFrame[] frames, int count, ClientProtocol protocol, CancellationToken cancellationToken)
    {
        var size = 0;
        for (var i = 0; i < count; i++)
        {
            size += MaxFrameHeaderLength + PayloadLength(frames[i], protocol);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, MinBufferSize));
        try
        {
            var length = 0;
            for (var i = 0; i < count; i++)
            {
                length += Encode(frames[i], protocol, buffer.AsSpan(length));
            }

            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _inner.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static int PayloadLength(in OutboundFrame frame, ClientProtocol protocol)
    {
        if (frame.Control is { } control)
        {
            return control.Length;
        }

        var message = frame.Message!;
        return protocol switch
        {
            ClientProtocol.Raw => message.Data.Length,
            ClientProtocol.Json => message.Json.Length,
            _ => message.Json.Length + JsonProtocolWriter.MaxSequencePrefixLength,
        };
    }

    private static int Encode(in OutboundFrame frame, ClientProtocol protocol, Span<byte> destination)
    {
        if (frame.Control is { } control)
        {
            return EncodeFrame(Text, [], control, destination);
        }

        var message = frame.Message!;
        return protocol switch
        {
            ClientProtocol.Raw => EncodeFrame(message.IsBinaryFrame ? Binary : Text, [], message.Data.Span, destination),
            ClientProtocol.Json => EncodeFrame(Text, [], message.Json.Span, destination),
            _ => EncodeSequenced(frame.SequenceId, message.Json.Span, destination),
        };
    }

    private const byte Text = 0x1;
    private const byte Binary = 0x2;

    // Reliable clients: {"sequenceId":N, followed by the shared envelope without its opening brace.
    private static int EncodeSequenced(ulong sequenceId, ReadOnlySpan<byte> envelope, Span<byte> destination)
    {
        Span<byte> prefix = stackalloc byte[JsonProtocolWriter.MaxSequencePrefixLength];
        "{\"sequenceId\":"u8.CopyTo(prefix);
        Utf8Formatter.TryFormat(sequenceId, prefix[14..], out var digits);
        prefix[14 + digits] = (byte)',';
        return EncodeFrame(Text, prefix[..(15 + digits)], envelope[1..], destination);
    }

    private static int EncodeFrame(byte opcode, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        var length = prefix.Length + payload.Length;
        destination[0] = (byte)(0x80 | opcode);
        int header;
        if (length < 126)
        {
            destination[1] = (byte)length;
            header = 2;
        }
        else if (length <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
            header = 4;
        }
        else
        {
            destination[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)length);
            header = 10;
        }

        prefix.CopyTo(destination[header..]);
        payload.CopyTo(destination[(header + prefix.Length)..]);
        return header + length;
    }
}
