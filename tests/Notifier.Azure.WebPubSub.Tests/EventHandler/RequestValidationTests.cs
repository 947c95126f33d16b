using System.Net;
using System.Text;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler;

public sealed class RequestValidationTests
{
    [Theory]
    [InlineData(CloudEventHeaders.AwpsVersion)]
    [InlineData(CloudEventHeaders.Type)]
    [InlineData(CloudEventHeaders.ConnectionId)]
    [InlineData(CloudEventHeaders.Hub)]
    [InlineData(CloudEventHeaders.EventName)]
    public async Task Missing_required_header_is_rejected(string header)
    {
        await using var host = await EventHandlerHost.StartAsync();
        using var request = CloudEventRequests.Connect("{}");
        request.Headers.Remove(header);

        using var response = await host.Client.SendAsync(request);

        var body = await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(header, body, StringComparison.Ordinal);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Fact]
    public async Task Every_missing_header_is_named()
    {
        await using var host = await EventHandlerHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, EventHandlerHost.Path) { Content = CloudEventRequests.Json("{}") };

        using var response = await host.Client.SendAsync(request);

        var body = await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(CloudEventHeaders.AwpsVersion, body, StringComparison.Ordinal);
        Assert.Contains(CloudEventHeaders.EventName, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_headers_are_reported_before_the_signature()
    {
        await using var host = await EventHandlerHost.StartAsync();
        using var request = CloudEventRequests.Connect("{}");
        request.Headers.Remove(CloudEventHeaders.Hub);
        request.Headers.Remove(CloudEventHeaders.Signature);

        using var response = await host.Client.SendAsync(request);

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Duplicate_required_header_is_rejected()
    {
        await using var host = await EventHandlerHost.StartAsync();
        using var request = CloudEventRequests.Connect("{}");
        request.Headers.TryAddWithoutValidation(CloudEventHeaders.Hub, "other");

        using var response = await host.Client.SendAsync(request);

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Fact]
    public async Task Hub_not_served_is_rejected()
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.Create(
            CloudEventTypes.Connect, CloudEventTypes.ConnectEventName, CloudEventRequests.Json("{}"), hub: "other"));

        var body = await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("other", body, StringComparison.Ordinal);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Fact]
    public async Task Hub_is_matched_case_insensitively()
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.Create(
            CloudEventTypes.Connected, CloudEventTypes.ConnectedEventName, CloudEventRequests.Json("{}"), hub: "CHAT"));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("CHAT", host.Recorder.SingleRequest<ConnectedEventRequest>().ConnectionContext.Hub);
    }

    [Fact]
    public async Task Every_hub_is_served_when_none_is_configured()
    {
        await using var host = await EventHandlerHost.StartAsync(o =>
            o.Endpoints.Add(new WebPubSubServiceEndpoint(TestKeys.ServiceEndpoint, TestKeys.Primary)));

        using var response = await host.Client.SendAsync(CloudEventRequests.Create(
            CloudEventTypes.Connected, CloudEventTypes.ConnectedEventName, CloudEventRequests.Json("{}"), hub: "anything"));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Hub_mismatch_is_reported_after_the_signature()
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.Create(
            CloudEventTypes.Connect, CloudEventTypes.ConnectEventName, CloudEventRequests.Json("{}"), hub: "other", signature: "sha256=00"));

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("azure.webpubsub.sys.mqttconnect")]
    [InlineData("azure.webpubsub.sys.joined")]
    [InlineData("azure.webpubsub.user.")]
    [InlineData("com.example.other")]
    [InlineData("AZURE.WEBPUBSUB.SYS.CONNECT")]
    public async Task Unsupported_event_type_is_rejected(string type)
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.Create(type, "x", CloudEventRequests.Json("{}")));

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Fact]
    public async Task User_event_over_the_configured_limit_is_rejected()
    {
        await using var host = await EventHandlerHost.StartAsync(o =>
        {
            EventHandlerHost.DefaultOptions(o);
            o.MaxUserEventBodySize = 16;
        });

        using var atLimit = await host.Client.SendAsync(CloudEventRequests.Text(new string('a', 16)));
        using var overLimit = await host.Client.SendAsync(CloudEventRequests.Text(new string('a', 17)));

        await HttpResponseAssert.StatusAsync(atLimit, HttpStatusCode.NoContent);
        await HttpResponseAssert.PlainTextAsync(overLimit, (HttpStatusCode)413);
        Assert.Single(host.Recorder.Requests);
    }

    [Fact]
    public async Task Chunked_user_event_over_the_limit_is_rejected()
    {
        await using var host = await EventHandlerHost.StartAsync(o =>
        {
            EventHandlerHost.DefaultOptions(o);
            o.MaxUserEventBodySize = 1024;
        });
        // A non-seekable stream has no length, so HttpClient sends it chunked and the server cannot refuse up front.
        using var stream = new NonSeekableStream(new byte[64 * 1024]);
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new("application/octet-stream");

        using var response = await host.Client.SendAsync(CloudEventRequests.UserEvent(content));

        Assert.Equal((HttpStatusCode)413, response.StatusCode);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Fact]
    public async Task System_event_over_one_mebibyte_is_rejected()
    {
        await using var host = await EventHandlerHost.StartAsync();
        var json = "{\"claims\":{\"big\":[\"" + new string('a', 1024 * 1024) + "\"]}}";

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect(json));

        await HttpResponseAssert.PlainTextAsync(response, (HttpStatusCode)413);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Fact]
    public async Task User_event_limit_above_the_server_default_is_honoured()
    {
        await using var host = await EventHandlerHost.StartAsync(o =>
        {
            EventHandlerHost.DefaultOptions(o);
            o.MaxUserEventBodySize = 40L * 1024 * 1024;
        });
        host.Recorder.OnMessage = request => request.CreateResponse(request.Data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var bytes = new byte[31 * 1024 * 1024]; // above Kestrel's default 30,000,000-byte limit

        using var response = await host.Client.SendAsync(CloudEventRequests.UserEvent(CloudEventRequests.Bytes(bytes, "application/octet-stream")));

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("""{"claims":5}""")]
    [InlineData("""{"claims":{"sub":{"nested":1}}}""")]
    [InlineData("""{"claims":{"sub":[["nested"]]}}""")]
    [InlineData("""{"query":[]}""")]
    [InlineData("""{"headers":"x"}""")]
    [InlineData("""{"subprotocols":{"a":1}}""")]
    [InlineData("""{"clientCertificates":[1]}""")]
    [InlineData("""{"clientCertificates":{"thumbprint":"x"}}""")]
    [InlineData("""{"clientCertificates":[{"content":"x"}]}""")]
    [InlineData("""{"clientCertificates":[{"thumbprint":5}]}""")]
    [InlineData("""{"claims":{"sub":["\uD800"]}}""")]
    public async Task Malformed_connect_body_is_rejected_before_the_handler(string json)
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect(json));

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Fact]
    public async Task Deeply_nested_connect_body_is_rejected()
    {
        await using var host = await EventHandlerHost.StartAsync();
        var json = """{"x":""" + new string('[', 5000) + new string(']', 5000) + "}";

        using var response = await host.Client.SendAsync(CloudEventRequests.Connect(json));

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""{"reason":5}""")]
    public async Task Malformed_disconnected_body_is_rejected_before_the_handler(string json)
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.SendAsync(CloudEventRequests.Disconnected(json));

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Fact]
    public async Task Invalid_utf8_in_connect_body_is_rejected()
    {
        await using var host = await EventHandlerHost.StartAsync();
        var bytes = Encoding.UTF8.GetBytes("""{"claims":{"sub":["x"]}}""");
        bytes[19] = 0xFF;

        using var response = await host.Client.SendAsync(CloudEventRequests.Create(
            CloudEventTypes.Connect, CloudEventTypes.ConnectEventName, CloudEventRequests.Bytes(bytes, "application/json")));

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Fact]
    public async Task Unsupported_method_is_not_routed()
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await host.Client.PutAsync(EventHandlerHost.Path, CloudEventRequests.Json("{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
