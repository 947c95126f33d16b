using System.Collections.Concurrent;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Emulator.Tests.Upstream;

/// <summary>The emulator calling our own ASP.NET Core event handler (Notifier.Azure.WebPubSub.EventHandler), unchanged.</summary>
public class EventHandlerLibraryEndToEndTests
{
    [Fact]
    public async Task Emulator_DrivesTheAspNetCoreHandler_ThroughEveryEvent()
    {
        var log = new EventLog();
        await using var handlerApp = await StartHandlerAsync(log);
        var handlerUrl = handlerApp.Urls.Single() + "/eventhandler";
        await using var server = await EmulatorServer.StartAsync(new Dictionary<string, string?>
        {
            ["WebPubSub:Hubs:chat:EventHandlers:0:UrlTemplate"] = handlerUrl,
            ["WebPubSub:Hubs:chat:EventHandlers:0:SystemEvents:0"] = "connect",
            ["WebPubSub:Hubs:chat:EventHandlers:0:SystemEvents:1"] = "connected",
            ["WebPubSub:Hubs:chat:EventHandlers:0:SystemEvents:2"] = "disconnected",
            ["WebPubSub:Hubs:chat:EventHandlers:0:EventPattern"] = "*",

            // A handler's 500 is retried before the client gets the error: at the default 1, 3 and 5 s that took 9 of the
            // receive's 10 s, and a busy machine ran out of time.
            ["WebPubSub:EventHandlerRetryDelays:0"] = "00:00:00.050",
            ["WebPubSub:EventHandlerRetryDelays:1"] = "00:00:00.050",
            ["WebPubSub:EventHandlerRetryDelays:2"] = "00:00:00.050",
        });

        // connect: the handler renames the user, adds a group, grants a role and sets state.
        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(new Uri(server.ClientUri(userId: "dora").AbsoluteUri + "&app=demo"));
        var connectionId = connected.GetProperty("connectionId").GetString()!;
        Assert.Equal("dora-verified", connected.GetProperty("userId").GetString());
        var connect = log.Connects.Single();
        Assert.Equal("dora", connect.ConnectionContext.UserId);
        Assert.Equal(["demo"], connect.Query["app"]);
        Assert.False(connect.Query.ContainsKey("access_token"));
        Assert.Equal(["dora"], connect.Claims["sub"]);

        await server.CreateRestClient().SendToGroupAsync("vip", BinaryData.FromString("welcome"), ContentType.TextPlain);
        Assert.Equal("welcome", (await socket.ReceiveJsonAsync()).GetProperty("data").GetString());

        // A user event: the reply (with the state set on connect) comes before the ack.
        await socket.SendTextAsync("""{"type":"event","event":"greet","dataType":"text","data":"hello","ackId":1}""");
        var reply = await socket.ReceiveJsonAsync();
        var ack = await socket.ReceiveJsonAsync();
        Assert.Equal("echo:hello tier=gold", reply.GetProperty("data").GetString());
        Assert.True(ack.GetProperty("success").GetBoolean());

        await socket.SendTextAsync("""{"type":"event","event":"boom","dataType":"json","data":{"x":1},"ackId":2}""");
        Assert.Equal(AckErrorNames.InternalServerError, (await socket.ReceiveJsonAsync()).GetProperty("error").GetProperty("name").GetString());

        // A rejected connect reaches the client as the handshake status.
        var error = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(
            () => TestWebSocket.ConnectAsync(new Uri(server.ClientUri(userId: "eve").AbsoluteUri + "&reject=1"), WebPubSubSubprotocols.Json));
        Assert.Contains("401", error.Message, StringComparison.Ordinal);

        await socket.DisposeAsync();
        var disconnected = await log.WaitForDisconnectedAsync(connectionId);
        Assert.Equal("dora-verified", disconnected.ConnectionContext.UserId);
        Assert.Equal("gold", disconnected.ConnectionContext.ConnectionStates["tier"].ToString());
        Assert.Equal([connectionId], log.Connected.Select(c => c.ConnectionContext.ConnectionId));
        Assert.Single(log.Disconnected);
    }

    private static async Task<WebApplication> StartHandlerAsync(EventLog log)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(log);

        // The emulator's key; its host is the origin abuse protection expects (the port plays no part).
        builder.Services.AddWebPubSubEventHandler<RecordingHandler>(o =>
            o.ConnectionStrings.Add($"Endpoint=http://127.0.0.1;AccessKey={EmulatorServer.AccessKey};Version=1.0;"));
        var app = builder.Build();
        app.MapWebPubSubEventHandler<RecordingHandler>("/eventhandler");
        await app.StartAsync();
        return app;
    }

    public sealed class EventLog
    {
        private readonly ConcurrentQueue<DisconnectedEventRequest> _disconnected = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<ConnectEventRequest> Connects { get; } = new();

        public ConcurrentQueue<ConnectedEventRequest> Connected { get; } = new();

        public IReadOnlyCollection<DisconnectedEventRequest> Disconnected => _disconnected;

        public void AddDisconnected(DisconnectedEventRequest request)
        {
            _disconnected.Enqueue(request);
            Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }

        public async Task<DisconnectedEventRequest> WaitForDisconnectedAsync(string connectionId)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (true)
            {
                var changed = Volatile.Read(ref _changed).Task;
                if (_disconnected.FirstOrDefault(d => d.ConnectionContext.ConnectionId == connectionId) is { } found)
                {
                    return found;
                }

                await changed.WaitAsync(timeout.Token);
            }
        }
    }

    public sealed class RecordingHandler(EventLog log) : WebPubSubEventHandler
    {
        public override ValueTask<EventResponse> OnConnectAsync(ConnectEventRequest request, CancellationToken cancellationToken)
        {
            log.Connects.Enqueue(request);
            if (request.Query.ContainsKey("reject"))
            {
                return ValueTask.FromResult<EventResponse>(request.CreateErrorResponse(EventErrorCode.Unauthorized, "not you"));
            }

            var response = request.CreateResponse($"{request.ConnectionContext.UserId}-verified", ["vip"], null, ["webpubsub.sendToGroup.vip"]);
            response.SetState("tier", BinaryData.FromString("gold"));
            return ValueTask.FromResult<EventResponse>(response);
        }

        public override ValueTask OnConnectedAsync(ConnectedEventRequest request, CancellationToken cancellationToken)
        {
            log.Connected.Enqueue(request);
            return ValueTask.CompletedTask;
        }

        public override ValueTask OnDisconnectedAsync(DisconnectedEventRequest request, CancellationToken cancellationToken)
        {
            log.AddDisconnected(request);
            return ValueTask.CompletedTask;
        }

        public override ValueTask<EventResponse> OnMessageAsync(UserEventRequest request, CancellationToken cancellationToken)
        {
            if (request.ConnectionContext.EventName == "boom")
            {
                return ValueTask.FromResult<EventResponse>(request.CreateErrorResponse(EventErrorCode.ServerError, "boom"));
            }

            var tier = request.ConnectionContext.ConnectionStates.TryGetValue("tier", out var value) ? value.ToString() : "none";
            return ValueTask.FromResult<EventResponse>(request.CreateResponse($"echo:{request.Data} tier={tier}"));
        }
    }
}
