using System.Buffers;

namespace Notifier.Emulator.Connections;

/// <summary>
/// Sits between a <see cref="System.Net.WebSockets.WebSocket"/> and the upgraded HTTP connection. While a batch is
/// open, frames are gathered in one pooled buffer and written to the connection with a single write when the batch
/// ends, so a burst of messages costs one system call instead of one each. Outside a batch (pongs, close frames)
/// writes go straight through. The buffer is returned to the pool after every batch, so idle connections hold none.
/// </summary>
internal sealed class CoalescingWriteStream : Stream
{
    private const int BufferSize = 16 * 1024;

    private readonly Stream _inner;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private byte[]? _buffer;
    private int _length;
    private bool _batching;

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

    public async ValueTask BeginBatchAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        _batching = true;
        _writeLock.Release();
    }

    public async ValueTask EndBatchAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _batching = false;
            await DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ReturnBuffer();
            _writeLock.Release();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_batching)
            {
                await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (buffer.Length > BufferSize)
            {
                await DrainAsync(cancellationToken).ConfigureAwait(false);
                await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
                return;
            }

            _buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
            if (_length + buffer.Length > _buffer.Length)
            {
                await DrainAsync(cancellationToken).ConfigureAwait(false);
            }

            buffer.Span.CopyTo(_buffer.AsSpan(_length));
            _length += buffer.Length;
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

    // Batched bytes are flushed by EndBatchAsync; a flush inside a batch (the WebSocket flushes after each frame)
    // must not defeat the batching.
    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _batching ? Task.CompletedTask : _inner.FlushAsync(cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReturnBuffer();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        if (_length > 0)
        {
            var length = _length;
            _length = 0;
            await _inner.WriteAsync(_buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
    }

    private void ReturnBuffer()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _length = 0;
        }
    }
}
