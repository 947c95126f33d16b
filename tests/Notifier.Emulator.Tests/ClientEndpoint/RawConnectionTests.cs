using System.Net;
using System.Net.WebSockets;
using Azure.Core;

namespace Notifier.Emulator.Tests.ClientEndpoint;

/// <summary>
/// Client upgrades are served below Kestrel's HTTP layer when they open a connection, and through the HTTP pipeline
/// otherwise; both paths must behave the same.
/// </summary>
public class RawConnectionTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BothPaths_ConnectPublishAndPong(bool raw)
    {
        await using var server = await EmulatorServer.StartAsync(configure: o => o.AcceptClientsOnRawConnections = raw);
        var (member, connected) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "ann", groups: ["g"], roles: ["webpubsub.sendToGroup"]));
        await using var _ = member;

        await member.SendTextAsync("""{"type":"sendToGroup","group":"g","dataType":"text","data":"hi"}""");
        var message = await member.ReceiveJsonAsync();
        await member.SendTextAsync("""{"type":"ping"}""");

        Assert.Equal("ann", connected.GetProperty("userId").GetString());
        Assert.Equal("hi", message.GetProperty("data").GetString());
        Assert.Equal("pong", (await member.ReceiveJsonAsync()).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BothPaths_RefuseWithTheStatusAndMessage(bool raw)
    {
        await using var server = await EmulatorServer.StartAsync(configure: o => o.AcceptClientsOnRawConnections = raw);
        var badHub = new Uri(server.Endpoint, "/client/hubs/1bad?access_token=x");

        var error = await Assert.ThrowsAsync<WebSocketException>(() => TestWebSocket.ConnectAsync(badHub));

        Assert.Contains("400", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainGetOnTheClientEndpoint_GoesToTheHttpPipeline_AndIsRefused()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri(server.Endpoint, "/client/hubs/chat"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("WebSocket", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientsAndRestCalls_ShareTheSamePort()
    {
        await using var server = await EmulatorServer.StartAsync();
        var (client, _) = await TestWebSocket.ConnectJsonAsync(server.ClientUri(userId: "bo"));
        await using var _1 = client;

        await server.CreateRestClient().SendToUserAsync("bo", BinaryData.FromString("via REST"), ContentType.TextPlain);

        Assert.Equal("via REST", (await client.ReceiveJsonAsync()).GetProperty("data").GetString());
    }
}
