using System.Text.Json;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>Receiving Notifier envelopes and sending <c>ack</c>/<c>read</c> events over a JSON-subprotocol socket.</summary>
public static class SocketExtensions
{
    /// <summary>Receives until a server message whose envelope has the given type, skipping acks and other messages.</summary>
    public static async Task<JsonElement> ReceiveEnvelopeAsync(this TestWebSocket socket, string type, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                Assert.Fail($"No '{type}' envelope arrived in time.");
            }

            var message = await socket.ReceiveJsonAsync(remaining);
            if (message.GetProperty("type").GetString() == "message" && message.TryGetProperty("data", out var data))
            {
                var envelope = data.ValueKind == JsonValueKind.String ? JsonDocument.Parse(data.GetString()!).RootElement : data;
                if (envelope.GetProperty("type").GetString() == type)
                {
                    return envelope.Clone();
                }
            }
        }
    }

    private static int s_ackId;

    /// <summary>Sends an <c>ack</c> or <c>read</c> event and waits for the service's ack of it.</summary>
    public static async Task SendEventAsync(this TestWebSocket socket, string name, params string[] ids)
    {
        var ackId = Interlocked.Increment(ref s_ackId);
        await socket.SendJsonAsync(new Dictionary<string, object>
        {
            ["type"] = "event",
            ["event"] = name,
            ["dataType"] = "json",
            ["data"] = new Dictionary<string, object> { ["ids"] = ids },
            ["ackId"] = ackId,
        });
        while (true)
        {
            var message = await socket.ReceiveJsonAsync();
            if (message.GetProperty("type").GetString() == "ack" && message.GetProperty("ackId").GetInt32() == ackId)
            {
                Assert.True(message.GetProperty("success").GetBoolean(), $"The '{name}' event was refused: {message}");
                return;
            }
        }
    }
}
