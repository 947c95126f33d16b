using Azure;
using Azure.Core;
using Notifier.Azure.WebPubSub.Rest;

namespace Notifier.Emulator.Tests.DataPlane;

/// <summary>Group membership by connection, by user and by filter; group existence and listing.</summary>
public class GroupTests
{
    [Fact]
    public async Task AddConnectionToGroup_ThenGroupSendsReachIt_RemoveStopsThem()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        var rest = server.CreateRestClient();

        var added = await rest.AddConnectionToGroupAsync("news", alice.ConnectionId);
        var again = await rest.AddConnectionToGroupAsync("news", alice.ConnectionId);
        await rest.SendToGroupAsync("news", BinaryData.FromString("headline"), ContentType.TextPlain);

        Assert.Equal(200, added.Status);
        Assert.Equal(200, again.Status);
        Assert.True((await rest.GroupExistsAsync("news")).Value);
        Assert.Equal("headline", (await alice.ReceiveAsync()).GetProperty("data").GetString());

        var removed = await rest.RemoveConnectionFromGroupAsync("news", alice.ConnectionId);
        await rest.SendToGroupAsync("news", BinaryData.FromString("missed"), ContentType.TextPlain);

        Assert.Equal(204, removed.Status);
        Assert.False((await rest.GroupExistsAsync("news")).Value);
        await alice.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task AddConnectionToGroup_UnknownConnection_Is404ConnectionNotExisted()
    {
        await using var server = await EmulatorServer.StartAsync();
        var rest = server.CreateRestClient();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => rest.AddConnectionToGroupAsync("news", "no-such-connection"));

