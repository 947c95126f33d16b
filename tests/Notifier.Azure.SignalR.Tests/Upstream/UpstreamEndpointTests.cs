using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifier.Azure.SignalR.Upstream;

namespace Notifier.Azure.SignalR.Tests.Upstream;

public class UpstreamEndpointTests
{
    [Fact]
    public async Task ConnectionEvents_ReachTheHandler_WithTheHeadersParsed_AndFailuresStillAnswer200()
    {
        await using var host = await UpstreamHost.StartAsync();

        using var connected = await host.Client.SendAsync(UpstreamHost.Request("connections", "connected", "{\"type\":10}"));
        using var disconnected = await host.Client.SendAsync(UpstreamHost.Request("connections", "disconnected", "{\"Type\":11,\"Error\":\"lost\"}"));

        Assert.Equal(HttpStatusCode.OK, connected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, disconnected.StatusCode);
        Assert.Equal(["connected c1 alice role=admin;email=alice@example.com hub=notifications&id=x", "disconnected c1 lost"], host.Seen);
    }

    [Fact]
    public async Task AnInvoke_IsAnsweredWithAFramedCompletion_AndASend_With204()
    {
        await using var host = await UpstreamHost.StartAsync();

        var echo = await SendAsync(host, "echo", "{\"type\":1,\"invocationId\":\"5\",\"target\":\"echo\",\"arguments\":[{\"a\":1}]}");
        var deny = await SendAsync(host, "deny", "{\"type\":1,\"invocationId\":\"6\",\"target\":\"deny\",\"arguments\":[]}");
        var boom = await SendAsync(host, "boom", "{\"type\":1,\"invocationId\":\"7\",\"target\":\"boom\",\"arguments\":[]}");
        var empty = await SendAsync(host, "nothing", "{\"type\":1,\"invocationId\":\"8\",\"target\":\"nothing\",\"arguments\":[]}");
        var send = await SendAsync(host, "echo", "{\"type\":1,\"target\":\"echo\",\"arguments\":[1]}");

        Assert.Equal((200, "{\"type\":3,\"invocationId\":\"5\",\"result\":{\"a\":1}}\u001e"), echo);
        Assert.Equal((200, "{\"type\":3,\"invocationId\":\"6\",\"error\":\"denied\"}\u001e"), deny);
        Assert.Equal(200, boom.Status);
        Assert.DoesNotContain("internal detail", boom.Body, StringComparison.Ordinal);
        Assert.Contains("\"error\":", boom.Body, StringComparison.Ordinal);
        Assert.Equal((200, "{\"type\":3,\"invocationId\":\"8\"}\u001e"), empty);
        Assert.Equal((204, ""), send);
    }

