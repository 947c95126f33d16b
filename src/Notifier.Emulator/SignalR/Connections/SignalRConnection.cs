using System.Net.WebSockets;
using System.Threading.Channels;
using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Emulator.SignalR.Connections;

/// <summary>
/// One SignalR client connection after its handshake: who it is, the groups it is in (guarded by its hub's lock), and
/// its outbound queue. Records are queued by anyone and written by one loop, so the WebSocket sees one writer; a
/// record sent to many connections is the same bytes in every queue.
/// </summary>
internal sealed class SignalRConnection : IDisposable
{
    private readonly Channel<ReadOnlyMemory<byte>> _outbound;
    /// <summary>How long a closed connection waits for its client to answer the close before it is dropped.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _aborted;
    private readonly TimeProvider _timeProvider;
    private long _lastReceived;
    private int _closing;

    public SignalRConnection(SignalRHub hub, string connectionId, string? userId, IReadOnlyList<KeyValuePair<string, string>> claims, string clientQuery, int queueCapacity, TimeProvider timeProvider)
    {
        Hub = hub;
        ConnectionId = connectionId;
        UserId = userId;
        Claims = claims;
        ClientQuery = clientQuery;
        _timeProvider = timeProvider;
        _lastReceived = timeProvider.GetTimestamp();
        _aborted = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _outbound = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public SignalRHub Hub { get; }

    public string ConnectionId { get; }

    public string? UserId { get; }

    /// <summary>The client token's claims, for upstream's <c>X-ASRS-User-Claims</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Claims { get; }

    /// <summary>The query string the client connected with, for upstream's <c>X-ASRS-Client-Query</c>.</summary>
    public string ClientQuery { get; }

    /// <summary>The groups this connection is in; read and written only under the hub's lock.</summary>
    public HashSet<string> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Signalled when the connection must stop at once: it was too slow, or its close was not answered.</summary>
    public CancellationToken Aborted => _aborted.Token;

    /// <summary>The error the server closed the connection with, for upstream's <c>disconnected</c>.</summary>
    public string? CloseError { get; private set; }

    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>How long since the client last sent anything.</summary>
    public TimeSpan Silence => _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastReceived));

    public void Touch() => Interlocked.Exchange(ref _lastReceived, _timeProvider.GetTimestamp());

    /// <summary>Queues a framed record. A connection whose queue is full is dropped as too slow.</summary>
    public void Send(ReadOnlyMemory<byte> record)
    {
        if (!_outbound.Writer.TryWrite(record) && !IsClosing)
        {
            Abort("The client is too slow: its outbound queue is full.");
        }
    }

    /// <summary>Sends a close message and ends the connection once everything queued before it is written.</summary>
    public void Close(string? error, bool allowReconnect)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        CloseError = error;
        if (!_outbound.Writer.TryWrite(HubMessageWriter.Close(error, allowReconnect)))
        {
            CancelAfter(TimeSpan.Zero);
        }

        _outbound.Writer.TryComplete();
        CancelAfter(CloseGrace);
    }

    /// <summary>Ends the connection the client closed: what is queued is written, then the WebSocket close is answered.</summary>
    public void Complete()
    {
        Interlocked.Exchange(ref _closing, 1);
        _outbound.Writer.TryComplete();
        CancelAfter(CloseGrace);
    }

    /// <summary>Ends the connection without a close message.</summary>
    public void Abort(string error)
    {
        Interlocked.Exchange(ref _closing, 1);
        CloseError ??= error;
        _outbound.Writer.TryComplete();
        CancelAfter(TimeSpan.Zero);
    }

    /// <summary>Called once the connection has ended; a late close from the REST API then does nothing.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _closing, 1);
        _outbound.Writer.TryComplete();
        _aborted.Dispose();
    }

    /// <summary>Writes queued records until the queue is completed, then closes the WebSocket's output.</summary>
    public async Task RunWriterAsync(WebSocket socket)
    {
        try
        {
            await foreach (var record in _outbound.Reader.ReadAllAsync(_aborted.Token).ConfigureAwait(false))
            {
                await socket.SendAsync(record, WebSocketMessageType.Text, endOfMessage: true, _aborted.Token).ConfigureAwait(false);
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, _aborted.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The connection is going away anyway; the reader sees the same end.
            CancelAfter(TimeSpan.Zero);
        }
    }

    private void CancelAfter(TimeSpan delay)
    {
        try
        {
            _aborted.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // The connection has already ended.
        }
    }
}
