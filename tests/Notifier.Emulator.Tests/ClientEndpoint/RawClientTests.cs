using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Emulator.Connections;

namespace Notifier.Emulator.Tests.ClientEndpoint;

public class RawClientTests
{
    [Fact]
    public async Task RawClient_GetsNoEnvelope_TextAndBinaryFramesAsSent()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var raw = await TestWebSocket.ConnectAsync(server.ClientUri(userId: "u", groups: ["g"]));
        var (publisher, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(roles: ["webpubsub.sendToGroup"]));
        await using var _1 = publisher;

        await publisher.SendJsonAsync(new { type = "sendToGroup", group = "g", dataType = "json", data = new { a = 1 } });
        await publisher.SendJsonAsync(new { type = "sendToGroup", group = "g", dataType = "binary", data = Convert.ToBase64String([1, 2, 3]) });

        Assert.Null(raw.Socket.SubProtocol);
        Assert.Equal("{\"a\":1}", await raw.ReceiveTextAsync());
        var (type, data) = await raw.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal([1, 2, 3], data);
    }

    [Fact]
    public async Task SendToGroupMode_PublishesEveryFrame_AndNoEchoSkipsTheSender()
    {
        await using var server = await EmulatorServer.StartAsync();
        var publisherUri = new Uri(server.ClientUri(userId: "pub", roles: ["webpubsub.sendToGroup.g"], groups: ["g"]).AbsoluteUri + "&webpubsub_mode=sendToGroup&group=g&noEcho=true");
        await using var publisher = await TestWebSocket.ConnectAsync(publisherUri);
        var (listener, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "sub", groups: ["g"]));
        await using var _1 = listener;

        await publisher.SendTextAsync("hello");
        var message = await listener.ReceiveJsonAsync();

        Assert.Equal("text", message.GetProperty("dataType").GetString());
        Assert.Equal("hello", message.GetProperty("data").GetString());
        Assert.Equal("pub", message.GetProperty("fromUserId").GetString());
        await publisher.Socket.SendAsync(Encoding.UTF8.GetBytes("second"), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal("second", (await listener.ReceiveJsonAsync()).GetProperty("data").GetString());
    }

    [Fact]
    public async Task RawMessageEvent_WithoutAHandler_ClosesWith1011()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var raw = await TestWebSocket.ConnectAsync(server.ClientUri(userId: "u"));

        await raw.SendTextAsync("hi");

        Assert.Equal(WebSocketCloseStatus.InternalServerError, (await raw.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task UnknownMode_IsRefusedWith400()
    {
        await using var server = await EmulatorServer.StartAsync();

        var error = await Assert.ThrowsAsync<WebSocketException>(() => TestWebSocket.ConnectAsync(new Uri(server.ClientUri().AbsoluteUri + "&webpubsub_mode=shout")));

        Assert.Contains("400", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedMessage_ClosesWith1009()
    {
        await using var server = await EmulatorServer.StartAsync();
        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var _1 = socket;

        var big = "{\"type\":\"event\",\"event\":\"e\",\"dataType\":\"text\",\"data\":\"" + new string('x', 1024 * 1024) + "\"}";
        await socket.SendTextAsync(big);

        Assert.Equal("disconnected", (await socket.ReceiveJsonAsync()).GetProperty("event").GetString());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, (await socket.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task ClientThatStopsReading_IsClosedInsteadOfGrowingMemory()
    {
        await using var server = await EmulatorServer.StartAsync(configure: o => o.OutboundQueueCapacity = 8);
        var (slow, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "slow", groups: ["g"]));
        await using var _1 = slow;
        var (publisher, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(roles: ["webpubsub.sendToGroup"]));
        await using var _2 = publisher;
        var hub = server.Services.GetRequiredService<HubRegistry>().GetOrAdd("chat");
        var slowId = connected.GetProperty("connectionId").GetString()!;
        var chunk = Convert.ToBase64String(new byte[256 * 1024]);

        // The slow client never reads; the kernel buffers fill, then its bounded queue, then the emulator drops it.
        for (var i = 0; i < 400 && hub.ConnectionExists(slowId); i++)
        {
            await publisher.SendJsonAsync(new { type = "sendToGroup", group = "g", dataType = "binary", data = chunk });
        }

        await Eventually.TrueAsync(() => !hub.ConnectionExists(slowId), "the slow client is dropped");
    }
}
