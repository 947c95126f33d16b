using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Notifier.Azure.WebPubSub.Protocol;
using Xunit;

namespace Notifier.Testing.WebSockets;

/// <summary>A real client WebSocket with helpers to send JSON and await frames with a timeout.</summary>
public sealed class TestWebSocket : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket;

    private TestWebSocket(ClientWebSocket socket)
    {
        _socket = socket;
    }

    public ClientWebSocket Socket => _socket;

    public static async Task<TestWebSocket> ConnectAsync(Uri uri, params string[] subprotocols)
    {
        var socket = new ClientWebSocket();
        foreach (var protocol in subprotocols)
        {
            socket.Options.AddSubProtocol(protocol);
        }

        var wsUri = new UriBuilder(uri) { Scheme = uri.Scheme is "https" or "wss" ? "wss" : "ws" }.Uri;
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(wsUri, timeout.Token);
        return new TestWebSocket(socket);
    }

    /// <summary>Opens a JSON-subprotocol connection and reads its <c>system/connected</c> message.</summary>
    public static async Task<(TestWebSocket Socket, JsonElement Connected)> ConnectJsonAsync(Uri uri, bool reliable = false)
    {
        var socket = await ConnectAsync(uri, reliable ? WebPubSubSubprotocols.JsonReliable : WebPubSubSubprotocols.Json);
        var connected = await socket.ReceiveJsonAsync();
        Assert.Equal("system", connected.GetProperty("type").GetString());
        Assert.Equal("connected", connected.GetProperty("event").GetString());
        return (socket, connected);
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBinaryAsync(byte[] bytes) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);

    public Task SendJsonAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    /// <summary>The next data frame; throws when the socket closes or nothing arrives in time.</summary>
    public async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var result = await _socket.ReceiveAsync(chunk, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException($"The server closed the socket: {result.CloseStatus} {result.CloseStatusDescription}");
            }

            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, buffer.ToArray());
            }
        }
    }

    public async Task<string> ReceiveTextAsync(TimeSpan? timeout = null)
    {
        var (type, data) = await ReceiveAsync(timeout);
        Assert.Equal(WebSocketMessageType.Text, type);
        return Encoding.UTF8.GetString(data);
    }

    public async Task<JsonElement> ReceiveJsonAsync(TimeSpan? timeout = null) =>
        JsonDocument.Parse(await ReceiveTextAsync(timeout)).RootElement.Clone();

    /// <summary>Reads until the server's close frame; returns its status and description.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Description)> ReceiveCloseAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var chunk = new byte[8192];
        while (true)
        {
            var result = await _socket.ReceiveAsync(chunk, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (result.CloseStatus, result.CloseStatusDescription);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }
}