        Assert.Equal(404, error.Status);
        Assert.Equal("Error.Connection.NotExisted", error.ErrorCode);
        Assert.Contains("Connection `no-such-connection` is not found.", error.Message, StringComparison.Ordinal);
        Assert.False((await rest.GroupExistsAsync("news")).Value);
    }

    [Fact]
    public async Task RemoveConnectionFromGroup_WhenAbsent_Is204()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        var rest = server.CreateRestClient();

        Assert.Equal(204, (await rest.RemoveConnectionFromGroupAsync("news", alice.ConnectionId)).Status);
        Assert.Equal(204, (await rest.RemoveConnectionFromGroupAsync("news", "no-such-connection")).Status);
    }

    [Fact]
    public async Task AddUserToGroup_AddsEveryCurrentConnection_NotLaterOnes()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var phone = await Client.ConnectAsync(server, "alice");
        await using var laptop = await Client.ConnectAsync(server, "alice");
        var rest = server.CreateRestClient();

        var response = await rest.AddUserToGroupAsync("team", "alice");
        await using var later = await Client.ConnectAsync(server, "alice");
        await rest.SendToGroupAsync("team", BinaryData.FromString("standup"), ContentType.TextPlain);

        Assert.Equal(200, response.Status);
        Assert.Equal("standup", (await phone.ReceiveAsync()).GetProperty("data").GetString());
        Assert.Equal("standup", (await laptop.ReceiveAsync()).GetProperty("data").GetString());
        await later.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task AddUserToGroup_UserWithoutConnections_Is404()
    {
        await using var server = await EmulatorServer.StartAsync();
        var rest = server.CreateRestClient();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => rest.AddUserToGroupAsync("team", "ghost"));

        Assert.Equal(404, error.Status);
        Assert.Equal("Error.User.NotExisted", error.ErrorCode);
    }

    [Fact]
    public async Task RemoveUserFromGroup_AndFromAllGroups()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice", groups: ["a", "b", "c"]);
        var rest = server.CreateRestClient();

        Assert.Equal(204, (await rest.RemoveUserFromGroupAsync("a", "alice")).Status);
        await rest.SendToGroupAsync("a", BinaryData.FromString("to a"), ContentType.TextPlain);
        await rest.SendToGroupAsync("b", BinaryData.FromString("to b"), ContentType.TextPlain);
        Assert.Equal("to b", (await alice.ReceiveAsync()).GetProperty("data").GetString());

        Assert.Equal(204, (await rest.RemoveUserFromAllGroupsAsync("alice")).Status);
        await rest.SendToGroupAsync("b", BinaryData.FromString("to b again"), ContentType.TextPlain);
        await rest.SendToGroupAsync("c", BinaryData.FromString("to c"), ContentType.TextPlain);
        await alice.AssertNothingReceivedAsync(server);
        Assert.Equal(204, (await rest.RemoveUserFromAllGroupsAsync("ghost")).Status);
        Assert.Equal(204, (await rest.RemoveUserFromGroupAsync("a", "ghost")).Status);
    }

    [Fact]
    public async Task UserExists_And_GroupExists()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice", groups: ["room"]);
        var rest = server.CreateRestClient();

        Assert.True((await rest.UserExistsAsync("alice")).Value);
        Assert.False((await rest.UserExistsAsync("ghost")).Value);
        Assert.True((await rest.GroupExistsAsync("room")).Value);
        Assert.False((await rest.GroupExistsAsync("hall")).Value);
    }

    [Fact]
    public async Task AddConnectionsToGroups_ByFilter_AddsOnlyMatches()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice", groups: ["staff"]);
        await using var bob = await Client.ConnectAsync(server, "bob");
        var rest = server.CreateRestClient();

        var response = await rest.AddConnectionsToGroupsAsync(["x", "y"], "'staff' in groups");
        await rest.SendToGroupAsync("x", BinaryData.FromString("to x"), ContentType.TextPlain);
        await rest.SendToGroupAsync("y", BinaryData.FromString("to y"), ContentType.TextPlain);

        Assert.Equal(200, response.Status);
        Assert.Equal("to x", (await alice.ReceiveAsync()).GetProperty("data").GetString());
        Assert.Equal("to y", (await alice.ReceiveAsync()).GetProperty("data").GetString());
        await bob.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task AddConnectionsToGroups_WithoutFilter_AddsEveryone_RemoveByFilterTakesSomeOut()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        await using var bob = await Client.ConnectAsync(server, "bob");
        var rest = server.CreateRestClient();

        await rest.AddConnectionsToGroupsAsync(["all"]);
        var removed = await rest.RemoveConnectionsFromGroupsAsync(["all"], "userId eq 'bob'");
        await rest.SendToGroupAsync("all", BinaryData.FromString("to all"), ContentType.TextPlain);

        Assert.Equal(200, removed.Status);
        Assert.Equal("to all", (await alice.ReceiveAsync()).GetProperty("data").GetString());
        await bob.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task AddConnectionsToGroups_FilterOnGroups_SeesMembershipAsItWas()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice", groups: ["a"]);
        await using var bob = await Client.ConnectAsync(server, "bob");
        var rest = server.CreateRestClient();

        // Had the filter been re-evaluated while adding, adding to 'a' would make bob match for 'b'.
        await rest.AddConnectionsToGroupsAsync(["a", "b"], "not ('a' in groups)");

        var members = await rest.GetGroupMembersAsync("b").ToListAsync();
        Assert.Equal(bob.ConnectionId, Assert.Single(members).ConnectionId);
        Assert.Equal(2, (await rest.GetGroupMembersAsync("a").ToListAsync()).Count);
    }

    [Fact]
    public async Task GetGroupMembers_PagesThroughNextLink()
    {
        await using var server = await EmulatorServer.StartAsync();
        var clients = new List<Client>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                clients.Add(await Client.ConnectAsync(server, i % 2 == 0 ? "user" + i : null, groups: ["g"]));
            }

            await using var outsider = await Client.ConnectAsync(server, "outsider");
            var rest = server.CreateRestClient();

            var pages = new List<Page<GroupMember>>();
            await foreach (var page in rest.GetGroupMembersAsync("g", maxPageSize: 2).AsPages())
            {
                pages.Add(page);
            }

            Assert.Equal([2, 2, 1], pages.Select(p => p.Values.Count));
            Assert.NotNull(pages[0].ContinuationToken);
            Assert.StartsWith(server.Endpoint.AbsoluteUri.TrimEnd('/') + "/api/hubs/chat/groups/g/connections?", pages[0].ContinuationToken, StringComparison.Ordinal);
            Assert.Null(pages[2].ContinuationToken);
            var listed = pages.SelectMany(p => p.Values).ToList();
            Assert.Equal(clients.Select(c => c.ConnectionId).Order(StringComparer.Ordinal), listed.Select(m => m.ConnectionId));
            Assert.Equal(["user0", null, "user2", null, "user4"], clients.Select(c => listed.Single(m => m.ConnectionId == c.ConnectionId).UserId));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task GetGroupMembers_UnknownGroup_IsEmpty()
    {
        await using var server = await EmulatorServer.StartAsync();

        Assert.Empty(await server.CreateRestClient().GetGroupMembersAsync("nobody").ToListAsync());
    }

    [Fact]
    public async Task GetGroupMembers_TopLimitsTheTotal_AcrossPages()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var a = await Client.ConnectAsync(server, "a", groups: ["g"]);
        await using var b = await Client.ConnectAsync(server, "b", groups: ["g"]);
        await using var c = await Client.ConnectAsync(server, "c", groups: ["g"]);
        using var raw = new RawRestClient(server);

        var first = await raw.SendAsync(HttpMethod.Get, "/api/hubs/chat/groups/g/connections?api-version=2024-12-01&maxpagesize=1&top=2");
        var firstPage = System.Text.Json.JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        var nextLink = new Uri(firstPage.GetProperty("nextLink").GetString()!);
        var second = await raw.SendAsync(HttpMethod.Get, nextLink.PathAndQuery);
        var secondPage = System.Text.Json.JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(1, firstPage.GetProperty("value").GetArrayLength());
        Assert.Contains("top=1", nextLink.Query, StringComparison.Ordinal);
        Assert.Equal(1, secondPage.GetProperty("value").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, secondPage.GetProperty("nextLink").ValueKind);
    }
}
