using System.Net;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler;

public sealed class AbuseProtectionTests
{
    [Theory]
    [InlineData("OPTIONS", TestKeys.ServiceHost)]
    [InlineData("OPTIONS", "CONTOSO.WebPubSub.Azure.com")]
    [InlineData("GET", TestKeys.ServiceHost)]
    public async Task Origin_of_configured_endpoint_is_allowed(string method, string origin)
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await SendAsync(host, method, origin);

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal([origin], response.Headers.GetValues(CloudEventHeaders.WebHookAllowedOrigin));
        Assert.Equal(0, host.Recorder.HandlersCreated);
    }

    [Theory]
    [InlineData("OPTIONS", "evil.example.com")]
    [InlineData("GET", "evil.example.com")]
    [InlineData("OPTIONS", "contoso.webpubsub.azure.com.evil.example.com")]
    [InlineData("OPTIONS", "contoso.webpubsub.azure.com:443")]
    [InlineData("OPTIONS", "https://contoso.webpubsub.azure.com")]
    public async Task Other_origin_is_denied(string method, string origin)
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await SendAsync(host, method, origin);

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.False(response.Headers.Contains(CloudEventHeaders.WebHookAllowedOrigin));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Name == "AbuseProtectionRejected");
    }

    [Fact]
    public async Task Missing_origin_is_denied()
    {
        await using var host = await EventHandlerHost.StartAsync();

        using var response = await SendAsync(host, "OPTIONS", origin: null);

        await HttpResponseAssert.PlainTextAsync(response, HttpStatusCode.BadRequest);
        Assert.False(response.Headers.Contains(CloudEventHeaders.WebHookAllowedOrigin));
    }

    [Fact]
    public async Task Port_of_endpoint_plays_no_part()
    {
        await using var host = await EventHandlerHost.StartAsync(o =>
            o.Endpoints.Add(new WebPubSubServiceEndpoint(new Uri("http://localhost:8080"), TestKeys.Primary)));

        using var response = await SendAsync(host, "OPTIONS", "localhost");

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(["localhost"], response.Headers.GetValues(CloudEventHeaders.WebHookAllowedOrigin));
    }

    [Fact]
    public async Task Host_of_connection_string_is_allowed()
    {
        await using var host = await EventHandlerHost.StartAsync(o =>
            o.ConnectionStrings.Add($"Endpoint=http://emulator.local;Port=8080;AccessKey={TestKeys.Primary};Version=1.0;"));

        using var allowed = await SendAsync(host, "OPTIONS", "emulator.local");
        using var denied = await SendAsync(host, "OPTIONS", TestKeys.ServiceHost);

        await HttpResponseAssert.StatusAsync(allowed, HttpStatusCode.OK);
        await HttpResponseAssert.StatusAsync(denied, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Explicitly_allowed_origin_is_allowed()
    {
        await using var host = await EventHandlerHost.StartAsync(o =>
        {
            EventHandlerHost.DefaultOptions(o);
            o.AllowedOrigins.Add("Tunnel.Example.com");
        });

        using var extra = await SendAsync(host, "OPTIONS", "tunnel.example.com");
        using var endpoint = await SendAsync(host, "OPTIONS", TestKeys.ServiceHost);
        using var other = await SendAsync(host, "OPTIONS", "evil.example.com");

        await HttpResponseAssert.StatusAsync(extra, HttpStatusCode.OK);
        await HttpResponseAssert.StatusAsync(endpoint, HttpStatusCode.OK);
        await HttpResponseAssert.StatusAsync(other, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Wildcard_allows_any_origin()
    {
        await using var host = await EventHandlerHost.StartAsync(o =>
        {
            EventHandlerHost.DefaultOptions(o);
            o.AllowedOrigins.Add("*");
        });

        using var response = await SendAsync(host, "OPTIONS", "anything.example.com");

        await HttpResponseAssert.StatusAsync(response, HttpStatusCode.OK);
        Assert.Equal(["anything.example.com"], response.Headers.GetValues(CloudEventHeaders.WebHookAllowedOrigin));
    }

    private static Task<HttpResponseMessage> SendAsync(EventHandlerHost host, string method, string? origin)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), EventHandlerHost.Path);
        request.Headers.TryAddWithoutValidation(CloudEventHeaders.AwpsVersion, CloudEventTypes.Version);
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation(CloudEventHeaders.WebHookRequestOrigin, origin);
        }

        return host.Client.SendAsync(request);
    }
}
