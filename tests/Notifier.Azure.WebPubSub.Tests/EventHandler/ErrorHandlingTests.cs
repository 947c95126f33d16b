using System.Net;
using Microsoft.Extensions.Logging;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler;

public sealed class ErrorHandlingTests
{
    private const string Secret = "connection string Server=db;Password=hunter2";

    [Fact]
    public async Task Exception_in_connect_is_a_generic_500_and_logged()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnConnect = _ => throw new InvalidOperationException(Secret);

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect("{}"));

        var body = await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        var entry = Assert.Single(host.Logs.Entries, e => e.EventId.Name == "HandlerFailed");
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal(Secret, entry.Exception?.Message);
    }

    [Fact]
    public async Task Exception_in_user_event_is_a_generic_500()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnMessage = _ => throw new ArgumentException(Secret);

        using var response = await host.Client.SendAsync(CloudEventRequests.Text("hi"));

        var body = await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnauthorizedAccessException_is_a_401()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnConnect = _ => throw new UnauthorizedAccessException(Secret);

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect("{}"));

        var body = await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Name == "HandlerDeniedAccess");
    }

    [Fact]
    public async Task Null_response_is_a_500()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnConnect = _ => null;

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect("{}"));

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.InternalServerError);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Name == "InvalidHandlerResponse");
    }

    [Fact]
    public async Task Response_of_the_wrong_kind_is_a_500()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnConnect = _ => new UserEventResponse("hello");
        host.Recorder.OnMessage = _ => new ConnectEventResponse { UserId = "x" };

        using var connect = await host.Client.SendAsync(CloudEventRequests.Connect("{}"));
        using var message = await host.Client.SendAsync(CloudEventRequests.Text("hi"));

        await HttpResponseAssert.PlainTextAsync(connect, HttpStatusCode.InternalServerError);
        await HttpResponseAssert.PlainTextAsync(message, HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task Undefined_data_type_is_a_500_without_state()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnMessage = _ =>
        {
            var response = new UserEventResponse(BinaryData.FromString("x"), (WebPubSubDataType)42);
            response.SetState("a", BinaryData.FromString("b"));
            return response;
        };

        using var response = await host.Client.SendAsync(CloudEventRequests.Text("hi"));

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.InternalServerError);
        Assert.False(response.Headers.Contains(Notifier.Azure.WebPubSub.Protocol.CloudEventHeaders.ConnectionState));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Name == "UnexpectedError");
    }
}
