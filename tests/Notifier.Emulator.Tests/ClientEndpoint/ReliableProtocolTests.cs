using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Emulator.Connections;

namespace Notifier.Emulator.Tests.ClientEndpoint;

public class ReliableProtocolTests
{
    private static readonly string[] PublisherRoles = ["webpubsub.sendToGroup", "webpubsub.joinLeaveGroup"];

    [Fact]
    public async Task Messages_CarryIncreasingSequenceIds_AndConnectedCarriesAReconnectionToken()
    {
        await using var server = await EmulatorServer.StartAsync();
        var (reader, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "r", groups: ["feed"]), reliable: true);
        var (publisher, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "p", roles: PublisherRoles));
        await using var _1 = reader;
        await using var _2 = publisher;

        Assert.False(string.IsNullOrEmpty(connected.GetProperty("reconnectionToken").GetString()));
        for (var i = 1; i <= 3; i++)
        {
            await publisher.SendJsonAsync(new { type = "sendToGroup", group = "feed", dataType = "text", data = $"m{i}" });
        }

        for (ulong i = 1; i <= 3; i++)
        {
            var message = await reader.ReceiveJsonAsync();
            Assert.Equal(i, message.GetProperty("sequenceId").GetUInt64());
            Assert.Equal($"m{i}", message.GetProperty("data").GetString());
        }
    }

    [Fact]
    public async Task DroppedConnection_IsRecovered_WithUnackedMessagesReplayedInOrder_AndGroupsKept()
    {
        await using var server = await EmulatorServer.StartAsync();
        var uri = server.ClientUri(userId: "r", groups: ["feed"]);
        var (reader, connected) = await TestWebSocket.ConnectJsonAsync(uri, reliable: true);
        var (publisher, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "p", roles: PublisherRoles));
        await using var _1 = publisher;
        var connectionId = connected.GetProperty("connectionId").GetString()!;
        var token = connected.GetProperty("reconnectionToken").GetString()!;

        await publisher.SendJsonAsync(new { type = "sendToGroup", group = "feed", dataType = "text", data = "m1" });
        await publisher.SendJsonAsync(new { type = "sendToGroup", group = "feed", dataType = "text", data = "m2" });
        Assert.Equal("m1", (await reader.ReceiveJsonAsync()).GetProperty("data").GetString());
        Assert.Equal("m2", (await reader.ReceiveJsonAsync()).GetProperty("data").GetString());
        await reader.SendJsonAsync(new { type = "sequenceAck", sequenceId = 1 });

        // An abort resets the TCP connection, which can discard the ack before the server reads it; the pong proves the
        // server has read everything sent before the ping.
        await reader.SendJsonAsync(new { type = "ping" });
        Assert.Equal("pong", (await reader.ReceiveJsonAsync()).GetProperty("type").GetString());
        reader.Socket.Abort();
        var hub = server.Services.GetRequiredService<HubRegistry>().GetOrAdd("chat");
        await Eventually.TrueAsync(() => hub.TryGetConnection(connectionId, out var c) && !c.IsEnded, "the connection waits for recovery");
        await publisher.SendJsonAsync(new { type = "sendToGroup", group = "feed", dataType = "text", data = "m3" });
        await publisher.SendJsonAsync(new { type = "ping" });
        await publisher.ReceiveJsonAsync();

        var recoveryUri = new Uri($"{uri.AbsoluteUri}&awps_connection_id={connectionId}&awps_reconnection_token={Uri.EscapeDataString(token)}");
        await using var recovered = await TestWebSocket.ConnectAsync(recoveryUri, WebPubSubSubprotocols.JsonReliable);

        var replay = new List<JsonElement> { await recovered.ReceiveJsonAsync(), await recovered.ReceiveJsonAsync() };
        Assert.Equal([2UL, 3UL], replay.Select(m => m.GetProperty("sequenceId").GetUInt64()));
        Assert.Equal(["m2", "m3"], replay.Select(m => m.GetProperty("data").GetString()));

        await publisher.SendJsonAsync(new { type = "sendToGroup", group = "feed", dataType = "text", data = "m4" });
        var next = await recovered.ReceiveJsonAsync();
        Assert.Equal(4UL, next.GetProperty("sequenceId").GetUInt64());
        Assert.True(hub.TryGetConnection(connectionId, out var connection) && connection.IsInGroup("feed"));
    }

    [Fact]
    public async Task RecoveryWithAWrongToken_ClosesWith1008()
    {
        await using var server = await EmulatorServer.StartAsync();
        var uri = server.ClientUri(userId: "r");
        var (reader, connected) = await TestWebSocket.ConnectJsonAsync(uri, reliable: true);
        var connectionId = connected.GetProperty("connectionId").GetString()!;
        reader.Socket.Abort();

        await using var attempt = await TestWebSocket.ConnectAsync(
            new Uri($"{uri.AbsoluteUri}&awps_connection_id={connectionId}&awps_reconnection_token=forged"),
            WebPubSubSubprotocols.JsonReliable);
        var (status, _) = await attempt.ReceiveCloseAsync();

        Assert.Equal(WebPubSubCloseStatus.SessionEnded, status);
    }

    [Fact]
    public async Task AfterTheRecoveryWindow_TheConnectionEnds_AndRecoveryIsRefused()
    {
        await using var server = await EmulatorServer.StartAsync(configure: o => o.RecoveryWindow = TimeSpan.FromMilliseconds(100));
        var uri = server.ClientUri(userId: "r");
        var (reader, connected) = await TestWebSocket.ConnectJsonAsync(uri, reliable: true);
        var connectionId = connected.GetProperty("connectionId").GetString()!;
        var token = connected.GetProperty("reconnectionToken").GetString()!;
        var hub = server.Services.GetRequiredService<HubRegistry>().GetOrAdd("chat");

        reader.Socket.Abort();
        await Eventually.TrueAsync(() => !hub.ConnectionExists(connectionId), "the recovery window expires");

        await using var attempt = await TestWebSocket.ConnectAsync(
            new Uri($"{uri.AbsoluteUri}&awps_connection_id={connectionId}&awps_reconnection_token={Uri.EscapeDataString(token)}"),
            WebPubSubSubprotocols.JsonReliable);
        Assert.Equal(WebPubSubCloseStatus.SessionEnded, (await attempt.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task NormalClientClose_EndsAReliableConnectionAtOnce()
    {
        await using var server = await EmulatorServer.StartAsync();
        var (reader, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "r"), reliable: true);
        var connectionId = connected.GetProperty("connectionId").GetString()!;
        var hub = server.Services.GetRequiredService<HubRegistry>().GetOrAdd("chat");

        await reader.DisposeAsync();

        await Eventually.TrueAsync(() => !hub.ConnectionExists(connectionId), "a normal close ends the connection");
    }
}
