using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Azure.Core;
using Microsoft.AspNetCore.Http;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Emulator.Tests.Upstream;

public class ConnectEventTests
{
    [Fact]
    public async Task Connect_SendsEveryCloudEventHeader()
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "alice"));
        await using var _ = socket;
        var connectionId = connected.GetProperty("connectionId").GetString()!;
        var connect = await handler.WaitForEventAsync("connect");

        Assert.Equal("/events/chat/connect", connect.Path);
        Assert.Equal("1.0", connect.Header(CloudEventHeaders.SpecVersion));
        Assert.Equal("1.0", connect.Header(CloudEventHeaders.AwpsVersion));
        Assert.Equal("azure.webpubsub.sys.connect", connect.Header(CloudEventHeaders.Type));
        Assert.Equal($"/hubs/chat/client/{connectionId}", connect.Header(CloudEventHeaders.Source));
        Assert.Equal("0", connect.Header(CloudEventHeaders.Id));
        var time = DateTimeOffset.Parse(connect.Header(CloudEventHeaders.Time)!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(TimeSpan.Zero, time.Offset);
        Assert.EndsWith("Z", connect.Header(CloudEventHeaders.Time), StringComparison.Ordinal);
        Assert.True(CloudEventSignature.IsValid(connect.Header(CloudEventHeaders.Signature), connectionId, [EmulatorServer.AccessKey]));
        Assert.Equal(CloudEventSignature.Create(connectionId, [EmulatorServer.AccessKey]), connect.Header(CloudEventHeaders.Signature));
        Assert.Equal("alice", connect.Header(CloudEventHeaders.UserId));
        Assert.Equal(connectionId, connect.Header(CloudEventHeaders.ConnectionId));
        Assert.Equal("chat", connect.Header(CloudEventHeaders.Hub));
        Assert.Equal("connect", connect.Header(CloudEventHeaders.EventName));
        Assert.Null(connect.Header(CloudEventHeaders.Subprotocol));
        Assert.Null(connect.Header(CloudEventHeaders.ConnectionState));
        Assert.Equal(server.Endpoint.Host, connect.Header(CloudEventHeaders.WebHookRequestOrigin));
        Assert.Equal("application/json; charset=utf-8", connect.Header("Content-Type"));
    }

    [Fact]
    public async Task Connect_Anonymous_OmitsUserId()
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var __ = socket;
        var connect = await handler.WaitForEventAsync("connect");

        Assert.Null(connect.Header(CloudEventHeaders.UserId));
        Assert.NotNull(connect.Header(CloudEventHeaders.ConnectionId));
    }

    [Fact]
    public async Task Connect_BodyHasClaimsQueryHeadersAndSubprotocols_WithoutCredentials()
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings());
        var uri = new Uri(server.ClientUri(userId: "alice", roles: ["webpubsub.sendToGroup", "webpubsub.joinLeaveGroup.g1"]).AbsoluteUri + "&foo=bar&foo=baz");

        using var client = new ClientWebSocket();
        client.Options.AddSubProtocol(WebPubSubSubprotocols.Json);
        client.Options.AddSubProtocol("custom.v2");
        client.Options.SetRequestHeader("X-Custom", "hello");
        client.Options.SetRequestHeader("Authorization", "Bearer not-forwarded");
        await client.ConnectAsync(new UriBuilder(uri) { Scheme = "ws" }.Uri, CancellationToken.None);
        var body = (await handler.WaitForEventAsync("connect")).Json();

        var claims = body.GetProperty("claims");
        Assert.Equal("alice", claims.GetProperty("sub")[0].GetString());
        Assert.Equal(["webpubsub.sendToGroup", "webpubsub.joinLeaveGroup.g1"], claims.GetProperty("role").EnumerateArray().Select(r => r.GetString()));
        Assert.All(claims.EnumerateObject(), c => Assert.All(c.Value.EnumerateArray(), v => Assert.Equal(System.Text.Json.JsonValueKind.String, v.ValueKind)));
        Assert.True(claims.TryGetProperty("exp", out _));
        var query = body.GetProperty("query");
        Assert.Equal(["bar", "baz"], query.GetProperty("foo").EnumerateArray().Select(v => v.GetString()));
        Assert.False(query.TryGetProperty("access_token", out _));
        var headers = body.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("hello", headers["X-Custom"][0].GetString());
        Assert.False(headers.ContainsKey("Authorization"));
        Assert.Equal([WebPubSubSubprotocols.Json, "custom.v2"], body.GetProperty("subprotocols").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(0, body.GetProperty("clientCertificates").GetArrayLength());
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task Connect_HubIsMatchedCaseInsensitively_AndSentLowerCased()
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings(hub: "Chat"));

        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(hub: "CHAT"));
        await using var __ = socket;
        var connect = await handler.WaitForEventAsync("connect");

        Assert.Equal("chat", connect.Header(CloudEventHeaders.Hub));
        Assert.Equal("/events/chat/connect", connect.Path);
        Assert.StartsWith("/hubs/chat/client/", connect.Header(CloudEventHeaders.Source), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_ResponseOverridesUserIdGroupsRolesAndSubprotocol()
    {
        await using var handler = await HandlerServer.StartAsync();
        handler.Respond = (request, response) => request.EventName == "connect"
            ? WriteJsonAsync(response, """{"userId":"bob","groups":["g1"],"roles":["webpubsub.joinLeaveGroup.g2"],"subprotocol":"json.webpubsub.azure.v1"}""")
            : HandlerServer.DefaultRespond(request, response);
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        await using var socket = await TestWebSocket.ConnectAsync(
            server.ClientUri(userId: "alice", roles: ["webpubsub.joinLeaveGroup"]),
            WebPubSubSubprotocols.JsonReliable,
            WebPubSubSubprotocols.Json);
        var connected = await socket.ReceiveJsonAsync();

        Assert.Equal(WebPubSubSubprotocols.Json, socket.Socket.SubProtocol);
        Assert.Equal("bob", connected.GetProperty("userId").GetString());
        Assert.False(connected.TryGetProperty("reconnectionToken", out _));

        await server.CreateRestClient().SendToGroupAsync("g1", BinaryData.FromString("to g1"), ContentType.TextPlain);
        var message = await socket.ReceiveJsonAsync();
        Assert.Equal("g1", message.GetProperty("group").GetString());
        Assert.Equal("to g1", message.GetProperty("data").GetString());

        await socket.SendTextAsync("""{"type":"joinGroup","group":"g2","ackId":1}""");
        Assert.True((await socket.ReceiveJsonAsync()).GetProperty("success").GetBoolean());
        await socket.SendTextAsync("""{"type":"joinGroup","group":"g3","ackId":2}""");
        var denied = await socket.ReceiveJsonAsync();
        Assert.False(denied.GetProperty("success").GetBoolean());
        Assert.Equal(AckErrorNames.Forbidden, denied.GetProperty("error").GetProperty("name").GetString());

        var later = await handler.WaitForEventAsync("connected");
        Assert.Equal("bob", later.Header(CloudEventHeaders.UserId));
    }

    [Theory]
    [InlineData(204, "")]
    [InlineData(200, "")]
    [InlineData(200, "null")]
    [InlineData(200, "{}")]
    public async Task Connect_EmptyResponse_AcceptsWithTokenDefaults(int status, string body)
    {
        await using var handler = await HandlerServer.StartAsync();
        handler.Respond = async (request, response) =>
        {
            await HandlerServer.DefaultRespond(request, response);
            if (request.EventName == "connect")
            {
                response.StatusCode = status;
                await response.WriteAsync(body);
            }
        };
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "alice"));
        await using var _ = socket;

        Assert.Equal("alice", connected.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Connect_401_RefusesTheHandshake_AndNoLifecycleEventFollows()
    {
        await using var handler = await HandlerServer.StartAsync();
        handler.Respond = async (request, response) =>
        {
            await HandlerServer.DefaultRespond(request, response);
            if (request.EventName == "connect" && request.Header(CloudEventHeaders.UserId) == "mallory")
            {
                response.StatusCode = StatusCodes.Status401Unauthorized;
                await response.WriteAsync("not you");
            }
        };
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var error = await Assert.ThrowsAsync<WebSocketException>(() => TestWebSocket.ConnectAsync(server.ClientUri(userId: "mallory"), WebPubSubSubprotocols.Json));
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        var rejected = (await handler.WaitForEventAsync("connect")).ConnectionId;

        // A later connection's full lifecycle: by then any event of the rejected one would have been queued before it.
        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "alice"));
        var accepted = connected.GetProperty("connectionId").GetString()!;
        await socket.DisposeAsync();
        await handler.WaitForEventAsync("disconnected", accepted);

        Assert.Equal(["connect"], handler.Events.Where(r => r.ConnectionId == rejected).Select(r => r.EventName));
    }

    [Fact]
    public async Task Connect_InvalidJsonResponse_RefusesWith500()
    {
        await using var handler = await HandlerServer.StartAsync();
        handler.Respond = (request, response) => request.EventName == "connect"
            ? WriteJsonAsync(response, """{"userId": 42}""")
            : HandlerServer.DefaultRespond(request, response);
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var error = await Assert.ThrowsAsync<WebSocketException>(() => TestWebSocket.ConnectAsync(server.ClientUri(), WebPubSubSubprotocols.Json));

        Assert.Contains("500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_503ThenSuccess_IsRetriedWithTheSameEvent()
    {
        await using var handler = await HandlerServer.StartAsync();
        var attempts = 0;
        handler.Respond = async (request, response) =>
        {
            await HandlerServer.DefaultRespond(request, response);
            if (request.EventName == "connect" && Interlocked.Increment(ref attempts) == 1)
            {
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }
        };
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "alice"));
        await using var _ = socket;

        var connects = handler.Events.Where(r => r.EventName == "connect").ToList();
        Assert.Equal(2, connects.Count);
        Assert.All(connects, c => Assert.Equal("0", c.Header(CloudEventHeaders.Id)));
        Assert.All(connects, c => Assert.Equal(connected.GetProperty("connectionId").GetString(), c.ConnectionId));
    }

    [Fact]
    public async Task Connect_503Always_RefusesWith503AfterFourAttempts()
    {
        await using var handler = await HandlerServer.StartAsync();
        handler.Respond = async (request, response) =>
        {
            await HandlerServer.DefaultRespond(request, response);
            if (request.EventName == "connect")
            {
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }
        };
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var error = await Assert.ThrowsAsync<WebSocketException>(() => TestWebSocket.ConnectAsync(server.ClientUri(), WebPubSubSubprotocols.Json));

        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, handler.Events.Count(r => r.EventName == "connect"));
    }

    [Fact]
    public async Task Connect_HandlerUnreachable_RefusesWith500()
    {
        var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings());
        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await socket.DisposeAsync();

        // Validated a moment ago and trusted for a minute; now nothing listens there.
        await handler.DisposeAsync();
        var error = await Assert.ThrowsAsync<WebSocketException>(() => TestWebSocket.ConnectAsync(server.ClientUri(), WebPubSubSubprotocols.Json));

        Assert.Contains("500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_HandlerTimesOut_RefusesWith500()
    {
        await using var handler = await HandlerServer.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        handler.Respond = async (request, response) =>
        {
            if (request.EventName == "connect")
            {
                await release.Task;
            }

            await HandlerServer.DefaultRespond(request, response);
        };
        var settings = handler.Settings();
        settings["WebPubSub:EventHandlerTimeout"] = "00:00:00.300";
        await using var server = await EmulatorServer.StartAsync(settings);

        try
        {
            var error = await Assert.ThrowsAsync<WebSocketException>(() => TestWebSocket.ConnectAsync(server.ClientUri(), WebPubSubSubprotocols.Json));

            Assert.Contains("500", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    [Fact]
    public async Task Connect_NoConnectHandler_AcceptsWithoutCallingOne()
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings(systemEvents: "connected"));

        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "alice"));
        await using var _ = socket;
        var first = await handler.WaitForAsync(r => r.Method == HttpMethods.Post);

        Assert.Equal("connected", first.EventName);
        Assert.Equal("1", first.Header(CloudEventHeaders.Id));
        Assert.Equal("alice", connected.GetProperty("userId").GetString());
    }

    [Theory]
    [InlineData("alice\r\nX-Injected: 1")]
    [InlineData("alice\nX-Injected: 1")]
    [InlineData("alice\u0000")]
    [InlineData("alice\u007f")]
    public async Task Connect_TokenUserIdWithControlCharacters_IsRefusedWith400_AndNeverReachesTheHandler(string userId)
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var error = await Assert.ThrowsAsync<WebSocketException>(() => TestWebSocket.ConnectAsync(server.ClientUri(userId: userId), WebPubSubSubprotocols.Json));
        Assert.Contains("400", error.Message, StringComparison.Ordinal);

        // A later connection's full lifecycle: by then any event of the refused one would have been sent before it.
        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "alice"));
        var accepted = connected.GetProperty("connectionId").GetString()!;
        await socket.DisposeAsync();
        await handler.WaitForEventAsync("disconnected", accepted);

        Assert.All(handler.Events, e => Assert.Equal(accepted, e.ConnectionId));
        Assert.DoesNotContain(handler.Requests, r => r.Headers.ContainsKey("X-Injected"));
        Assert.All(handler.Events, e => Assert.Equal("alice", e.Header(CloudEventHeaders.UserId)));
    }

    [Fact]
    public async Task Connect_ResponseUserIdWithControlCharacters_IsRefusedWith500()
    {
        await using var handler = await HandlerServer.StartAsync();
        handler.Respond = (request, response) => request.EventName == "connect"
            ? WriteJsonAsync(response, """{"userId":"bob\r\nX-Injected: 1"}""")
            : HandlerServer.DefaultRespond(request, response);
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var error = await Assert.ThrowsAsync<WebSocketException>(() => TestWebSocket.ConnectAsync(server.ClientUri(userId: "alice"), WebPubSubSubprotocols.Json));

        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.Equal(["connect"], handler.Events.Select(e => e.EventName));
    }

    [Fact]
    public async Task Connect_NonAsciiUserId_IsStillAccepted()
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "zoë"));
        await using var _ = socket;

        Assert.Equal("zoë", connected.GetProperty("userId").GetString());
        Assert.Equal("zoë", (await handler.WaitForEventAsync("connect")).Header(CloudEventHeaders.UserId));
    }

    internal static Task WriteJsonAsync(HttpResponse response, string json, int status = StatusCodes.Status200OK)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        return response.Body.WriteAsync(Encoding.UTF8.GetBytes(json)).AsTask();
    }
}
