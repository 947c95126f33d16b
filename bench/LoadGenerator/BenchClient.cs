using System.Diagnostics;
using System.Net.WebSockets;

namespace Notifier.Bench.LoadGenerator;

/// <summary>One WebSocket client: connects (with the SignalR handshake where needed), then reads until the socket ends.</summary>
internal sealed class BenchClient : IDisposable
{
    private static readonly byte[] SignalRHandshake = "{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray();
    private static readonly byte[] SignalRPing = "{\"type\":6}\u001e"u8.ToArray();

    private readonly ClientWebSocket _socket = new();
    private byte[] _buffer = new byte[4096];

    public WebSocketState State => _socket.State;

    public async Task ConnectAsync(ServerTarget target, CancellationToken cancellationToken)
    {
        // The servers ping; a client answers pings while it reads, and sends none of its own.
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (target.Subprotocol is { } subprotocol)
        {
            _socket.Options.AddSubProtocol(subprotocol);
        }

        await _socket.ConnectAsync(target.ClientUri, cancellationToken).ConfigureAwait(false);
        if (target.IsSignalR)
        {
            await _socket.SendAsync(SignalRHandshake, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            var length = await ReceiveMessageAsync(cancellationToken).ConfigureAwait(false);
            var response = _buffer.AsSpan(0, length);
            var end = response.IndexOf((byte)0x1e);
            if (end < 0 || response[..end].IndexOf("\"error\""u8) >= 0)
            {
                throw new WebSocketException("The SignalR handshake failed: " + System.Text.Encoding.UTF8.GetString(response));
            }
        }
    }

    /// <summary>Reads messages and reports the broadcasts in them until the socket closes or breaks.</summary>
    public async Task RunAsync(DeliverySink sink)
    {
        try
        {
            while (true)
            {
                var length = await ReceiveMessageAsync(CancellationToken.None).ConfigureAwait(false);
                if (length < 0)
                {
                    break;
                }

                BroadcastPayload.Scan(_buffer.AsSpan(0, length), Stopwatch.GetTimestamp(), sink.Current);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
        }

        sink.ClientDropped();
    }

    /// <summary>A SignalR keep-alive, so the hub does not time the client out.</summary>
    public async Task PingAsync()
    {
        try
        {
            await _socket.SendAsync(SignalRPing, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
        }
    }

    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            _socket.Abort();
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>One whole message into <see cref="_buffer"/>; its length, or -1 when the socket closed.</summary>
    private async Task<int> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return -1;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return length;
            }
        }
    }
}
