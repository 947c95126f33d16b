using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Emulator.Upstream;
using Notifier.Testing.Time;

namespace Notifier.Emulator.Tests.Upstream;

public class AbuseProtectionTests
{
    [Fact]
    public async Task Handler_IsValidatedWithOptions_BeforeItsFirstEvent()
    {
        await using var handler = await HandlerServer.StartAsync();
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var __ = socket;
        await handler.WaitForEventAsync("connect");
        var requests = handler.Requests;
        var validation = requests[0];

        Assert.Equal(HttpMethods.Options, validation.Method);
        Assert.Equal("/events/chat/validate", validation.Path);
        Assert.Equal(server.Endpoint.Host, validation.Header(CloudEventHeaders.WebHookRequestOrigin));
        Assert.Equal("127.0.0.1", validation.Header(CloudEventHeaders.WebHookRequestOrigin));
        Assert.Equal("1.0", validation.Header(CloudEventHeaders.AwpsVersion));
        Assert.Null(validation.Header(CloudEventHeaders.Signature));
        Assert.Empty(validation.Body);
        Assert.True(requests.ToList().FindIndex(r => r.EventName == "connect") > 0);
    }

    [Fact]
    public async Task StartUp_ValidatesEveryConfiguredHandler_WithoutWaitingForAClient()
    {
        await using var handler = await HandlerServer.StartAsync();
        var settings = handler.Settings();
        foreach (var (key, value) in handler.Settings(hub: "News"))
        {
            settings[key] = value;
        }

        await using var server = await EmulatorServer.StartAsync(settings);

        await handler.WaitForAsync(r => r.Method == HttpMethods.Options && r.Path == "/events/chat/validate");
        await handler.WaitForAsync(r => r.Method == HttpMethods.Options && r.Path == "/events/news/validate");
        Assert.Empty(handler.Events);
    }

    [Theory]
    [InlineData(200, null)]
    [InlineData(200, "other.example")]
    [InlineData(403, "*")]
    [InlineData(500, "*")]
    public async Task HandlerNotAllowed_ConnectIsRefusedWith500_AndNothingIsPosted(int status, string? allowedOrigin)
    {
        await using var handler = await HandlerServer.StartAsync((request, response) =>
        {
            response.StatusCode = status;
            if (allowedOrigin is not null)
            {
                response.Headers[CloudEventHeaders.WebHookAllowedOrigin] = allowedOrigin;
            }

            return Task.CompletedTask;
        });
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var error = await Assert.ThrowsAsync<WebSocketException>(() => TestWebSocket.ConnectAsync(server.ClientUri(), WebPubSubSubprotocols.Json));

        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(handler.Requests);
        Assert.All(handler.Requests, r => Assert.Equal(HttpMethods.Options, r.Method));
    }

