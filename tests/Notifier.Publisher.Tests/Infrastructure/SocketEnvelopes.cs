using System.Text.Json;
using Notifier.Testing.WebSockets;

namespace Notifier.Publisher.Tests.Infrastructure;

/// <summary>Receiving Notifier envelopes over a JSON-subprotocol socket.</summary>
public static class SocketEnvelopes
{
    /// <summary>Receives until a notification envelope arrives (skipping other messages) and returns its payload.</summary>
    public static async Task<JsonElement> ReceiveNotificationAsync(this TestWebSocket socket, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            Assert.True(remaining > TimeSpan.Zero, "No notification arrived in time.");
            var message = await socket.ReceiveJsonAsync(remaining);
            if (message.GetProperty("type").GetString() == "message" && message.TryGetProperty("data", out var data))
            {
                var envelope = data.ValueKind == JsonValueKind.String ? JsonDocument.Parse(data.GetString()!).RootElement : data;
                if (envelope.GetProperty("type").GetString() == "notification")
                {
                    return envelope.GetProperty("payload").Clone();
                }
            }
        }
    }
}
