using System.Net;
using System.Text;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler;

public sealed class UserEventTests
{
    [Theory]
    [InlineData("text/plain", WebPubSubDataType.Text, "text/plain; charset=utf-8")]
    [InlineData("text/plain; charset=utf-8", WebPubSubDataType.Text, "text/plain; charset=utf-8")]
    [InlineData("application/json", WebPubSubDataType.Json, "application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=utf-8", WebPubSubDataType.Json, "application/json; charset=utf-8")]
    [InlineData("application/octet-stream", WebPubSubDataType.Binary, "application/octet-stream")]
    public async Task User_event_is_typed_and_echoed(string contentType, WebPubSubDataType dataType, string responseContentType)
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnMessage = request => request.CreateResponse(request.Data, request.DataType);
        var payload = dataType == WebPubSubDataType.Binary ? new byte[] { 0, 1, 2, 255 } : Encoding.UTF8.GetBytes("""{"text":"héllo"}""");

        using var response = await host.Client.SendAsync(CloudEventRequests.UserEvent(CloudEventRequests.Bytes(payload, contentType)));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(responseContentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal(payload, await response.Content.ReadAsByteArrayAsync());
        var request = host.Recorder.SingleRequest<UserEventRequest>();
        Assert.Equal(dataType, request.DataType);
        Assert.Equal(payload, request.Data.ToArray());
        Assert.Equal("message", request.ConnectionContext.EventName);
        Assert.Equal("azure.webpubsub.user.message", request.ConnectionContext.EventType);
    }

    [Fact]
    public async Task Custom_event_name_is_exposed()
    {
        await using var host = await EventHandlerHost.StartAsync();
        using var request = CloudEventRequests.UserEvent(CloudEventRequests.Json("""{"id":"01J"}"""), eventName: "ack");
        request.Headers.TryAddWithoutValidation(CloudEventHeaders.Subprotocol, WebPubSubSubprotocols.Json);

        using var response = await host.Client.SendAsync(request);

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.NoContent);
        var received = host.Recorder.SingleRequest<UserEventRequest>();
        Assert.Equal("ack", received.ConnectionContext.EventName);
        Assert.Equal("azure.webpubsub.user.ack", received.ConnectionContext.EventType);
        Assert.Equal(WebPubSubSubprotocols.Json, received.ConnectionContext.Subprotocol);
        Assert.Equal(WebPubSubDataType.Json, received.DataType);
        Assert.Equal("""{"id":"01J"}""", received.Data.ToString());
    }

    [Fact]
    public async Task Text_response_is_utf8_text()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnMessage = request => request.CreateResponse($"echo: {request.Data}");

        using var response = await host.Client.SendAsync(CloudEventRequests.Text("grüß dich"));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("echo: grüß dich", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Json_response_keeps_its_type()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnMessage = request => request.CreateResponse(BinaryData.FromObjectAsJson(new { ok = true }), WebPubSubDataType.Json);

        using var response = await host.Client.SendAsync(CloudEventRequests.Text("hi"));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("""{"ok":true}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Missing_content_type_means_binary()
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.UserEvent(CloudEventRequests.Bytes([1, 2, 3], contentType: null)));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.NoContent);
        Assert.Equal(WebPubSubDataType.Binary, host.Recorder.SingleRequest<UserEventRequest>().DataType);
    }

    [Fact]
    public async Task Empty_user_event_is_dispatched()
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.UserEvent(CloudEventRequests.Bytes([], "text/plain")));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.NoContent);
        Assert.True(host.Recorder.SingleRequest<UserEventRequest>().Data.IsEmpty);
    }

    [Fact]
    public async Task Response_without_data_is_no_content()
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnMessage = _ => new UserEventResponse();

        using var response = await host.Client.SendAsync(CloudEventRequests.Text("hi"));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.NoContent);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("application/x-protobuf")]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task Unsupported_content_type_is_rejected_before_the_handler(string contentType)
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.UserEvent(CloudEventRequests.Bytes([1, 2, 3], contentType)));

        var body = await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("content type", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Theory]
    [InlineData(EventErrorCode.UserError, HttpStatusCode.BadRequest)]
    [InlineData(EventErrorCode.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(EventErrorCode.ServerError, HttpStatusCode.InternalServerError)]
    public async Task User_event_error_response_sets_status_and_body(EventErrorCode code, HttpStatusCode expected)
    {
        await using var host = await EventHandlerHost.StartAsync();
        host.Recorder.OnMessage = request => request.CreateErrorResponse(code, "Unknown notification id.");

        using var response = await host.Client.SendAsync(CloudEventRequests.Text("hi"));

        Assert.Equal("Unknown notification id.", await HttpResponseAssert.PlainTextAsync(response, expected));
    }
}