    [Theory]
    [InlineData("messages", "echo", "{\"type\":1,\"invocationId\":\"1\",\"target\":\"other\",\"arguments\":[]}", "target 'other'")]
    [InlineData("messages", "echo", "{\"type\":4,\"invocationId\":\"1\",\"target\":\"echo\",\"arguments\":[]}", "invocation")]
    [InlineData("messages", "echo", "{\"type\":1,\"target\":\"echo\",\"arguments\":[],\"streamIds\":[\"s\"]}", "streamIds")]
    [InlineData("messages", "echo", "{\"type\":1,\"target\":\"echo\"", "JSON")]
    [InlineData("connections", "connected", "{\"type\":11}", "connected")]
    [InlineData("connections", "opened", "{\"type\":10}", "opened")]
    [InlineData("other", "x", "{}", "Category")]
    public async Task BodiesThatDoNotFitTheSignedHeaders_AreRefusedWith400_AndReachNoHandler(string category, string eventName, string body, string named)
    {
        await using var host = await UpstreamHost.StartAsync();

        using var response = await host.Client.SendAsync(UpstreamHost.Request(category, eventName, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(host.Seen);
    }

    [Fact]
    public async Task Signatures_Headers_ContentTypes_Hubs_AndSizes_AreChecked_BeforeTheHandler()
    {
        await using var host = await UpstreamHost.StartAsync();
        const string connect = "{\"type\":10}";

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(host, UpstreamHost.Request("connections", "connected", connect, signature: "sha256=" + new string('a', 64))));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(host, UpstreamHost.Request("connections", "connected", connect, signature: "")));
        // The signature covers the connection id: a valid one for another connection does not carry over.
        var other = Azure.SignalR.Protocol.UpstreamSignature.Create("c2", [UpstreamHost.Key]);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(host, UpstreamHost.Request("connections", "connected", connect, signature: other)));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(host, UpstreamHost.Request("connections", "connected", connect, hub: "chat")));

        using var noHeader = UpstreamHost.Request("connections", "connected", connect);
        noHeader.Headers.Remove(Azure.SignalR.Protocol.UpstreamHeaders.Event);
        using var noHeaderResponse = await host.Client.SendAsync(noHeader);
        Assert.Equal(HttpStatusCode.BadRequest, noHeaderResponse.StatusCode);
        Assert.Contains("X-ASRS-Event", await noHeaderResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A second connection id travels joined to the first ("c1, c9"), which no signature covers.
        using var twice = UpstreamHost.Request("connections", "connected", connect);
        twice.Headers.Add(Azure.SignalR.Protocol.UpstreamHeaders.ConnectionId, "c9");
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(host, twice));

        using var messagePack = UpstreamHost.Request("connections", "connected", connect);
        messagePack.Content = new ByteArrayContent([0x91, 0x0a]);
        messagePack.Content.Headers.ContentType = new("application/x-msgpack");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, await StatusAsync(host, messagePack));

        var big = "{\"type\":1,\"target\":\"echo\",\"arguments\":[\"" + new string('x', 2000) + "\"]}";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await StatusAsync(host, UpstreamHost.Request("messages", "echo", big)));

        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri("/upstream", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, await StatusAsync(host, get));
        Assert.Empty(host.Seen);
    }

    [Fact]
    public async Task AuthorizeUpstream_RunsFirst_AndReplacesKeysWhenThereAreNone()
    {
        await using var host = await UpstreamHost.StartAsync(options => options.AuthorizeUpstream = (request, _) =>
            ValueTask.FromResult(request.Headers.Authorization == "Bearer managed-identity" ? null : "Not the service's identity."));

        using var refused = UpstreamHost.Request("connections", "connected", "{\"type\":10}", signature: "");
        using var refusedResponse = await host.Client.SendAsync(refused);
        using var accepted = UpstreamHost.Request("connections", "connected", "{\"type\":10}", signature: "");
        accepted.Headers.TryAddWithoutValidation("Authorization", "Bearer managed-identity");

        Assert.Equal(HttpStatusCode.Unauthorized, refusedResponse.StatusCode);
        Assert.Equal("Not the service's identity.", await refusedResponse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(host, accepted));
        Assert.Single(host.Seen);
    }

    [Fact]
    public void Options_WithoutKeys_OrWithBadValues_FailTheHostAtStart()
    {
        var services = new ServiceCollection();
        services.AddSignalRUpstreamHandler<UpstreamHost.Handler>(options =>
        {
            options.ConnectionStrings.Add("Endpoint=https://x;AccessKey=secret-value;Port=0");
            options.Hubs.Add("1bad");
            options.MaxInvocationBodySize = 0;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<SignalRUpstreamOptions>>().Get(typeof(UpstreamHost.Handler).FullName));

        Assert.Contains(error.Failures, f => f.Contains("'Port'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Hubs", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MaxInvocationBodySize", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Failures, f => f.Contains("secret-value", StringComparison.Ordinal));
    }

    private static async Task<(int Status, string Body)> SendAsync(UpstreamHost host, string eventName, string body)
    {
        using var response = await host.Client.SendAsync(UpstreamHost.Request("messages", eventName, body));
        return ((int)response.StatusCode, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    private static async Task<HttpStatusCode> StatusAsync(UpstreamHost host, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await host.Client.SendAsync(request);
            return response.StatusCode;
        }
    }
}
