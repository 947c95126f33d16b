using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.EventHandler.Internal;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler.Internal;

/// <summary>The endpoint on a hand-built <see cref="DefaultHttpContext"/>, without a server.</summary>
public sealed class WebPubSubEventEndpointTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IServiceScope _scope;
    private readonly EventRecorder _recorder = new();
    private readonly WebPubSubEventEndpoint _endpoint;

    public WebPubSubEventEndpointTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(_recorder);
        services.AddWebPubSubEventHandler<RecordingHandler>(EventHandlerHost.DefaultOptions);
        _services = services.BuildServiceProvider(validateScopes: true);
        _scope = _services.CreateScope();
        _endpoint = new WebPubSubEventEndpoint(
            WebPubSubEventHandlerOptions.GetName(typeof(RecordingHandler)),
            _services.GetRequiredService<IOptionsMonitor<WebPubSubEventHandlerOptions>>(),
            provider => provider.GetRequiredService<RecordingHandler>(),
            NullLogger.Instance);
    }

    public void Dispose()
    {
        _scope.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task Options_with_allowed_origin_echoes_it()
    {
        var context = CreateContext(HttpMethods.Options, body: null, contentType: null, (CloudEventHeaders.WebHookRequestOrigin, TestKeys.ServiceHost));

        await _endpoint.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(TestKeys.ServiceHost, context.Response.Headers[CloudEventHeaders.WebHookAllowedOrigin].ToString());
    }

    [Fact]
    public async Task Post_without_signature_is_401()
    {
        var context = CreateEventContext(CloudEventTypes.UserPrefix + "message", "message", "hi"u8.ToArray(), "text/plain", signed: false);

        await _endpoint.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        Assert.Empty(_recorder.Requests);
    }

    [Fact]
    public async Task User_event_is_echoed()
    {
        _recorder.OnMessage = request => request.CreateResponse(request.Data, WebPubSubDataType.Binary);
        var context = CreateEventContext(CloudEventTypes.UserPrefix + "message", "message", [1, 2, 3], "application/octet-stream", signed: true);

        await _endpoint.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("application/octet-stream", context.Response.ContentType);
        Assert.Equal(3, context.Response.ContentLength);
        Assert.Equal(new byte[] { 1, 2, 3 }, ((MemoryStream)context.Response.Body).ToArray());
    }

    [Fact]
    public async Task Connect_response_is_written_as_json()
    {
        _recorder.OnConnect = request => request.CreateResponse(null, ["g1"], null, null);
        var context = CreateEventContext(CloudEventTypes.Connect, "connect", "{}"u8.ToArray(), "application/json", signed: true);

        await _endpoint.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.Equal("""{"groups":["g1"]}""", Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    [Theory]
    [InlineData(null, WebPubSubDataType.Binary)]
    [InlineData("", WebPubSubDataType.Binary)]
    [InlineData("text/plain", WebPubSubDataType.Text)]
    [InlineData("TEXT/PLAIN; charset=us-ascii", WebPubSubDataType.Text)]
    [InlineData("application/json", WebPubSubDataType.Json)]
    [InlineData("application/octet-stream", WebPubSubDataType.Binary)]
    public void Supported_content_types_map_to_data_types(string? contentType, WebPubSubDataType expected)
    {
        Assert.True(CloudEventRequestReader.TryGetDataType(contentType, out var dataType));
        Assert.Equal(expected, dataType);
    }

    [Theory]
    [InlineData("application/x-protobuf")]
    [InlineData("text/json")]
    [InlineData("not a media type")]
    public void Other_content_types_are_unsupported(string contentType)
    {
        Assert.False(CloudEventRequestReader.TryGetDataType(contentType, out _));
    }

    private DefaultHttpContext CreateEventContext(string type, string eventName, byte[] body, string contentType, bool signed)
    {
        var headers = new List<(string, string)>
        {
            (CloudEventHeaders.AwpsVersion, "1.0"),
            (CloudEventHeaders.Type, type),
            (CloudEventHeaders.ConnectionId, CloudEventRequests.ConnectionId),
            (CloudEventHeaders.Hub, CloudEventRequests.Hub),
            (CloudEventHeaders.EventName, eventName),
            (CloudEventHeaders.Id, CloudEventRequests.NextId()),
            (CloudEventHeaders.Time, CloudEventRequests.FormatTime(TimeProvider.System.GetUtcNow())),
        };
        if (signed)
        {
            headers.Add((CloudEventHeaders.Signature, CloudEventRequests.Sign(CloudEventRequests.ConnectionId, TestKeys.Primary)));
        }

        return CreateContext(HttpMethods.Post, body, contentType, [.. headers]);
    }

    private DefaultHttpContext CreateContext(string method, byte[]? body, string? contentType, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext { RequestServices = _scope.ServiceProvider };
        context.Request.Method = method;
        context.Request.ContentType = contentType;
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
        }

        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }
}
