using Microsoft.AspNetCore.Http;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Emulator.Tests.Upstream;

public class LifecycleEventTests
{
    [Fact]
    public async Task ClientClose_SendsConnectedThenDisconnected_ExactlyOnce_WithEveryHeader()
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "alice"));
        var connectionId = connected.GetProperty("connectionId").GetString()!;
        await socket.DisposeAsync();
        var disconnected = await handler.WaitForEventAsync("disconnected", connectionId);
        var events = handler.Events.Where(r => r.ConnectionId == connectionId).ToList();

        Assert.Equal(["connect", "connected", "disconnected"], events.Select(e => e.EventName));
        var connectedEvent = events[1];
        Assert.Equal("azure.webpubsub.sys.connected", connectedEvent.Header(CloudEventHeaders.Type));
        Assert.Equal("azure.webpubsub.sys.disconnected", disconnected.Header(CloudEventHeaders.Type));
        Assert.Equal("1", connectedEvent.Header(CloudEventHeaders.Id));
        Assert.Equal("2", disconnected.Header(CloudEventHeaders.Id));
        foreach (var e in new[] { connectedEvent, disconnected })
        {
            Assert.Equal("/events/chat/" + e.EventName, e.Path);
            Assert.Equal("1.0", e.Header(CloudEventHeaders.SpecVersion));
            Assert.Equal("1.0", e.Header(CloudEventHeaders.AwpsVersion));
            Assert.Equal($"/hubs/chat/client/{connectionId}", e.Header(CloudEventHeaders.Source));
            Assert.NotNull(e.Header(CloudEventHeaders.Time));
            Assert.True(CloudEventSignature.IsValid(e.Header(CloudEventHeaders.Signature), connectionId, [EmulatorServer.AccessKey]));
            Assert.Equal("alice", e.Header(CloudEventHeaders.UserId));
            Assert.Equal("chat", e.Header(CloudEventHeaders.Hub));
            Assert.Equal(e.EventName, e.Header(CloudEventHeaders.EventName));
            Assert.Equal(WebPubSubSubprotocols.Json, e.Header(CloudEventHeaders.Subprotocol));
            Assert.Equal(server.Endpoint.Host, e.Header(CloudEventHeaders.WebHookRequestOrigin));
            Assert.Equal("application/json; charset=utf-8", e.Header("Content-Type"));
        }

        Assert.Equal("{}", connectedEvent.Text);
        Assert.Equal(System.Text.Json.JsonValueKind.String, disconnected.Json().GetProperty("reason").ValueKind);
    }

    [Fact]
    public async Task RestClose_SendsDisconnectedWithTheReason_Once()
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings());
        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "alice"));
        await using var _ = socket;
        var connectionId = connected.GetProperty("connectionId").GetString()!;

        await server.CreateRestClient().CloseConnectionAsync(connectionId, "maintenance");
        var disconnected = await handler.WaitForEventAsync("disconnected", connectionId);
        await socket.ReceiveCloseAsync();

        Assert.Equal("maintenance", disconnected.Json().GetProperty("reason").GetString());
        var events = handler.Events.Where(r => r.ConnectionId == connectionId).Select(r => r.EventName).ToList();
        Assert.Equal(["connect", "connected", "disconnected"], events);
    }

    [Fact]
    public async Task RawClient_LifecycleEvents_HaveNoSubprotocol()
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var socket = await TestWebSocket.ConnectAsync(server.ClientUri());
        await socket.DisposeAsync();
        var disconnected = await handler.WaitForEventAsync("disconnected");
        var connected = await handler.WaitForEventAsync("connected");

        Assert.Null(connected.Header(CloudEventHeaders.Subprotocol));
        Assert.Null(disconnected.Header(CloudEventHeaders.Subprotocol));
        Assert.Null(connected.Header(CloudEventHeaders.UserId));
    }

    [Fact]
    public async Task SlowHandler_DelaysOnlyItsOwnConnection_AndKeepsItsOrder()
    {
        await using var handler = await HandlerServer.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        handler.Respond = async (request, response) =>
        {
            if (request.EventName == "connected" && request.Header(CloudEventHeaders.UserId) == "slow")
            {
                await release.Task;
            }

            await HandlerServer.DefaultRespond(request, response);
        };
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        try
        {
            var (slow, slowConnected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "slow"));
            var slowId = slowConnected.GetProperty("connectionId").GetString()!;
            await handler.WaitForEventAsync("connected", slowId);
            await slow.DisposeAsync();

            var (fast, fastConnected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "fast"));
            var fastId = fastConnected.GetProperty("connectionId").GetString()!;
            await fast.DisposeAsync();
            await handler.WaitForEventAsync("disconnected", fastId);

            // The slow connection's connected call is still held, so its disconnected must still be waiting.
            Assert.DoesNotContain(handler.Events, r => r.ConnectionId == slowId && r.EventName == "disconnected");
            release.SetResult();
            await handler.WaitForEventAsync("disconnected", slowId);
            Assert.Equal(["connect", "connected", "disconnected"], handler.Events.Where(r => r.ConnectionId == slowId).Select(r => r.EventName));
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task FailingConnectedHandler_IsRetried_AndLeavesTheConnectionWorking()
    {
        await using var handler = await HandlerServer.StartAsync();
        handler.Respond = async (request, response) =>
        {
            await HandlerServer.DefaultRespond(request, response);
            if (request.EventName == "connected")
            {
                response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        };
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        var connectionId = connected.GetProperty("connectionId").GetString()!;
        var attempts = await handler.WaitForAsync(r => r.EventName == "connected" && r.ConnectionId == connectionId, 4);
        await socket.SendTextAsync("""{"type":"ping"}""");
        Assert.Equal("pong", (await socket.ReceiveJsonAsync()).GetProperty("type").GetString());
        await socket.DisposeAsync();
        var disconnected = await handler.WaitForEventAsync("disconnected", connectionId);

        Assert.All(attempts, a => Assert.Equal("1", a.Header(CloudEventHeaders.Id)));
        Assert.Equal("2", disconnected.Header(CloudEventHeaders.Id));
    }

    [Fact]
    public async Task NoHandlerForLifecycleEvents_DropsThem()
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings(systemEvents: "connect", eventPattern: "ping.back"));

        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var _ = socket;
        var connectionId = connected.GetProperty("connectionId").GetString()!;
        await socket.SendTextAsync("""{"type":"event","event":"ping.back","dataType":"text","data":"x","ackId":1}""");
        await socket.ReceiveJsonAsync();
        var user = await handler.WaitForEventAsync("ping.back", connectionId);

        // The user event is the connection's first event after connect, so nothing was sent for connected.
        Assert.Equal("1", user.Header(CloudEventHeaders.Id));
        Assert.Equal(["connect", "ping.back"], handler.Events.Where(r => r.ConnectionId == connectionId).Select(r => r.EventName));
    }
}
