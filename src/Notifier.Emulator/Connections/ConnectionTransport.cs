using System.Buffers;
using System.Net.WebSockets;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Emulator.Protocols;

namespace Notifier.Emulator.Connections;

/// <summary>
/// One physical WebSocket of a connection and its outbound queue. Senders only enqueue: they never block and never
/// touch the socket. The first frame queued on an idle connection schedules a drain on the thread pool (the
/// transport is its own work item, so that costs no allocation); the drain takes everything queued, encodes it as
/// one buffer of frames, writes it with one call, and repeats until the queue is empty. The queue is bounded: a
/// client that cannot keep up is closed rather than allowed to grow the server's memory. A connection that has
/// never been sent anything holds no queue storage, and no connection holds a running task while idle.
/// </summary>
internal sealed class ConnectionTransport : IThreadPoolWorkItem
{
    private const int MaxBatch = 128;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly CoalescingWriteStream _stream;
    private readonly ClientProtocol _protocol;
    private readonly int _capacity;
    private readonly Lock _lock = new();
    private OutboundFrame[]? _queue;
    private int _head;
    private int _count;
    private bool _draining;
    private bool _closing;
    private bool _closeRequested;
    private bool _closeSending;
    private bool _done;
    private WebSocketCloseStatus _closeStatus = WebPubSubCloseStatus.Closed;
    private string? _closeDescription;
    private TaskCompletionSource? _closed;

    public ConnectionTransport(WebSocket socket, CoalescingWriteStream stream, ClientProtocol protocol, int capacity)
    {
        _socket = socket;
        _stream = stream;
        _protocol = protocol;
        _capacity = capacity;
    }

    public WebSocket Socket => _socket;

    /// <summary>Set once the transport is closing or closed: nothing more will be written.</summary>
    public bool IsClosing
    {
        get
        {
            lock (_lock)
            {
                return _closing;
            }
        }
    }

    /// <summary>Queues a frame; false when the queue is full (the client is too slow) or the transport is closing.</summary>
    public bool TryEnqueue(in OutboundFrame frame)
    {
        lock (_lock)
        {
            if (_closing || _count == _capacity)
            {
                return false;
            }

            if (_queue is null || _count == _queue.Length)
            {
                Grow();
            }

            _queue![(_head + _count) % _queue.Length] = frame;
            _count++;
            if (_draining)
            {
                return true;
            }

            _draining = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        return true;
    }

    /// <summary>Writes everything queued so far, then closes the WebSocket with this status.</summary>
    public Task CloseAsync(WebSocketCloseStatus status, string? description)
    {
        TaskCompletionSource closed;
        lock (_lock)
        {
            closed = _closed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_done)
            {
                closed.TrySetResult();
                return closed.Task;
            }

            if (_closeRequested)
            {
                return closed.Task;
            }

            _closing = true;
            _closeRequested = true;
            _closeStatus = status;
            _closeDescription = Truncate(description);
            if (_draining)
            {
                // The running drain writes what is queued, then the close frame.
                return closed.Task;
            }

            _draining = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        return closed.Task;
    }

    /// <summary>Drops whatever is queued and closes with this status: for clients that stopped reading.</summary>
    public void CloseNow(WebSocketCloseStatus status, string? description)
    {
        lock (_lock)
        {
            _count = 0;
            _queue = null;
        }

        _ = CloseAsync(status, description);

        // A client that stops reading blocks the drain inside a write, so the close frame may never go out.
        AbortUnlessClosedWithin(TimeSpan.FromSeconds(2));
    }

    /// <summary>Tears the socket down without a close handshake.</summary>
    public void Abort()
    {
        Finish();
        _socket.Abort();
    }

    void IThreadPoolWorkItem.Execute() => _ = DrainAsync();

    private async Task DrainAsync()
    {
        var batch = ArrayPool<OutboundFrame>.Shared.Rent(MaxBatch);
        try
        {
            while (true)
            {
                int taken;
                lock (_lock)
                {
                    taken = Math.Min(_count, MaxBatch);
                    for (var i = 0; i < taken; i++)
                    {
                        batch[i] = _queue![_head];
                        _queue[_head] = default;
                        _head = (_head + 1) % _queue.Length;
                    }

                    _count -= taken;
                    if (taken == 0)
                    {
                        // The ring is kept once made (a connection that never receives has none): dropping it here
                        // would cost an allocation on the next send.
                        _head = 0;
                        if (!_closeRequested || _closeSending)
                        {
                            _draining = false;
                            return;
                        }

                        _closeSending = true;
                    }
                }

                if (taken > 0)
                {
                    await _stream.WriteFramesAsync(batch, taken, _protocol, CancellationToken.None).ConfigureAwait(false);
                    Array.Clear(batch, 0, taken);
                    continue;
                }

                await SendCloseAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer went away or stopped reading; the receive loop sees the broken socket and ends the connection.
            Finish();
            _socket.Abort();
        }
        finally
        {
            ArrayPool<OutboundFrame>.Shared.Return(batch, clearArray: true);
        }
    }

    private async Task SendCloseAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await _socket.CloseOutputAsync(_closeStatus, _closeDescription, timeout.Token).ConfigureAwait(false);
            AbortUnlessClosedWithin(CloseTimeout);
        }

        // Only now is the close frame out: whoever waits for the close may let the connection go.
        TaskCompletionSource? closed;
        lock (_lock)
        {
            _done = true;
            closed = _closed;
        }

        closed?.TrySetResult();
    }

    /// <summary>Nothing more will be written: the transport is closed or broken.</summary>
    private void Finish()
    {
        TaskCompletionSource? closed;
        lock (_lock)
        {
            _closing = true;
            _done = true;
            _draining = false;
            _count = 0;
            _queue = null;
            closed = _closed;
        }

        closed?.TrySetResult();
    }

    private void Grow()
    {
        var size = _queue is null ? 4 : Math.Min(_queue.Length * 2, _capacity);
        var grown = new OutboundFrame[size];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _queue![(_head + i) % _queue.Length];
        }

        _queue = grown;
        _head = 0;
    }

    /// <summary>A close frame's reason may hold at most 123 UTF-8 bytes (RFC 6455 §5.5); cut at a character boundary.</summary>
    private static string? Truncate(string? description)
    {
        const int MaxBytes = 123;
        if (description is null || System.Text.Encoding.UTF8.GetByteCount(description) <= MaxBytes)
        {
            return description;
        }

        var bytes = 0;
        var length = 0;
        foreach (var rune in description.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxBytes)
            {
                break;
            }

            length += rune.Utf16SequenceLength;
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
}
