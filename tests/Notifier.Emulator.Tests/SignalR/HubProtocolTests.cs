using System.Net;
using System.Net.Http.Headers;
using Notifier.Emulator.Tests.SignalR.Infrastructure;

namespace Notifier.Emulator.Tests.SignalR;

/// <summary>The JSON hub protocol as the emulator speaks it, driven by hand where Microsoft's clients never go.</summary>
public sealed class HubProtocolTests
{
    private const string Handshake = "{\"protocol\":\"json\",\"version\":1}\u001e";

    [Fact]
    public async Task RecordsSplitAndMergedAcrossFrames_AreReadByTheirSeparators()
    {
        await using var environment = await ServerlessEnvironment.StartAsync();
        await using var client = await RawSignalRClient.OpenAsync(environment, "hana");

        // The handshake in two frames, then an invocation merged into the frame with the handshake's end.
        await client.SendFrameAsync("{\"protocol\":\"js");
        await client.SendFrameAsync("on\",\"version\":1}\u001e{\"type\":1,\"invocationId\":\"1\",\"target\":\"echo\",\"argu");
        Assert.Equal("{}", await client.ReceiveRecordAsync());
        await client.SendFrameAsync("ments\":[\"split\"]}\u001e{\"type\":6}\u001e{\"type\":1,\"invocationId\":\"2\",\"target\":\"echo\",\"arguments\":[7]}\u001e");

        Assert.Equal("{\"type\":3,\"invocationId\":\"1\",\"result\":\"split\"}", await client.ReceiveUntilAsync(r => r.Contains("\"type\":3", StringComparison.Ordinal)));
        Assert.Equal("{\"type\":3,\"invocationId\":\"2\",\"result\":7}", await client.ReceiveUntilAsync(r => r.Contains("\"type\":3", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnotherProtocol_IsRefusedInTheHandshake_AndTheSocketCloses()
    {
        await using var environment = await ServerlessEnvironment.StartAsync();
        await using var client = await RawSignalRClient.OpenAsync(environment, "ivan");

        await client.SendFrameAsync("{\"protocol\":\"messagepack\",\"version\":1}\u001e");

        Assert.Equal("{\"error\":\"Requested protocol 'messagepack' is not available.\"}", await client.ReceiveRecordAsync());
        Assert.Null(await client.ReceiveRecordAsync());
        Assert.DoesNotContain(environment.Upstream.Events, e => e.ConnectionId == client.ConnectionId);
    }

    [Fact]
    public async Task TheServerPingsOnItsInterval()
    {
        await using var environment = await ServerlessEnvironment.StartAsync(emulatorSettings: new Dictionary<string, string?>
        {
            ["SignalR:KeepAliveInterval"] = "00:00:00.100",
            ["SignalR:ClientTimeout"] = "00:00:30",
        });
        await using var client = await RawSignalRClient.OpenAsync(environment, "jack");
        await client.SendFrameAsync(Handshake);
        Assert.Equal("{}", await client.ReceiveRecordAsync());

        Assert.Equal("{\"type\":6}", await client.ReceiveRecordAsync());
        Assert.Equal("{\"type\":6}", await client.ReceiveRecordAsync());
    }

    [Fact]
    public async Task ASilentClient_IsClosedWithAnError_AfterTheClientTimeout()
    {
        await using var environment = await ServerlessEnvironment.StartAsync(emulatorSettings: new Dictionary<string, string?>
        {
            ["SignalR:KeepAliveInterval"] = "00:00:00.100",
            ["SignalR:ClientTimeout"] = "00:00:00.500",
        });
        await using var client = await RawSignalRClient.OpenAsync(environment, "kim");
        await client.SendFrameAsync(Handshake);
        Assert.Equal("{}", await client.ReceiveRecordAsync());

        var close = await client.ReceiveUntilAsync(r => r.Contains("\"type\":7", StringComparison.Ordinal));

        Assert.Contains("Server timeout", close, StringComparison.Ordinal);
        Assert.Null(await client.ReceiveRecordAsync());
        var disconnected = await environment.Upstream.WaitForAsync("disconnected", client.ConnectionId);
        Assert.Contains("Server timeout", disconnected.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedRecord_ClosesTheConnectionWithAnError()
    {
        await using var environment = await ServerlessEnvironment.StartAsync();
        await using var client = await RawSignalRClient.OpenAsync(environment, "lena");
        await client.SendFrameAsync(Handshake);
        Assert.Equal("{}", await client.ReceiveRecordAsync());

        await client.SendFrameAsync("{\"type\":1,\"target\":\"x\"}\u001e");

        var close = await client.ReceiveUntilAsync(r => r.Contains("\"type\":7", StringComparison.Ordinal));
        Assert.Contains("arguments", close, StringComparison.Ordinal);
        Assert.Contains("\"allowReconnect\":false", close, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Negotiate_AndTransport_RefuseBadTokensAndUnknownIds()
    {
        await using var environment = await ServerlessEnvironment.StartAsync();
        using var http = new HttpClient { BaseAddress = environment.Emulator.Endpoint };

        using var anonymous = await http.PostAsync(new Uri("/client/negotiate?hub=notifications", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var access = await environment.Rest.GetClientAccessAsync("mia");
        using var otherHub = new HttpRequestMessage(HttpMethod.Post, new Uri("/client/negotiate?hub=chat", UriKind.Relative));
        otherHub.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access.AccessToken);
        using var otherHubResponse = await http.SendAsync(otherHub);
        Assert.Equal(HttpStatusCode.Unauthorized, otherHubResponse.StatusCode);
        Assert.Contains("audience", await otherHubResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var forged = access.AccessToken[..^4] + (access.AccessToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        using var forgedRequest = new HttpRequestMessage(HttpMethod.Post, new Uri("/client/negotiate?hub=notifications", UriKind.Relative));
        forgedRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        using var forgedResponse = await http.SendAsync(forgedRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);

        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + access.AccessToken);
        var unknown = new Uri(environment.Emulator.Endpoint.AbsoluteUri.Replace("http://", "ws://", StringComparison.Ordinal) + "client/?hub=notifications&id=unknown");
        var refused = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(unknown, CancellationToken.None));
        Assert.Contains("404", refused.Message, StringComparison.Ordinal);
    }
}
