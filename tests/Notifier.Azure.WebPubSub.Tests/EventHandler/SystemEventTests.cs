using System.Net;
using Microsoft.Extensions.Logging;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler;

public sealed class SystemEventTests
{
    [Fact]
    public async Task Connected_is_dispatched()
    {
        await using var host = await EventHandlerHost.StartAsync();
        using var request = CloudEventRequests.Connected();
        request.Headers.TryAddWithoutValidation(CloudEventHeaders.Subprotocol, WebPubSubSubprotocols.Json);

        using var response = await host.Client.SendAsync(request);

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        var context = host.Recorder.SingleRequest<ConnectedEventRequest>().ConnectionContext;
        Assert.Equal("connected", context.EventName);
        Assert.Equal(CloudEventTypes.Connected, context.EventType);
        Assert.Equal(WebPubSubSubprotocols.Json, context.Subprotocol);
        Assert.Equal(CloudEventRequests.UserId, context.UserId);
    }

    [Fact]
    public async Task Disconnected_is_dispatched_with_its_reason()
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.Disconnected("""{"reason":"Closed by REST API."}"""));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        var request = host.Recorder.SingleRequest<DisconnectedEventRequest>();
        Assert.Equal("Closed by REST API.", request.Reason);
        Assert.Equal("disconnected", request.ConnectionContext.EventName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("""{"reason":null}""")]
    public async Task Disconnected_without_reason_is_dispatched(string? body)
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.Disconnected(body));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Null(host.Recorder.SingleRequest<DisconnectedEventRequest>().Reason);
    }

    [Fact]
    public async Task Failing_connected_handler_is_logged_and_answered_with_ok()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnNotification = _ => throw new InvalidOperationException("database down");

        using var response = await host.Client.SendAsync(CloudEventRequests.Connected());

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        var entry = Assert.Single(host.Logs.Entries, e => e.EventId.Name == "NotificationHandlerFailed");
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.IsType<InvalidOperationException>(entry.Exception);
    }

    [Fact]
    public async Task Failing_disconnected_handler_is_logged_and_answered_with_ok()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnNotification = _ => throw new UnauthorizedAccessException();

        using var response = await host.Client.SendAsync(CloudEventRequests.Disconnected("{}"));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Name == "NotificationHandlerFailed");
    }

    [Fact]
    public async Task Default_handler_accepts_every_event()
    {
        await using var host = await EventHandlerHost.StartAsync(
            builder => builder.Services.AddWebPubSubEventHandler<DefaultHandler>(EventHandlerHost.DefaultOptions),
            app => app.MapWebPubSubEventHandler<DefaultHandler>(EventHandlerHost.Path));

        using var connect = await host.Client.SendAsync(CloudEventRequests.Connect("{}"));
        using var connected = await host.Client.SendAsync(CloudEventRequests.Connected());
        using var message = await host.Client.SendAsync(CloudEventRequests.Text("hello"));
        using var disconnected = await host.Client.SendAsync(CloudEventRequests.Disconnected("{}"));

        await HttpResponseAssert.StatusAsync(connect, HttpStatusCode.NoContent);
        await HttpResponseAssert.StatusAsync(connected, HttpStatusCode.OK);
        await HttpResponseAssert.StatusAsync(message, HttpStatusCode.NoContent);
        await HttpResponseAssert.StatusAsync(disconnected, HttpStatusCode.OK);
    }

    public sealed class DefaultHandler : WebPubSubEventHandler;
}
