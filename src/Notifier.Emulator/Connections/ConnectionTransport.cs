using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.Connections;

/// <summary>
/// One physical WebSocket of a connection and its writer. Senders only enqueue (never block, never touch the socket);
/// a single writer loop drains the queue in batches through a <see cref="CoalescingWriteStream"/>. The queue is
/// bounded: a client that cannot keep up is closed rather than allowed to grow the server's memory.
/// </summary>
internal sealed class ConnectionTransport
{
    private const int MaxBatch = 256;

    private readonly WebSocket _socket;
    private readonly CoalescingWriteStream _stream;
    private readonly ClientProtocol _protocol;
    private readonly Channel<OutboundFrame> _queue;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string? _closeDescription;
    private int _closing;

    public ConnectionTransport(WebSocket socket, CoalescingWriteStream stream, ClientProtocol protocol, int capacity)
    {
        _socket = socket;
        _stream = stream;
        _protocol = protocol;
        _queue = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    public WebSocket Socket => _socket;

    /// <summary>Set once the transport is closing or closed: nothing more will be written.</summary>
    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>Queues a frame; false when the queue is full (the client is too slow) or the transport is closing.</summary>
    public bool TryEnqueue(in OutboundFrame frame) => _queue.Writer.TryWrite(frame);

    /// <summary>Writes everything queued so far, then closes the WebSocket with this status.</summary>
    public void Close(WebSocketCloseStatus status, string? description)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _closeStatus = status;
        _closeDescription = Truncate(description);
        _queue.Writer.TryComplete();
    }

    /// <summary>Drops whatever is queued and closes with this status: for clients that stopped reading.</summary>
    public void CloseNow(WebSocketCloseStatus status, string? description)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        _closeStatus = status;
        _closeDescription = Truncate(description);
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out _))
        {
        }

        // A client that stops reading blocks the writer inside a send, so the close frame may never go out.
        AbortUnlessClosedWithin(TimeSpan.FromSeconds(2));
    }

    /// <summary>Tears the socket down without a close handshake.</summary>
    public void Abort()
    {
        Interlocked.Exchange(ref _closing, 1);
        _queue.Writer.TryComplete();
        _socket.Abort();
    }

    /// <summary>The writer loop; completes when the transport is closed or broken.</summary>
    public async Task RunWriterAsync(TimeSpan closeTimeout)
    {
        var reader = _queue.Reader;
        var token = CancellationToken.None;
        byte[]? scratch = null;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                await _stream.BeginBatchAsync(token).ConfigureAwait(false);
                try
                {
                    var written = 0;
                    while (written++ < MaxBatch && reader.TryRead(out var frame))
                    {
                        await WriteAsync(frame, ref scratch, token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    if (scratch is not null)
                    {
                        ArrayPool<byte>.Shared.Return(scratch);
                        scratch = null;
                    }

                    await _stream.EndBatchAsync(token).ConfigureAwait(false);
                }
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(closeTimeout);
                await _socket.CloseOutputAsync(_closeStatus, _closeDescription, timeout.Token).ConfigureAwait(false);
                AbortUnlessClosedWithin(closeTimeout);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away or stopped reading; the receive loop sees the broken socket and ends the connection.
            Interlocked.Exchange(ref _closing, 1);
            _socket.Abort();
        }
    }

    /// <summary>A close frame's reason may hold at most 123 UTF-8 bytes (RFC 6455 §5.5).</summary>
    private static string? Truncate(string? description)
    {
        const int MaxBytes = 123;
        if (description is null || System.Text.Encoding.UTF8.GetByteCount(description) <= MaxBytes)
        {
            return description;
        }

        var length = Math.Min(description.Length, MaxBytes);
        while (System.Text.Encoding.UTF8.GetByteCount(description.AsSpan(0, length)) > MaxBytes)
        {
            length--;
        }

        if (length > 0 && char.IsHighSurrogate(description[length - 1]))
        {
            length--;
        }

        return description[..length];
    }

    /// <summary>Gives the peer a grace period to finish the close handshake, then tears the socket down.</summary>
    private void AbortUnlessClosedWithin(TimeSpan grace)
    {
        _ = Task.Delay(grace).ContinueWith(
            static (_, state) =>
            {
                var socket = (WebSocket)state!;
                if (socket.State != WebSocketState.Closed)
                {
                    socket.Abort();
                }
            },
            _socket,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private ValueTask WriteAsync(in OutboundFrame frame, ref byte[]? scratch, CancellationToken cancellationToken)
    {
        if (frame.Control is { } control)
        {
            return _socket.SendAsync(control.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }

        var message = frame.Message!;
        switch (_protocol)
        {
            case ClientProtocol.Raw:
                return _socket.SendAsync(message.Data, message.IsBinaryFrame ? WebSocketMessageType.Binary : WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            case ClientProtocol.Json:
                return _socket.SendAsync(message.Json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            default:
                var envelope = message.Json.Span;
                var needed = envelope.Length + JsonProtocolWriter.MaxSequencePrefixLength;
                if (scratch is null || scratch.Length < needed)
                {
                    if (scratch is not null)
                    {
                        ArrayPool<byte>.Shared.Return(scratch);
                    }

                    scratch = ArrayPool<byte>.Shared.Rent(Math.Max(needed, 4096));
                }

                var length = JsonProtocolWriter.WriteSequenced(frame.SequenceId, envelope, scratch);
                return _socket.SendAsync(scratch.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }
}
