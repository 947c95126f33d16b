using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;

namespace Notifier.Bench.FunctionsBench;

/// <summary>
/// Deliveries seen by the clients, by phase. Every notification the benchmark publishes has the title
/// <c>&lt;phase letter&gt;&lt;Stopwatch timestamp at publish start&gt;-&lt;counter&gt;</c> (not its id, which the app
/// chooses when the publisher sends none), so a receipt gives both its phase and its end-to-end latency.
/// </summary>
internal sealed class DeliverySink
{
    private readonly PhaseDeliveries?[] _phases = new PhaseDeliveries?[128];
    private long _drops;

    public long Drops => Interlocked.Read(ref _drops);

    public PhaseDeliveries Open(char letter) => _phases[letter] = new PhaseDeliveries();

    public void Scan(ReadOnlySpan<byte> message, long now)
    {
        var at = message.IndexOf("\"title\":\""u8);
        if (at < 0)
        {
            return;
        }

        var id = message[(at + 9)..];
        if (id.Length < 2 || id[0] >= _phases.Length || _phases[id[0]] is not { } phase)
        {
            return;
        }

        if (Utf8Parser.TryParse(id[1..], out long sent, out _))
        {
            phase.Record(sent, now);
        }
    }

    public void ClientDropped() => Interlocked.Increment(ref _drops);
}

/// <summary>Receipts of one phase.</summary>
internal sealed class PhaseDeliveries
{
    private long _received;
    private long _lastReceipt;

    public Samples Latency { get; } = new();

    public long Received => Interlocked.Read(ref _received);

    public long LastReceipt => Interlocked.Read(ref _lastReceipt);

    public void Record(long sent, long now)
    {
        Interlocked.Increment(ref _received);
        Latency.Add(Stats.Milliseconds(sent, now));
        long last;
        while ((last = Interlocked.Read(ref _lastReceipt)) < now && Interlocked.CompareExchange(ref _lastReceipt, now, last) != last)
        {
        }
    }
}

/// <summary>One Web PubSub client (JSON subprotocol): connects to a negotiated URL, then reads until the socket ends.</summary>
internal sealed class BenchClient : IDisposable
{
    public const string Subprotocol = "json.webpubsub.azure.v1";

    private readonly ClientWebSocket _socket = new();
    private byte[] _buffer = new byte[8192];

    public async Task ConnectAsync(Uri url, CancellationToken cancellationToken)
    {
        _socket.Options.AddSubProtocol(Subprotocol);
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
    }

    public async Task RunAsync(DeliverySink sink)
    {
        try
        {
            while (true)
            {
                var length = 0;
                while (true)
                {
                    if (length == _buffer.Length)
                    {
                        Array.Resize(ref _buffer, _buffer.Length * 2);
                    }

                    var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        sink.ClientDropped();
                        return;
                    }

                    length += result.Count;
                    if (result.EndOfMessage)
                    {
                        break;
                    }
                }

                sink.Scan(_buffer.AsSpan(0, length), Stopwatch.GetTimestamp());
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            sink.ClientDropped();
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
}
