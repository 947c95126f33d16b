using System.Net.WebSockets;
using Azure.Core;
using Notifier.Azure.WebPubSub.Rest;

namespace Notifier.Emulator.Tests.DataPlane;

/// <summary>The send operations, through our REST client, observed by real WebSocket clients.</summary>
public class SendTests
{
    [Fact]
    public async Task SendToAll_Text_ArrivesFromServer_AsText()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        await using var bob = await Client.ConnectAsync(server, "bob");

        var response = await server.CreateRestClient().SendToAllAsync(BinaryData.FromString("héllo"), ContentType.TextPlain);

        Assert.Equal(202, response.Status);
        foreach (var client in new[] { alice, bob })
        {
            var message = await client.ReceiveAsync();
            Assert.Equal("message", message.GetProperty("type").GetString());
            Assert.Equal("server", message.GetProperty("from").GetString());
            Assert.Equal("text", message.GetProperty("dataType").GetString());
            Assert.Equal("héllo", message.GetProperty("data").GetString());
            Assert.False(message.TryGetProperty("group", out _));
        }
    }

    [Fact]
    public async Task SendToAll_Json_ArrivesAsJsonValue()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");

        await server.CreateRestClient().SendToAllAsync(BinaryData.FromString("""{"n":1,"s":"x"}"""), ContentType.ApplicationJson);

        var message = await alice.ReceiveAsync();
        Assert.Equal("json", message.GetProperty("dataType").GetString());
        Assert.Equal(1, message.GetProperty("data").GetProperty("n").GetInt32());
        Assert.Equal("x", message.GetProperty("data").GetProperty("s").GetString());
    }

    [Fact]
    public async Task SendToAll_Binary_ArrivesBase64ToJsonClients_AndAsBinaryFrameToRawClients()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var json = await Client.ConnectAsync(server, "alice");
        await using var raw = await Client.ConnectRawAsync(server, "bob");

        await server.CreateRestClient().SendToAllAsync(BinaryData.FromBytes(new byte[] { 0, 1, 254, 255 }), ContentType.ApplicationOctetStream);

        var message = await json.ReceiveAsync();
        Assert.Equal("binary", message.GetProperty("dataType").GetString());
        Assert.Equal([0, 1, 254, 255], message.GetProperty("data").GetBytesFromBase64());
        var (type, data) = await raw.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal([0, 1, 254, 255], data);
    }

    [Fact]
    public async Task SendToAll_RawClients_GetTextAndJsonBodiesAsTheyWereSent()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var raw = await Client.ConnectRawAsync(server, "bob");
        var rest = server.CreateRestClient();

        await rest.SendToAllAsync(BinaryData.FromString("plain"), ContentType.TextPlain);
        await rest.SendToAllAsync(BinaryData.FromString("\"quoted\""), ContentType.ApplicationJson);

        Assert.Equal("plain", await raw.ReceiveTextAsync());
        Assert.Equal("\"quoted\"", await raw.ReceiveTextAsync());
    }

    [Fact]
    public async Task SendToAll_CharsetParameter_IsAccepted()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");

        await server.CreateRestClient().SendToAllAsync(BinaryData.FromString("with charset"), new ContentType("text/plain; charset=utf-8"));

        Assert.Equal("with charset", (await alice.ReceiveAsync()).GetProperty("data").GetString());
    }

    [Fact]
    public async Task SendToAll_Excluded_SkipsThoseConnections()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");
        await using var bob = await Client.ConnectAsync(server, "bob");
        await using var carol = await Client.ConnectAsync(server, "carol");
        var options = new WebPubSubSendOptions();
        options.Excluded.Add(alice.ConnectionId);
        options.Excluded.Add(carol.ConnectionId);

        await server.CreateRestClient().SendToAllAsync(BinaryData.FromString("not for alice or carol"), ContentType.TextPlain, options);

        Assert.Equal("not for alice or carol", (await bob.ReceiveAsync()).GetProperty("data").GetString());
        await alice.AssertNothingReceivedAsync(server);
        await carol.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task SendToAll_Filter_SelectsByUserGroupsAndProtocol()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice", groups: ["vip"]);
        await using var bob = await Client.ConnectAsync(server, "bob");
        await using var raw = await Client.ConnectRawAsync(server, "bob");
        var rest = server.CreateRestClient();

        await rest.SendToAllAsync(BinaryData.FromString("vips"), ContentType.TextPlain, new WebPubSubSendOptions { Filter = "'vip' in groups" });
        await rest.SendToAllAsync(BinaryData.FromString("json bobs"), ContentType.TextPlain, new WebPubSubSendOptions { Filter = "userId eq 'bob' and protocol eq 'json.webpubsub.azure.v1'" });
        await rest.SendToAllAsync(BinaryData.FromString("raw"), ContentType.TextPlain, new WebPubSubSendOptions { Filter = "protocol eq null" });

        Assert.Equal("vips", (await alice.ReceiveAsync()).GetProperty("data").GetString());
        Assert.Equal("json bobs", (await bob.ReceiveAsync()).GetProperty("data").GetString());
        Assert.Equal("raw", await raw.ReceiveTextAsync());
        await alice.AssertNothingReceivedAsync(server);
        await bob.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task SendToUser_ReachesEveryConnectionOfTheUser_AndHonoursTheFilter()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var phone = await Client.ConnectAsync(server, "alice");
        await using var laptop = await Client.ConnectAsync(server, "alice", groups: ["work"]);
        await using var bob = await Client.ConnectAsync(server, "bob");
        var rest = server.CreateRestClient();

        var response = await rest.SendToUserAsync("alice", BinaryData.FromString("to alice"), ContentType.TextPlain);
        await rest.SendToUserAsync("alice", BinaryData.FromString("work only"), ContentType.TextPlain, new WebPubSubSendOptions { Filter = "'work' in groups" });

        Assert.Equal(202, response.Status);
        Assert.Equal("to alice", (await phone.ReceiveAsync()).GetProperty("data").GetString());
        Assert.Equal("to alice", (await laptop.ReceiveAsync()).GetProperty("data").GetString());
        Assert.Equal("work only", (await laptop.ReceiveAsync()).GetProperty("data").GetString());
        await phone.AssertNothingReceivedAsync(server);
        await bob.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task SendToConnection_ReachesOnlyThatConnection()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var first = await Client.ConnectAsync(server, "alice");
        await using var second = await Client.ConnectAsync(server, "alice");

        var response = await server.CreateRestClient().SendToConnectionAsync(first.ConnectionId, BinaryData.FromString("just you"), ContentType.TextPlain);

        Assert.Equal(202, response.Status);
        var message = await first.ReceiveAsync();
        Assert.Equal("server", message.GetProperty("from").GetString());
        Assert.Equal("just you", message.GetProperty("data").GetString());
        await second.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task SendToGroup_ArrivesFromGroup_WithoutFromUserId_AndHonoursExcludedAndFilter()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice", groups: ["news"]);
        await using var bob = await Client.ConnectAsync(server, "bob", groups: ["news"]);
        await using var outsider = await Client.ConnectAsync(server, "carol");
        var rest = server.CreateRestClient();
        var excludeBob = new WebPubSubSendOptions();
        excludeBob.Excluded.Add(bob.ConnectionId);

        await rest.SendToGroupAsync("news", BinaryData.FromString("""{"headline":"hi"}"""), ContentType.ApplicationJson);
        await rest.SendToGroupAsync("news", BinaryData.FromString("not bob"), ContentType.TextPlain, excludeBob);
        await rest.SendToGroupAsync("news", BinaryData.FromString("bob only"), ContentType.TextPlain, new WebPubSubSendOptions { Filter = "userId eq 'bob'" });

        var message = await alice.ReceiveAsync();
        Assert.Equal("group", message.GetProperty("from").GetString());
        Assert.Equal("news", message.GetProperty("group").GetString());
        Assert.False(message.TryGetProperty("fromUserId", out _));
        Assert.Equal("json", message.GetProperty("dataType").GetString());
        Assert.Equal("hi", message.GetProperty("data").GetProperty("headline").GetString());
        Assert.Equal("not bob", (await alice.ReceiveAsync()).GetProperty("data").GetString());
        Assert.Equal("hi", (await bob.ReceiveAsync()).GetProperty("data").GetProperty("headline").GetString());
        Assert.Equal("bob only", (await bob.ReceiveAsync()).GetProperty("data").GetString());
        await alice.AssertNothingReceivedAsync(server);
        await outsider.AssertNothingReceivedAsync(server);
    }

    [Fact]
    public async Task Sends_ToUnknownTargets_AreAccepted()
    {
        await using var server = await EmulatorServer.StartAsync();
        var rest = server.CreateRestClient("nobodyHere");
        var body = BinaryData.FromString("into the void");

        Assert.Equal(202, (await rest.SendToAllAsync(body, ContentType.TextPlain)).Status);
        Assert.Equal(202, (await rest.SendToUserAsync("ghost", body, ContentType.TextPlain)).Status);
        Assert.Equal(202, (await rest.SendToConnectionAsync("no-such-connection", body, ContentType.TextPlain)).Status);
        Assert.Equal(202, (await rest.SendToGroupAsync("empty", body, ContentType.TextPlain)).Status);
    }

    [Fact]
    public async Task HubNames_AreCaseInsensitive()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice", hub: "Chat");

        await server.CreateRestClient("CHAT").SendToAllAsync(BinaryData.FromString("any case"), ContentType.TextPlain);

        Assert.Equal("any case", (await alice.ReceiveAsync()).GetProperty("data").GetString());
    }

    [Fact]
    public async Task MessageTtl_InRange_IsAccepted()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var alice = await Client.ConnectAsync(server, "alice");

        await server.CreateRestClient().SendToAllAsync(BinaryData.FromString("ttl"), ContentType.TextPlain, new WebPubSubSendOptions { MessageTtlSeconds = 300 });

        Assert.Equal("ttl", (await alice.ReceiveAsync()).GetProperty("data").GetString());
    }

    [Fact]
    public async Task LargestAllowedBody_IsDelivered()
    {
        await using var server = await EmulatorServer.StartAsync();
        await using var raw = await Client.ConnectRawAsync(server, "bob");
        var body = new byte[1024 * 1024];
        Random.Shared.NextBytes(body);

        await server.CreateRestClient().SendToAllAsync(BinaryData.FromBytes(body), ContentType.ApplicationOctetStream);

        var (_, data) = await raw.ReceiveAsync();
        Assert.Equal(body, data);
    }

    [Fact]
    public async Task UserIdsAndGroups_WithReservedCharacters_RoundTrip()
    {
        await using var server = await EmulatorServer.StartAsync();
        const string user = "a b/c?d#é%";
        const string group = "room 1/a%2Fb";
        await using var client = await Client.ConnectAsync(server, user, groups: [group]);
        var rest = server.CreateRestClient();

        await rest.SendToUserAsync(user, BinaryData.FromString("to user"), ContentType.TextPlain);
        await rest.SendToGroupAsync(group, BinaryData.FromString("to group"), ContentType.TextPlain);

        Assert.Equal("to user", (await client.ReceiveAsync()).GetProperty("data").GetString());
        var message = await client.ReceiveAsync();
        Assert.Equal(group, message.GetProperty("group").GetString());
        Assert.Equal("to group", message.GetProperty("data").GetString());
    }
}
