using System.Net.WebSockets;
using Azure;
using Azure.Core;

namespace Notifier.Emulator.Tests.DataPlane;

/// <summary>Connection operations: exists, close (one, all, user, group) and removal from all groups.</summary>
public class ConnectionTests
{
    [Fact]
    public async Task ConnectionExists_IsTrueWhileOpen_FalseForUnknown()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        var rest = server.CreateRestClient();

        Assert.True((await rest.ConnectionExistsAsync(alice.ConnectionId)).Value);
        Assert.False((await rest.ConnectionExistsAsync("no-such-connection")).Value);
    }

    [Fact]
    public async Task CloseConnection_SendsDisconnectedWithTheReason_ThenCloses1000()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        await using var bob = await Client.ConnectAsync(server, "bob");
        var rest = server.CreateRestClient();

        var response = await rest.CloseConnectionAsync(alice.ConnectionId, "maintenance");

        Assert.Equal(204, response.Status);
        var disconnected = await alice.ReceiveAsync();
        Assert.Equal("system", disconnected.GetProperty("type").GetString());
        Assert.Equal("disconnected", disconnected.GetProperty("event").GetString());
        Assert.Equal("maintenance", disconnected.GetProperty("message").GetString());
        var (status, description) = await alice.Socket.ReceiveCloseAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Equal("maintenance", description);
        Assert.False((await rest.ConnectionExistsAsync(alice.ConnectionId)).Value);
        await bob.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task CloseConnection_WithoutReason_UsesTheServiceDefault()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");

        await server.CreateRestClient().CloseConnectionAsync(alice.ConnectionId);

        Assert.Equal("Closed by REST API.", (await alice.ReceiveAsync()).GetProperty("message").GetString());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await alice.Socket.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task CloseConnection_WithALongReason_StillCloses()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");

        await server.CreateRestClient().CloseConnectionAsync(alice.ConnectionId, new string('é', 200));

        Assert.StartsWith("éé", (await alice.ReceiveAsync()).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await alice.Socket.ReceiveCloseAsync()).Status);
    }

    [Fact]
    public async Task CloseConnection_Unknown_Is204()
    {
        await using var server = await EmulatorServer.StartAsync();

        Assert.Equal(204, (await server.CreateRestClient().CloseConnectionAsync("no-such-connection")).Status);
    }

    [Fact]
    public async Task CloseAllConnections_ClosesEveryoneButTheExcluded()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        await using var bob = await Client.ConnectAsync(server, "bob");
        await using var carol = await Client.ConnectAsync(server, "carol");
        await using var otherHub = await Client.ConnectAsync(server, "dave", hub: "other");
        var rest = server.CreateRestClient();

        var response = await rest.CloseAllConnectionsAsync([carol.ConnectionId], "shutdown");

        Assert.Equal(204, response.Status);
        foreach (var client in new[] { alice, bob })
        {
            Assert.Equal("shutdown", (await client.ReceiveAsync()).GetProperty("message").GetString());
            Assert.Equal(WebSocketCloseStatus.NormalClosure, (await client.Socket.ReceiveCloseAsync()).Status);
        }

        Assert.True((await rest.ConnectionExistsAsync(carol.ConnectionId)).Value);
        await carol.AssertNothingReceivedAsync(server);
        Assert.True((await server.CreateRestClient("other").ConnectionExistsAsync(otherHub.ConnectionId)).Value);
    }

    [Fact]
    public async Task CloseUserConnections_ClosesOnlyThatUser_ExceptExcluded()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var phone = await Client.ConnectAsync(server, "alice");
        await using var laptop = await Client.ConnectAsync(server, "alice");
        await using var bob = await Client.ConnectAsync(server, "bob");
        var rest = server.CreateRestClient();

        await rest.CloseUserConnectionsAsync("alice", [laptop.ConnectionId], "signed out");

        Assert.Equal("signed out", (await phone.ReceiveAsync()).GetProperty("message").GetString());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await phone.Socket.ReceiveCloseAsync()).Status);
        await laptop.AssertNothingReceivedAsync(server);
        await bob.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task CloseGroupConnections_ClosesTheGroupsMembers()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice", groups: ["room"]);
        await using var bob = await Client.ConnectAsync(server, "bob");
        var rest = server.CreateRestClient();

        await rest.CloseGroupConnectionsAsync("room");

        Assert.Equal("Closed by REST API.", (await alice.ReceiveAsync()).GetProperty("message").GetString());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await alice.Socket.ReceiveCloseAsync()).Status);
        Assert.False((await rest.GroupExistsAsync("room")).Value);
        await bob.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task RemoveConnectionFromAllGroups_LeavesEveryGroup()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice", groups: ["a", "b"]);
        var rest = server.CreateRestClient();

        var response = await rest.RemoveConnectionFromAllGroupsAsync(alice.ConnectionId);
        await rest.SendToGroupAsync("a", BinaryData.FromString("to a"), ContentType.TextPlain);
        await rest.SendToGroupAsync("b", BinaryData.FromString("to b"), ContentType.TextPlain);

        Assert.Equal(204, response.Status);
        Assert.False((await rest.GroupExistsAsync("a")).Value);
        Assert.False((await rest.GroupExistsAsync("b")).Value);
        await alice.AssertNothingReceivedAsync(server);
        Assert.Equal(204, (await rest.RemoveConnectionFromAllGroupsAsync("no-such-connection")).Status);
    }

    [Fact]
    public async Task OlderApiVersions_AreServed()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");

        foreach (var version in new[]
        {
            Notifier.Azure.WebPubSub.Rest.WebPubSubRestClientOptions.ServiceVersion.V2021_10_01,
            Notifier.Azure.WebPubSub.Rest.WebPubSubRestClientOptions.ServiceVersion.V2022_11_01,
            Notifier.Azure.WebPubSub.Rest.WebPubSubRestClientOptions.ServiceVersion.V2023_07_01,
            Notifier.Azure.WebPubSub.Rest.WebPubSubRestClientOptions.ServiceVersion.V2024_01_01,
        })
        {
            var rest = new Notifier.Azure.WebPubSub.Rest.WebPubSubRestClient(server.ConnectionString, "chat", new(version));
            Assert.True((await rest.ConnectionExistsAsync(alice.ConnectionId)).Value);
            await rest.SendToConnectionAsync(alice.ConnectionId, BinaryData.FromString(version.ToString()), ContentType.TextPlain);
            Assert.Equal(version.ToString(), (await alice.ReceiveAsync()).GetProperty("data").GetString());
        }
    }

    [Fact]
    public async Task WrongAccessKey_IsRejected401_WithAnErrorCode()
    {
        await using var server = await EmulatorServer.StartAsync();
        var rest = new Notifier.Azure.WebPubSub.Rest.WebPubSubRestClient(
            server.ConnectionString.Replace(EmulatorServer.AccessKey, "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210ZYXWVUT", StringComparison.Ordinal),
            "chat");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => rest.SendToAllAsync(BinaryData.FromString("x"), ContentType.TextPlain));

        Assert.Equal(401, error.Status);
        Assert.Equal("Error.Unauthorized", error.ErrorCode);
    }
}
