using Azure;
using Notifier.Azure.WebPubSub.Rest;

namespace Notifier.Emulator.Tests.DataPlane;

/// <summary>Grant, revoke and check over REST, observed through what the client may then do.</summary>
public class PermissionApiTests
{
    [Fact]
    public async Task Grant_LetsTheClientJoin_Revoke_StopsIt_CheckReportsBoth()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        var rest = server.CreateRestClient();

        Assert.False((await rest.CheckPermissionAsync(GroupPermission.JoinLeaveGroup, alice.ConnectionId, "room")).Value);
        Assert.Equal(200, (await rest.GrantPermissionAsync(GroupPermission.JoinLeaveGroup, alice.ConnectionId, "room")).Status);
        Assert.True((await rest.CheckPermissionAsync(GroupPermission.JoinLeaveGroup, alice.ConnectionId, "room")).Value);
        Assert.False((await rest.CheckPermissionAsync(GroupPermission.JoinLeaveGroup, alice.ConnectionId, "hall")).Value);
        Assert.True(await JoinAsync(alice, "room", 1));

        Assert.Equal(204, (await rest.RevokePermissionAsync(GroupPermission.JoinLeaveGroup, alice.ConnectionId, "room")).Status);
        Assert.False((await rest.CheckPermissionAsync(GroupPermission.JoinLeaveGroup, alice.ConnectionId, "room")).Value);
        Assert.False(await JoinAsync(alice, "room", 2));
        Assert.True((await rest.GroupExistsAsync("room")).Value);
    }

    [Fact]
    public async Task GrantWithoutTarget_CoversEveryGroup()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        var rest = server.CreateRestClient();

        await rest.GrantPermissionAsync(GroupPermission.SendToGroup, alice.ConnectionId);

        Assert.True((await rest.CheckPermissionAsync(GroupPermission.SendToGroup, alice.ConnectionId)).Value);
        Assert.True((await rest.CheckPermissionAsync(GroupPermission.SendToGroup, alice.ConnectionId, "anything")).Value);
        Assert.False((await rest.CheckPermissionAsync(GroupPermission.JoinLeaveGroup, alice.ConnectionId, "anything")).Value);
        await alice.Socket.SendTextAsync("""{"type":"sendToGroup","group":"anywhere","data":"hi","ackId":1}""");
        Assert.True((await alice.ReceiveAsync()).GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task RevokeOfOneGroup_OverridesAWildcardRole_UntilGrantedAgain()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice", roles: ["webpubsub.joinLeaveGroups.chat-*"]);
        var rest = server.CreateRestClient();

        Assert.True((await rest.CheckPermissionAsync(GroupPermission.JoinLeaveGroup, alice.ConnectionId, "chat-1")).Value);
        Assert.False((await rest.CheckPermissionAsync(GroupPermission.JoinLeaveGroup, alice.ConnectionId, "chat.1")).Value);

        await rest.RevokePermissionAsync(GroupPermission.JoinLeaveGroup, alice.ConnectionId, "chat-1");
        Assert.False(await JoinAsync(alice, "chat-1", 1));
        Assert.True(await JoinAsync(alice, "chat-2", 2));

        await rest.GrantPermissionAsync(GroupPermission.JoinLeaveGroup, alice.ConnectionId, "chat-1");
        Assert.True(await JoinAsync(alice, "chat-1", 3));
    }

    [Fact]
    public async Task PermissionNames_AreCaseInsensitive()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);

        var grant = await raw.SendAsync(HttpMethod.Put, $"/api/hubs/chat/permissions/SENDTOGROUP/connections/{alice.ConnectionId}?api-version=2024-12-01&targetName=g");
        var check = await raw.SendAsync(HttpMethod.Head, $"/api/hubs/chat/permissions/sendtogroup/connections/{alice.ConnectionId}?api-version=2024-12-01&targetName=g");

        Assert.Equal(System.Net.HttpStatusCode.OK, grant.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, check.StatusCode);
    }

    [Fact]
    public async Task UnknownConnection_Grant404_Revoke204_Check404()
    {
        await using var server = await EmulatorServer.StartAsync();
        var rest = server.CreateRestClient();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => rest.GrantPermissionAsync(GroupPermission.SendToGroup, "no-such-connection", "g"));

        Assert.Equal(404, error.Status);
        Assert.Equal("Error.Connection.NotExisted", error.ErrorCode);
        Assert.Equal(204, (await rest.RevokePermissionAsync(GroupPermission.SendToGroup, "no-such-connection", "g")).Status);
        Assert.False((await rest.CheckPermissionAsync(GroupPermission.SendToGroup, "no-such-connection", "g")).Value);
    }

    [Fact]
    public async Task UnknownPermission_Is400()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        using var raw = new RawRestClient(server);

        var response = await raw.SendAsync(HttpMethod.Put, $"/api/hubs/chat/permissions/fly/connections/{alice.ConnectionId}?api-version=2024-12-01");

        await ErrorBody.AssertAsync(response, System.Net.HttpStatusCode.BadRequest, "Error.BadRequest", "permission");
    }

    private static async Task<bool> JoinAsync(Client client, string group, int ackId)
    {
        await client.Socket.SendTextAsync($$"""{"type":"joinGroup","group":"{{group}}","ackId":{{ackId}}}""");
        var ack = await client.ReceiveAsync();
        Assert.Equal("ack", ack.GetProperty("type").GetString());
        return ack.GetProperty("success").GetBoolean();
    }
}
