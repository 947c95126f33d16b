using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler;

public sealed class OptionsTests
{
    [Fact]
    public async Task Options_are_bound_from_configuration()
    {
        var settings = new Dictionary<string, string?>
        {
            ["WebPubSub:EventHandler:Hubs:0"] = "chat",
            ["WebPubSub:EventHandler:ConnectionStrings:0"] = $"Endpoint=http://localhost;Port=8080;AccessKey={TestKeys.Primary};Version=1.0;",
            ["WebPubSub:EventHandler:Endpoints:0:Endpoint"] = TestKeys.ServiceEndpoint.ToString(),
            ["WebPubSub:EventHandler:Endpoints:0:AccessKeys:0"] = "old-key",
            ["WebPubSub:EventHandler:Endpoints:0:AccessKeys:1"] = TestKeys.Secondary,
            ["WebPubSub:EventHandler:AllowedOrigins:0"] = "tunnel.example.com",
            ["WebPubSub:EventHandler:MaxUserEventBodySize"] = "8",
        };
        await using var host = await EventHandlerHost.StartAsync(builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddWebPubSubEventHandler<RecordingHandler>("WebPubSub:EventHandler");
        });

        using var localhost = await OptionsAsync(host, "localhost");
        using var contoso = await OptionsAsync(host, TestKeys.ServiceHost);
        using var tunnel = await OptionsAsync(host, "tunnel.example.com");
        using var signedWithConnectionStringKey = await host.Client.SendAsync(CloudEventRequests.Connected());
        using var signedWithEndpointKey = await host.Client.SendAsync(CloudEventRequests.Connected(
            signature: CloudEventRequests.Sign(CloudEventRequests.ConnectionId, TestKeys.Secondary)));
        using var otherHub = await host.Client.SendAsync(CloudEventRequests.Create(
            CloudEventTypes.Connected, CloudEventTypes.ConnectedEventName, CloudEventRequests.Json("{}"), hub: "other"));
        using var tooLarge = await host.Client.SendAsync(CloudEventRequests.Text("123456789"));

        await HttpResponseAssert.StatusAsync(localhost, HttpStatusCode.OK);
        await HttpResponseAssert.StatusAsync(contoso, HttpStatusCode.OK);
        await HttpResponseAssert.StatusAsync(tunnel, HttpStatusCode.OK);
        await HttpResponseAssert.StatusAsync(signedWithConnectionStringKey, HttpStatusCode.OK);
        await HttpResponseAssert.StatusAsync(signedWithEndpointKey, HttpStatusCode.OK);
        await HttpResponseAssert.StatusAsync(otherHub, HttpStatusCode.BadRequest);
        await HttpResponseAssert.StatusAsync(tooLarge, (HttpStatusCode)413);
    }

    public static TheoryData<string, string> InvalidOptions => new()
    {
        { "no endpoint", "at least one entry" },
        { "relative endpoint", "Endpoints[0].Endpoint" },
        { "ftp endpoint", "Endpoints[0].Endpoint" },
        { "no key", "Endpoints[0].AccessKeys" },
        { "empty key", "Endpoints[0].AccessKeys" },
        { "connection string without key", "ConnectionStrings[0]" },
        { "connection string with bad port", "ConnectionStrings[0]" },
        { "empty hub", "Hubs" },
        { "zero limit", "MaxUserEventBodySize" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task Invalid_options_fail_the_start(string @case, string expected)
    {
        Action<WebPubSubEventHandlerOptions> configure = @case switch
        {
            "no endpoint" => o => o.Hubs.Add("chat"),
            "relative endpoint" => o => o.Endpoints.Add(new WebPubSubServiceEndpoint(new Uri("/relative", UriKind.Relative), TestKeys.Primary)),
            "ftp endpoint" => o => o.Endpoints.Add(new WebPubSubServiceEndpoint(new Uri("ftp://contoso"), TestKeys.Primary)),
            "no key" => o => o.Endpoints.Add(new WebPubSubServiceEndpoint(TestKeys.ServiceEndpoint)),
            "empty key" => o => o.Endpoints.Add(new WebPubSubServiceEndpoint(TestKeys.ServiceEndpoint, TestKeys.Primary, " ")),
            "connection string without key" => o => o.ConnectionStrings.Add("Endpoint=https://contoso;Version=1.0;"),
            "connection string with bad port" => o => o.ConnectionStrings.Add("Endpoint=https://contoso;AccessKey=secret-key-value;Port=99999;"),
            "empty hub" => o => { EventHandlerHost.DefaultOptions(o); o.Hubs.Add(""); },
            _ => o => { EventHandlerHost.DefaultOptions(o); o.MaxUserEventBodySize = 0; },
        };

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => EventHandlerHost.StartAsync(configure));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key-value", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mapping_an_unregistered_handler_throws()
    {
        var builder = WebApplication.CreateSlimBuilder();
        using var app = builder.Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.MapWebPubSubEventHandler<RecordingHandler>("/events"));

        Assert.Contains("AddWebPubSubEventHandler", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_handler_has_its_own_options()
    {
        await using var host = await EventHandlerHost.StartAsync(
            builder =>
            {
                builder.Services.AddWebPubSubEventHandler<RecordingHandler>(o =>
                    o.Endpoints.Add(new WebPubSubServiceEndpoint(TestKeys.ServiceEndpoint, TestKeys.Primary)));
                builder.Services.AddWebPubSubEventHandler<SecondHandler>(o =>
                    o.Endpoints.Add(new WebPubSubServiceEndpoint(new Uri("https://second.webpubsub.azure.com"), TestKeys.Secondary)));
            },
            app =>
            {
                app.MapWebPubSubEventHandler<RecordingHandler>("/first");
                app.MapWebPubSubEventHandler<SecondHandler>("/second");
            });
        var primary = CloudEventRequests.Sign(CloudEventRequests.ConnectionId, TestKeys.Primary);
        var secondary = CloudEventRequests.Sign(CloudEventRequests.ConnectionId, TestKeys.Secondary);

        using var firstOwnKey = await host.Client.SendAsync(CloudEventRequests.Connected(signature: primary, path: "/first"));
        using var firstOtherKey = await host.Client.SendAsync(CloudEventRequests.Connected(signature: secondary, path: "/first"));
        using var secondOwnKey = await host.Client.SendAsync(CloudEventRequests.Connected(signature: secondary, path: "/second"));
        using var secondOtherKey = await host.Client.SendAsync(CloudEventRequests.Connected(signature: primary, path: "/second"));

        await HttpResponseAssert.StatusAsync(firstOwnKey, HttpStatusCode.OK);
        await HttpResponseAssert.StatusAsync(firstOtherKey, HttpStatusCode.Unauthorized);
        await HttpResponseAssert.StatusAsync(secondOwnKey, HttpStatusCode.OK);
        await HttpResponseAssert.StatusAsync(secondOtherKey, HttpStatusCode.Unauthorized);
        Assert.Equal(2, host.Recorder.Requests.Count);
    }

    private static Task<HttpResponseMessage> OptionsAsync(EventHandlerHost host, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, EventHandlerHost.Path);
        request.Headers.TryAddWithoutValidation(CloudEventHeaders.WebHookRequestOrigin, origin);
        return host.Client.SendAsync(request);
    }
}
