using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Emulator.Tests.Upstream;

public class UserEventTests
{
    [Theory]
    [InlineData("text", "\"héllo\"", "text/plain; charset=utf-8", "héllo")]
    [InlineData("json", """{"a":[1,2]}""", "application/json", """{"a":[1,2]}""")]
    [InlineData("json", "\"quoted\"", "application/json", "\"quoted\"")]
    [InlineData("binary", "\"AAEC/w==\"", "application/octet-stream", null)]
    public async Task JsonEvent_IsSentWithHeadersAndBodyByDataType(string dataType, string data, string contentType, string? expectedText)
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings());
        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "alice"));
        await using var _ = socket;
        var connectionId = connected.GetProperty("connectionId").GetString()!;

        await socket.SendTextAsync($$"""{"type":"event","event":"chat.Message","dataType":"{{dataType}}","data":{{data}},"ackId":5}""");
        var ack = await socket.ReceiveJsonAsync();
        var request = await handler.WaitForEventAsync("chat.Message", connectionId);

        Assert.True(ack.GetProperty("success").GetBoolean());
        Assert.Equal("/events/chat/chat.Message", request.Path);
        Assert.Equal("azure.webpubsub.user.chat.Message", request.Header(CloudEventHeaders.Type));
        Assert.Equal("1.0", request.Header(CloudEventHeaders.SpecVersion));
        Assert.Equal("1.0", request.Header(CloudEventHeaders.AwpsVersion));
        Assert.Equal($"/hubs/chat/client/{connectionId}", request.Header(CloudEventHeaders.Source));
        Assert.Equal("2", request.Header(CloudEventHeaders.Id));
        Assert.NotNull(request.Header(CloudEventHeaders.Time));
        Assert.True(CloudEventSignature.IsValid(request.Header(CloudEventHeaders.Signature), connectionId, [EmulatorServer.AccessKey]));
        Assert.Equal("alice", request.Header(CloudEventHeaders.UserId));
        Assert.Equal("chat", request.Header(CloudEventHeaders.Hub));
        Assert.Equal(WebPubSubSubprotocols.Json, request.Header(CloudEventHeaders.Subprotocol));
        Assert.Equal(server.Endpoint.Host, request.Header(CloudEventHeaders.WebHookRequestOrigin));
        Assert.Equal(contentType, request.Header("Content-Type"));
        if (expectedText is null)
        {
            Assert.Equal(new byte[] { 0, 1, 2, 255 }, request.Body);
        }
        else
        {
            Assert.Equal(expectedText, request.Text);
        }
    }

    [Theory]
    [InlineData("text/plain; charset=utf-8", "pong", "text", "pong")]
    [InlineData("application/json", """{"ok":true}""", "json", """{"ok":true}""")]
    [InlineData("application/octet-stream", "bin", "binary", "Ymlu")]
    [InlineData(null, "bin", "binary", "Ymlu")]
    public async Task JsonEvent_Reply_IsDeliveredBeforeTheAck(string? contentType, string body, string expectedDataType, string expectedData)
    {
        await using var handler = await HandlerServer.StartAsync();
        handler.Respond = async (request, response) =>
        {
            await HandlerServer.DefaultRespond(request, response);
            if (request.EventName == "ask")
            {
                if (contentType is not null)
                {
                    response.ContentType = contentType;
                }

                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
            }
        };
        await using var server = await EmulatorServer.StartAsync(handler.Settings());
        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var __ = socket;

        await socket.SendTextAsync("""{"type":"event","event":"ask","dataType":"text","data":"ping","ackId":1}""");
        var reply = await socket.ReceiveJsonAsync();
        var ack = await socket.ReceiveJsonAsync();

        Assert.Equal("message", reply.GetProperty("type").GetString());
        Assert.Equal("server", reply.GetProperty("from").GetString());
        Assert.Equal(expectedDataType, reply.GetProperty("dataType").GetString());
        var data = reply.GetProperty("data");
        Assert.Equal(expectedData, data.ValueKind == System.Text.Json.JsonValueKind.String ? data.GetString() : data.GetRawText());
        Assert.Equal("ack", ack.GetProperty("type").GetString());
        Assert.True(ack.GetProperty("success").GetBoolean());
    }

    [Theory]
    [InlineData(400, null, null)]
    [InlineData(500, null, null)]
    [InlineData(200, "text/html", "<p>no</p>")]
    [InlineData(200, "application/json", "{not json")]
    public async Task JsonEvent_HandlerFails_AcksInternalServerError_AndTheConnectionStaysOpen(int status, string? contentType, string? body)
    {
        await using var handler = await HandlerServer.StartAsync();
        handler.Respond = async (request, response) =>
        {
            await HandlerServer.DefaultRespond(request, response);
            if (request.EventName == "ask")
            {
                response.StatusCode = status;
                if (contentType is not null)
                {
                    response.ContentType = contentType;
                    await response.WriteAsync(body!);
                }
            }
        };
        await using var server = await EmulatorServer.StartAsync(handler.Settings());
        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var __ = socket;

        await socket.SendTextAsync("""{"type":"event","event":"ask","dataType":"text","data":"ping","ackId":1}""");
        var ack = await socket.ReceiveJsonAsync();
        await socket.SendTextAsync("""{"type":"ping"}""");

        Assert.Equal("ack", ack.GetProperty("type").GetString());
        Assert.False(ack.GetProperty("success").GetBoolean());
        Assert.Equal(AckErrorNames.InternalServerError, ack.GetProperty("error").GetProperty("name").GetString());
        Assert.Equal("pong", (await socket.ReceiveJsonAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task JsonEvent_NoMatchingHandler_AcksInternalServerError()
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings(eventPattern: "other, ASK.LATER"));
        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var _ = socket;
        var connectionId = connected.GetProperty("connectionId").GetString()!;

        await socket.SendTextAsync("""{"type":"event","event":"ask","dataType":"text","data":"x","ackId":1}""");
        var failed = await socket.ReceiveJsonAsync();
        await socket.SendTextAsync("""{"type":"event","event":"ask.later","dataType":"text","data":"x","ackId":2}""");
        var succeeded = await socket.ReceiveJsonAsync();

        Assert.Equal(AckErrorNames.InternalServerError, failed.GetProperty("error").GetProperty("name").GetString());
        Assert.True(succeeded.GetProperty("success").GetBoolean());
        Assert.DoesNotContain(handler.Events, r => r.EventName == "ask");
        Assert.Single(handler.Events, r => r.EventName == "ask.later" && r.ConnectionId == connectionId);
    }

    [Fact]
    public async Task JsonEvent_503ThenSuccess_IsRetriedWithTheSameId_AndReplies()
    {
        await using var handler = await HandlerServer.StartAsync();
        var attempts = 0;
        handler.Respond = async (request, response) =>
        {
            await HandlerServer.DefaultRespond(request, response);
            if (request.EventName == "ask")
            {
                if (Interlocked.Increment(ref attempts) == 1)
                {
                    response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                }

                response.ContentType = "text/plain";
                await response.WriteAsync("second time lucky");
            }
        };
        await using var server = await EmulatorServer.StartAsync(handler.Settings());
        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var __ = socket;

        await socket.SendTextAsync("""{"type":"event","event":"ask","dataType":"text","data":"x","ackId":1}""");
        var reply = await socket.ReceiveJsonAsync();
        var ack = await socket.ReceiveJsonAsync();

        Assert.Equal("second time lucky", reply.GetProperty("data").GetString());
        Assert.True(ack.GetProperty("success").GetBoolean());
        var tries = handler.Events.Where(r => r.EventName == "ask").ToList();
        Assert.Equal(2, tries.Count);
        Assert.Equal(tries[0].Header(CloudEventHeaders.Id), tries[1].Header(CloudEventHeaders.Id));
    }

    [Fact]
    public async Task RawClient_MessageEvent_RepliesWithFramesOfTheReplyType()
    {
        await using var handler = await HandlerServer.StartAsync();
        handler.Respond = async (request, response) =>
        {
            await HandlerServer.DefaultRespond(request, response);
            if (request.EventName == "message")
            {
                response.ContentType = request.Header("Content-Type")!.StartsWith("text/plain", StringComparison.Ordinal) ? "text/plain" : "application/octet-stream";
                await response.Body.WriteAsync((byte[])[.. "echo:"u8, .. request.Body]);
            }
        };
        await using var server = await EmulatorServer.StartAsync(handler.Settings());
        await using var socket = await TestWebSocket.ConnectAsync(server.ClientUri(userId: "raw"));

        await socket.SendTextAsync("hello");
        var text = await socket.ReceiveAsync();
        await socket.SendBinaryAsync([1, 2, 3]);
        var binary = await socket.ReceiveAsync();

        Assert.Equal(WebSocketMessageType.Text, text.Type);
        Assert.Equal("echo:hello", Encoding.UTF8.GetString(text.Data));
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal([.. "echo:"u8, 1, 2, 3], binary.Data);
        var events = handler.Events.Where(r => r.EventName == "message").ToList();
        Assert.Equal("azure.webpubsub.user.message", events[0].Header(CloudEventHeaders.Type));
        Assert.Equal("text/plain; charset=utf-8", events[0].Header("Content-Type"));
        Assert.Equal("application/octet-stream", events[1].Header("Content-Type"));
        Assert.Null(events[0].Header(CloudEventHeaders.Subprotocol));
        Assert.Equal("raw", events[0].Header(CloudEventHeaders.UserId));
    }

    [Fact]
    public async Task RawClient_HandlerFails_ClosesWith1011_ThenDisconnected()
    {
        await using var handler = await HandlerServer.StartAsync();
        handler.Respond = async (request, response) =>
        {
            await HandlerServer.DefaultRespond(request, response);
            if (request.EventName == "message")
            {
                response.StatusCode = StatusCodes.Status400BadRequest;
            }
        };
        await using var server = await EmulatorServer.StartAsync(handler.Settings());
        await using var socket = await TestWebSocket.ConnectAsync(server.ClientUri());
        var connectionId = (await handler.WaitForEventAsync("connect")).ConnectionId;

        await socket.SendTextAsync("hello");
        var (status, _) = await socket.ReceiveCloseAsync();
        await handler.WaitForEventAsync("disconnected", connectionId);

        Assert.Equal(WebSocketCloseStatus.InternalServerError, status);
        Assert.Single(handler.Events, r => r.EventName == "disconnected" && r.ConnectionId == connectionId);
    }

    [Fact]
    public async Task ConnectionState_SetOnConnect_IsEchoed_AndAUserEventResponseReplacesIt()
    {
        await using var handler = await HandlerServer.StartAsync();
        handler.Respond = async (request, response) =>
        {
            await HandlerServer.DefaultRespond(request, response);
            if (request.EventName == "connect")
            {
                response.Headers[CloudEventHeaders.ConnectionState] = "c3RhdGUtMQ==";
            }
            else if (request.EventName == "update")
            {
                response.Headers[CloudEventHeaders.ConnectionState] = "c3RhdGUtMg==";
                response.StatusCode = StatusCodes.Status204NoContent;
            }
        };
        await using var server = await EmulatorServer.StartAsync(handler.Settings());
        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        var connectionId = connected.GetProperty("connectionId").GetString()!;

        await socket.SendTextAsync("""{"type":"event","event":"update","dataType":"text","data":"x","ackId":1}""");
        Assert.True((await socket.ReceiveJsonAsync()).GetProperty("success").GetBoolean());
        await socket.SendTextAsync("""{"type":"event","event":"read","dataType":"text","data":"x","ackId":2}""");
        Assert.True((await socket.ReceiveJsonAsync()).GetProperty("success").GetBoolean());
        await socket.DisposeAsync();
        var disconnected = await handler.WaitForEventAsync("disconnected", connectionId);

        Assert.Equal("c3RhdGUtMQ==", (await handler.WaitForEventAsync("connected", connectionId)).Header(CloudEventHeaders.ConnectionState));
        Assert.Equal("c3RhdGUtMQ==", (await handler.WaitForEventAsync("update", connectionId)).Header(CloudEventHeaders.ConnectionState));
        Assert.Equal("c3RhdGUtMg==", (await handler.WaitForEventAsync("read", connectionId)).Header(CloudEventHeaders.ConnectionState));
        Assert.Equal("c3RhdGUtMg==", disconnected.Header(CloudEventHeaders.ConnectionState));
    }

    [Fact]
    public async Task SlowUserEventHandler_DoesNotDelayAnotherConnection()
    {
        await using var handler = await HandlerServer.StartAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        handler.Respond = async (request, response) =>
        {
            if (request.EventName == "ask" && request.Header(CloudEventHeaders.UserId) == "slow")
            {
                await release.Task;
            }

            await HandlerServer.DefaultRespond(request, response);
        };
        await using var server = await EmulatorServer.StartAsync(handler.Settings());
        var (slow, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "slow"));
        var (fast, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "fast"));
        await using var _1 = slow;
        await using var _2 = fast;

        try
        {
            await slow.SendTextAsync("""{"type":"event","event":"ask","dataType":"text","data":"x","ackId":1}""");
            await handler.WaitForAsync(r => r.EventName == "ask" && r.Header(CloudEventHeaders.UserId) == "slow");
            await fast.SendTextAsync("""{"type":"event","event":"ask","dataType":"text","data":"x","ackId":1}""");

            Assert.True((await fast.ReceiveJsonAsync()).GetProperty("success").GetBoolean());
            release.SetResult();
            Assert.True((await slow.ReceiveJsonAsync()).GetProperty("success").GetBoolean());
        }
        finally
        {
            release.TrySetResult();
        }
    }
}
