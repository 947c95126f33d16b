using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Notifier.Emulator.Tests.SignalR.Infrastructure;

/// <summary>
/// A hand-driven SignalR client on a plain WebSocket, for what Microsoft's clients never do: split or merge records
/// across frames, ask for another protocol, stay silent. Records are read by the record separator.
/// </summary>
public sealed class RawSignalRClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly StringBuilder _pending = new();

    private RawSignalRClient(ClientWebSocket socket, string connectionId)
    {
        _socket = socket;
        ConnectionId = connectionId;
    }

    public string ConnectionId { get; }

    public WebSocketState State => _socket.State;

    /// <summary>Negotiates with the emulator and opens the WebSocket; no handshake is sent yet.</summary>
    public static async Task<RawSignalRClient> OpenAsync(ServerlessEnvironment environment, string userId)
    {
        var access = await environment.Rest.GetClientAccessAsync(userId);
        using var http = new HttpClient();
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, new Uri(access.Url.AbsoluteUri.Replace("/client/?", "/client/negotiate?", StringComparison.Ordinal) + "&negotiateVersion=1"));
        negotiate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access.AccessToken);
        using var response = await http.SendAsync(negotiate);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var connectionId = body.RootElement.GetProperty("connectionId").GetString()!;
        var token = body.RootElement.GetProperty("connectionToken").GetString()!;

        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + access.AccessToken);
        var url = new UriBuilder(access.Url) { Scheme = "ws" };
        url.Query = url.Query.TrimStart('?') + "&id=" + Uri.EscapeDataString(token);
        await socket.ConnectAsync(url.Uri, CancellationToken.None);
        return new RawSignalRClient(socket, connectionId);
    }

    /// <summary>Sends text as one frame, exactly as given (records need their own separators).</summary>
    public Task SendFrameAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next record (without its separator), or null when the server closed the WebSocket.</summary>
    public async Task<string?> ReceiveRecordAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf('\u001e', StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return text[..end];
            }

            var result = await _socket.ReceiveAsync(buffer, cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            _pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }

    /// <summary>Reads records until one satisfies <paramref name="match"/>; fails if the server closes first.</summary>
    public async Task<string> ReceiveUntilAsync(Func<string, bool> match)
    {
        while (true)
        {
            var record = await ReceiveRecordAsync() ?? throw new Xunit.Sdk.XunitException("The server closed the WebSocket first.");
            if (match(record))
            {
                return record;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }
}