    [Fact]
    public async Task OptionsNotFound_FallsBackToGet()
    {
        await using var handler = await HandlerServer.StartAsync((request, response) =>
        {
            if (request.Method == HttpMethods.Options)
            {
                response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return HandlerServer.DefaultRespond(request, response);
        });
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var __ = socket;
        var get = await handler.WaitForAsync(r => r.Method == HttpMethods.Get);

        Assert.Equal("/events/chat/validate", get.Path);
        Assert.Equal("127.0.0.1", get.Header(CloudEventHeaders.WebHookRequestOrigin));
        Assert.Equal("1.0", get.Header(CloudEventHeaders.AwpsVersion));
        await handler.WaitForEventAsync("connect");
    }

    [Theory]
    [InlineData("a.example, 127.0.0.1")]
    [InlineData("a.example", "127.0.0.1")]
    [InlineData("A.EXAMPLE,*")]
    public async Task AllowedOrigins_AListOrRepeatedHeaders_ContainingOurs_Allow(params string[] values)
    {
        await using var handler = await HandlerServer.StartAsync((request, response) =>
        {
            if (request.Method == HttpMethods.Options)
            {
                response.Headers.Append(CloudEventHeaders.WebHookAllowedOrigin, values);
            }

            return Task.CompletedTask;
        });
        await using var server = await EmulatorServer.StartAsync(handler.Settings());

        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var __ = socket;

        await handler.WaitForEventAsync("connect");
    }

    [Fact]
    public async Task ConfiguredOrigin_IsSent_AndMustBeAllowed()
    {
        await using var handler = await HandlerServer.StartAsync((request, response) =>
        {
            if (request.Method == HttpMethods.Options)
            {
                response.Headers[CloudEventHeaders.WebHookAllowedOrigin] = "emulator.example";
            }

            return Task.CompletedTask;
        });
        var settings = handler.Settings();
        settings["WebPubSub:WebHookRequestOrigin"] = "emulator.example";
        await using var server = await EmulatorServer.StartAsync(settings);

        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var __ = socket;
        var connect = await handler.WaitForEventAsync("connect");

        Assert.Equal("emulator.example", connect.Header(CloudEventHeaders.WebHookRequestOrigin));
    }

    [Fact]
    public async Task UserEventHandlerNotAllowed_TheEventFails_AndIsNotPosted()
    {
        await using var lifecycle = await HandlerServer.StartAsync();
        await using var refusing = await HandlerServer.StartAsync((_, response) =>
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        });
        var settings = lifecycle.Settings(eventPattern: null);
        settings["WebPubSub:Hubs:chat:EventHandlers:1:UrlTemplate"] = refusing.UrlTemplate;
        settings["WebPubSub:Hubs:chat:EventHandlers:1:EventPattern"] = "*";
        await using var server = await EmulatorServer.StartAsync(settings);
        var (socket, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri());
        await using var __ = socket;

        await socket.SendTextAsync("""{"type":"event","event":"ask","dataType":"text","data":"x","ackId":1}""");
        var ack = await socket.ReceiveJsonAsync();

        Assert.Equal(AckErrorNames.InternalServerError, ack.GetProperty("error").GetProperty("name").GetString());
        Assert.Empty(refusing.Events);
        Assert.DoesNotContain(lifecycle.Events, r => r.EventName == "ask");
    }

    [Fact]
    public async Task Failure_IsRetriedOnlyAfterABackoffThatDoubles_Success_IsCachedThenRefreshedInTheBackground()
    {
        var allow = false;
        await using var handler = await HandlerServer.StartAsync((request, response) =>
        {
            if (Volatile.Read(ref allow))
            {
                response.Headers[CloudEventHeaders.WebHookAllowedOrigin] = "*";
            }

            return Task.CompletedTask;
        });
        var time = new ManualTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var services = CreateServices(time);
        var protection = services.GetRequiredService<AbuseProtection>();
        var url = new Uri(handler.Endpoint, "events/chat/validate");
        int Sent() => handler.Requests.Count;

        Assert.False((await protection.CheckAsync(url, default)).Allowed);
        Assert.Equal(1, Sent());
        Assert.False((await protection.CheckAsync(url, default)).Allowed);
        Assert.Equal(1, Sent());

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False((await protection.CheckAsync(url, default)).Allowed);
        Assert.Equal(2, Sent());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False((await protection.CheckAsync(url, default)).Allowed);
        Assert.Equal(2, Sent());

        Volatile.Write(ref allow, true);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await protection.CheckAsync(url, default)).Allowed);
        Assert.Equal(3, Sent());
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.True((await protection.CheckAsync(url, default)).Allowed);
        Assert.Equal(3, Sent());

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await protection.CheckAsync(url, default)).Allowed);
        await handler.WaitForAsync(_ => true, 4);
        Assert.Equal("emulator.example", handler.Requests[3].Header(CloudEventHeaders.WebHookRequestOrigin));
    }

    private static ServiceProvider CreateServices(TimeProvider time)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WebPubSub:WebHookRequestOrigin"] = "emulator.example" })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(configuration);
        services.AddWebPubSubEmulator(configuration);
        services.AddSingleton<TimeProvider>(time);
        return services.BuildServiceProvider();
    }
}
