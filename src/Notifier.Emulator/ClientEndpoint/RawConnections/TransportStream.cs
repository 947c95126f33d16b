using System.Buffers;
using System.IO.Pipelines;

namespace Notifier.Emulator.ClientEndpoint.RawConnections;

/// <summary>
/// A stream over a connection's transport pipes, for a WebSocket that runs without Kestrel's HTTP layer. Zero-byte
/// reads wait for data without taking a buffer, so idle connections hold none.
/// </summary>
internal sealed class TransportStream : Stream
{
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;

    public TransportStream(IDuplexPipe transport)
    {
        _reader = transport.Input;
        _writer = transport.Output;
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

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var buffer = result.Buffer;
        if (destination.IsEmpty || buffer.IsEmpty)
        {
            // A zero-byte read only waits for data; it consumes nothing. An empty buffer here means the peer is done.
            _reader.AdvanceTo(buffer.Start);
            return 0;
        }

        var count = (int)Math.Min(buffer.Length, destination.Length);
        buffer.Slice(0, count).CopyTo(destination.Span);
        _reader.AdvanceTo(buffer.GetPosition(count));
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        var result = await _writer.WriteAsync(source, cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            throw new IOException("The connection is closed.");
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken) =>
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
