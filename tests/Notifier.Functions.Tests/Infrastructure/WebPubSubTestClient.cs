using System.Text.Json;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>A Web PubSub client over a real WebSocket with the JSON subprotocol.</summary>
public sealed class WebPubSubTestClient : IRealtimeTestClient
{
    private static int s_ackId = 1_000_000;
    private readonly TestWebSocket _socket;

    private WebPubSubTestClient(TestWebSocket socket, string connectionId)
    {
        _socket = socket;
        ConnectionId = connectionId;
    }

    public string ConnectionId { get; }

    public static async Task<IRealtimeTestClient> ConnectAsync(JsonElement negotiated, Func<Uri, Uri>? route)
    {
        var url = new Uri(negotiated.GetProperty("url").GetString()!);
        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(route is null ? url : route(url));
        return new WebPubSubTestClient(socket, connected.GetProperty("connectionId").GetString()!);
    }

    public Task<JsonElement> ReceiveEnvelopeAsync(string type, TimeSpan? timeout = null) => _socket.ReceiveEnvelopeAsync(type, timeout);

    public async Task<JsonElement> ReceiveAnyEnvelopeAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await _socket.ReceiveJsonAsync(timeout);
            if (message.GetProperty("type").GetString() == "message" && message.TryGetProperty("data", out var data))
            {
                return (data.ValueKind == JsonValueKind.String ? JsonDocument.Parse(data.GetString()!).RootElement : data).Clone();
            }
        }
    }

    public Task SendEventAsync(string name, params string[] ids) => _socket.SendEventAsync(name, ids);

    public async Task<string?> TrySendEventAsync(string name, object data)
    {
        var ackId = Interlocked.Increment(ref s_ackId);
        await _socket.SendJsonAsync(new { type = "event", @event = name, dataType = "json", data, ackId });
        while (true)
        {
            var message = await _socket.ReceiveJsonAsync();
            if (message.GetProperty("type").GetString() == "ack" && message.GetProperty("ackId").GetInt32() == ackId)
            {
                return message.GetProperty("success").GetBoolean() ? null : message.GetProperty("error").GetRawText();
            }
        }
    }

    public async Task<string?> ClosedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var message = await _socket.ReceiveJsonAsync(deadline - DateTime.UtcNow);
                if (message.GetProperty("type").GetString() == "system" && message.GetProperty("event").GetString() == "disconnected")
                {
                    return message.TryGetProperty("message", out var reason) ? reason.GetString() : null;
                }
            }
            catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or InvalidOperationException)
            {
                return ex.Message;
            }
        }

        Assert.Fail("The connection stayed open.");
        return null;
    }

    public ValueTask DisposeAsync() => _socket.DisposeAsync();
}
