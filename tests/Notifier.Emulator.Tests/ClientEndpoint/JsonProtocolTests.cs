using System.Net.WebSockets;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Emulator.Tests.ClientEndpoint;

public class JsonProtocolTests
{
    [Fact]
    public async Task Connect_SendsSystemConnectedWithUserAndConnectionId()
    {
        await using var server = await EmulatorServer.StartAsync();

        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "alice"));
        await using var owned = socket;

        Assert.Equal("alice", connected.GetProperty("userId").GetString());
        Assert.Equal(32, connected.GetProperty("connectionId").GetString()!.Length);
        Assert.False(connected.TryGetProperty("reconnectionToken", out _));
        Assert.Equal(WebPubSubSubprotocols.Json, socket.Socket.SubProtocol);
    }

    [Fact]
    public async Task Ping_IsAnsweredWithPong()
    {
        await using var server = await EmulatorServer.StartAsync();
        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var __ = socket;

        await socket.SendTextAsync("""{"type":"ping"}""");

        Assert.Equal("pong", (await socket.ReceiveJsonAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task JoinGroup_WithoutPermission_IsForbidden_WithPermission_ThenReceivesGroupMessages()
    {
        await using var server = await EmulatorServer.StartAsync();
        var (plain, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "bob"));
        var (member, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "carol", roles: ["webpubsub.joinLeaveGroup.news", "webpubsub.sendToGroup"]));
        await using var _1 = plain;
        await using var _2 = member;

        await plain.SendTextAsync("""{"type":"joinGroup","group":"news","ackId":1}""");
        var denied = await plain.ReceiveJsonAsync();
        Assert.Equal("ack", denied.GetProperty("type").GetString());
        Assert.False(denied.GetProperty("success").GetBoolean());
        Assert.Equal(AckErrorNames.Forbidden, denied.GetProperty("error").GetProperty("name").GetString());

        await member.SendTextAsync("""{"type":"joinGroup","group":"news","ackId":1}""");
        Assert.True((await member.ReceiveJsonAsync()).GetProperty("success").GetBoolean());

        await member.SendTextAsync("""{"type":"sendToGroup","group":"news","dataType":"json","data":{"headline":"hi"}}""");
        var message = await member.ReceiveJsonAsync();
        Assert.Equal("message", message.GetProperty("type").GetString());
        Assert.Equal("group", message.GetProperty("from").GetString());
        Assert.Equal("news", message.GetProperty("group").GetString());
        Assert.Equal("carol", message.GetProperty("fromUserId").GetString());
        Assert.Equal("hi", message.GetProperty("data").GetProperty("headline").GetString());
    }

    [Fact]
    public async Task RepeatedAckId_IsAnsweredDuplicate()
    {
        await using var server = await EmulatorServer.StartAsync();
        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(roles: ["webpubsub.joinLeaveGroup"]));
        await using var __ = socket;

        await socket.SendTextAsync("""{"type":"joinGroup","group":"g","ackId":7}""");
        Assert.True((await socket.ReceiveJsonAsync()).GetProperty("success").GetBoolean());
        await socket.SendTextAsync("""{"type":"leaveGroup","group":"g","ackId":7}""");
        var duplicate = await socket.ReceiveJsonAsync();

        Assert.False(duplicate.GetProperty("success").GetBoolean());
        Assert.Equal(AckErrorNames.Duplicate, duplicate.GetProperty("error").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"teleport"}""")]
    [InlineData("""{"group":"g"}""")]
    [InlineData("""{"type":"sendToGroup","group":"g","dataType":"binary","data":"***"}""")]
    public async Task MalformedMessage_ClosesWith1007(string frame)
    {
        await using var server = await EmulatorServer.StartAsync();
        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var __ = socket;

        await socket.SendTextAsync(frame);
        var disconnected = await socket.ReceiveJsonAsync();
        var (status, _) = await socket.ReceiveCloseAsync();

        Assert.Equal("disconnected", disconnected.GetProperty("event").GetString());
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, status);
    }

    [Fact]
    public async Task BadToken_IsRefusedWith401BeforeTheUpgrade()
    {
        await using var server = await EmulatorServer.StartAsync();
        var uri = new Uri(server.ClientUri().AbsoluteUri[..^4] + "xxxx");

        var error = await Assert.ThrowsAsync<WebSocketException>(() => TestWebSocket.ConnectAsync(uri, WebPubSubSubprotocols.Json));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }
}
