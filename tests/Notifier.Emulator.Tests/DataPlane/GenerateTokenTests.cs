using System.Net;
using Azure;
using Notifier.Azure.WebPubSub.Rest;

namespace Notifier.Emulator.Tests.DataPlane;

/// <summary><c>:generateToken</c>: the service mints a client token that connects.</summary>
public class GenerateTokenTests
{
    [Fact]
    public async Task GeneratedToken_Connects_WithItsUserRolesAndGroups()
    {
        await using var server = await EmulatorServer.StartAsync();
        var rest = server.CreateRestClient();
        var options = new ClientTokenOptions { UserId = "alice", ExpiresAfter = TimeSpan.FromMinutes(5) };
        options.Roles.Add("webpubsub.sendToGroup.news");
        options.Groups.Add("news");

        var token = await rest.GenerateClientTokenAsync(options);
        var (socket, connected) = await TestWebSocket.ConnectJsonAsync(
            new Uri(server.Endpoint, "/client/hubs/chat?access_token=" + Uri.EscapeDataString(token.Value)));
        await using var _ = socket;

        Assert.Equal(200, token.GetRawResponse().Status);
        Assert.Equal("alice", connected.GetProperty("userId").GetString());
        var connectionId = connected.GetProperty("connectionId").GetString()!;
        Assert.True((await rest.CheckPermissionAsync(GroupPermission.SendToGroup, connectionId, "news")).Value);
        Assert.False((await rest.CheckPermissionAsync(GroupPermission.SendToGroup, connectionId, "other")).Value);
        Assert.True((await rest.GroupExistsAsync("news")).Value);
    }

    [Fact]
    public async Task GeneratedToken_IsForThisHubOnly()
    {
        await using var server = await EmulatorServer.StartAsync();
        var token = (await server.CreateRestClient().GenerateClientTokenAsync()).Value;

        var error = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() =>
            TestWebSocket.ConnectAsync(new Uri(server.Endpoint, "/client/hubs/other?access_token=" + Uri.EscapeDataString(token))));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mqtt_IsNotSupported()
    {
        await using var server = await EmulatorServer.StartAsync();
        var rest = server.CreateRestClient();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => rest.GenerateClientTokenAsync(new ClientTokenOptions { ClientType = WebPubSubClientType.Mqtt }));

        Assert.Equal(400, error.Status);
        Assert.Equal("NotSupported", error.ErrorCode);
    }

    [Theory]
    [InlineData("minutesToExpire=0", "minutesToExpire")]
    [InlineData("clientType=Teapot", "clientType")]
    [InlineData("group=%20%20", "group")]
    [InlineData("role=webpubsub.sendToGroups.a%5C", "role")]
    public async Task InvalidParameters_Are400(string query, string target)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Post, "/api/hubs/chat/:generateToken?api-version=2024-12-01&" + query);

        await ErrorBody.AssertAsync(response, HttpStatusCode.BadRequest, "Error.BadRequest", target);
    }
}
