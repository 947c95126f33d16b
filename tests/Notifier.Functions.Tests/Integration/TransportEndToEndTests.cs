using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Net;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// The end-to-end paths that matter most, once per transport (Web PubSub, and SignalR Service in serverless mode,
/// both the emulator): negotiate, connect with the transport's real client, receive a direct, a group and a
/// broadcast notification, ack and read with sync across devices, the connection limit, and catch-up after a cut.
/// </summary>
[Collection(TransportStacksCollectionDefinition.Name)]
public sealed class TransportEndToEndTests
{
    private readonly TransportStacksFixture _stacks;

    public TransportEndToEndTests(TransportStacksFixture stacks)
    {
        _stacks = stacks;
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task A_direct_notification_arrives_and_ack_and_read_reach_the_status(string transport)
    {
        var stack = _stacks[transport];
        var alice = NotifierClient.NewUser("alice");
        await using var client = await stack.ConnectAsync(alice);
        var id = NotifierClient.NewId();

        await stack.Client.PublishAcceptedAsync($$$"""{"id":"{{{id}}}","to":{"users":["{{{alice}}}"]},"title":"Shipped","data":{"order":42}}""");

        var envelope = await client.ReceiveEnvelopeAsync("notification");
        Assert.Equal(id, envelope.GetProperty("payload").GetProperty("id").GetString());
        Assert.Equal(42, envelope.GetProperty("payload").GetProperty("data").GetProperty("order").GetInt32());
        Assert.True(envelope.GetProperty("sequence").GetInt64() >= 1);

        await client.SendEventAsync("ack", id);
        var status = await stack.Client.StatusAsync(id);
        Assert.Equal(1, status!.Value.GetProperty("delivered").GetInt32());
        Assert.Equal(0, status.Value.GetProperty("read").GetInt32());

        await client.SendEventAsync("read", id);
        status = await stack.Client.StatusAsync(id);
        Assert.Equal(1, status!.Value.GetProperty("read").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task Reading_on_one_device_syncs_the_other_and_sends_the_sender_a_receipt(string transport)
    {
        var stack = _stacks[transport];
        var bob = NotifierClient.NewUser("bob");
        var carol = NotifierClient.NewUser("carol");
        await using var phone = await stack.ConnectAsync(bob);
        await using var laptop = await stack.ConnectAsync(bob);
        await using var sender = await stack.ConnectAsync(carol);
        var id = NotifierClient.NewId();

        await stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{bob}}"]},"title":"Lunch?","sender":"{{carol}}","receipt":true}""");
        await phone.ReceiveEnvelopeAsync("notification");
        await laptop.ReceiveEnvelopeAsync("notification");

        await phone.SendEventAsync("read", id);

        var read = await laptop.ReceiveEnvelopeAsync("read");
        Assert.Equal(id, Assert.Single(read.GetProperty("payload").GetProperty("ids").EnumerateArray()).GetString());
        var receipt = await sender.ReceiveEnvelopeAsync("receipt");
        Assert.Equal(bob, receipt.GetProperty("payload").GetProperty("userId").GetString());

        // The device that read it is not told again: the next thing it gets is a later notification.
        var later = NotifierClient.NewId();
        await stack.Client.PublishAcceptedAsync($$"""{"id":"{{later}}","to":{"users":["{{bob}}"]},"title":"Later"}""");
        var next = await phone.ReceiveAnyEnvelopeAsync();
        Assert.Equal("notification", next.GetProperty("type").GetString());
        Assert.Equal(later, next.GetProperty("payload").GetProperty("id").GetString());
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task Group_notifications_reach_members_only_and_broadcasts_reach_everyone(string transport)
    {
        var stack = _stacks[transport];
        var oncall = NotifierClient.NewUser("oncall");
        var outsider = NotifierClient.NewUser("outsider");
        await using var member = await stack.ConnectAsync(oncall, roles: "ops");
        await using var other = await stack.ConnectAsync(outsider);
        var group = NotifierClient.NewId();
        var broadcast = NotifierClient.NewId();

        await stack.Client.PublishAcceptedAsync($$"""{"id":"{{group}}","to":{"groups":["ops"]},"title":"Disk full"}""");
        await stack.Client.PublishAcceptedAsync($$"""{"id":"{{broadcast}}","to":{"all":true},"title":"Maintenance"}""");

        Assert.Equal(group, (await member.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());
        Assert.Equal(broadcast, (await member.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());

        // The outsider's first notification is the broadcast: the group's never reached it.
        Assert.Equal(broadcast, (await other.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());

        // A group notification acknowledged over the socket counts: the ack merged the group's stream.
        await member.SendEventAsync("read", group);
        var status = await stack.Client.StatusAsync(group);
        Assert.Equal(1, status!.Value.GetProperty("read").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task A_user_at_the_connection_limit_is_refused_until_one_closes(string transport)
    {
        var stack = _stacks[transport];
        var user = NotifierClient.NewUser("busy");
        var open = new List<IRealtimeTestClient>();
        try
        {
            for (var i = 0; i < 10; i++)
            {
                open.Add(await stack.ConnectAsync(user));
            }

            Assert.True(await IsRefusedAsync(stack, user), "the 11th connection was admitted");

            await open[0].DisposeAsync();
            open.RemoveAt(0);
            await using var again = await stack.ConnectAsync(user);
            Assert.NotNull(again);
        }
        finally
        {
            foreach (var client in open)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task After_a_network_cut_the_client_catches_up_from_the_inbox_with_nothing_lost(string transport)
    {
        var stack = _stacks[transport];
        await using var proxy = TcpProxy.Start(stack.Emulator.Endpoint.Port);
        Uri ThroughProxy(Uri url) => new UriBuilder(url) { Port = proxy.Port }.Uri;
        var user = NotifierClient.NewUser("mobile");
        var before = NotifierClient.NewId();
        var during = NotifierClient.NewId();
        var after = NotifierClient.NewId();

        var client = await stack.ConnectAsync(user, route: ThroughProxy);
        await stack.Client.PublishAcceptedAsync($$"""{"id":"{{before}}","to":{"users":["{{user}}"]},"title":"before"}""");
        var seen = (await client.ReceiveEnvelopeAsync("notification")).GetProperty("sequence").GetInt64();

        proxy.Cut();
        await client.ClosedAsync(TimeSpan.FromSeconds(30));
        await client.DisposeAsync();
        await stack.Client.PublishAcceptedAsync($$"""{"id":"{{during}}","to":{"users":["{{user}}"]},"title":"during"}""");

        // What the client library does on every reconnect: connect, then read the inbox after the last sequence seen.
        await using var reconnected = await stack.ConnectAsync(user, route: ThroughProxy);
        var missed = (await stack.Client.InboxAsync(user, $"?after={seen}")).GetProperty("items").EnumerateArray()
            .Select(item => item.GetProperty("notification").GetProperty("id").GetString()).ToList();
        Assert.Contains(during, missed);
        Assert.DoesNotContain(before, missed);

        await stack.Client.PublishAcceptedAsync($$"""{"id":"{{after}}","to":{"users":["{{user}}"]},"title":"after"}""");
        Assert.Equal(after, (await reconnected.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());
        Assert.True(proxy.Connections >= 2);
    }

    /// <summary>
    /// Web PubSub refuses the upgrade (the blocking connect answers 401); SignalR Service has no blocking connect, so
    /// the app closes the connection from its <c>connected</c> upstream with the reason.
    /// </summary>
    private static async Task<bool> IsRefusedAsync(NotifierEnvironment stack, string user)
    {
        var negotiated = await stack.Client.NegotiateAsync(user);
        if (stack.Transport == Transports.WebPubSub)
        {
            try
            {
                await using var admitted = await WebPubSubTestClient.ConnectAsync(negotiated, route: null);
                return false;
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                return true;
            }
        }

        await using var client = await SignalRTestClient.ConnectAsync(negotiated, route: null, waitUntilReady: false);
        var reason = await client.ClosedAsync(TimeSpan.FromSeconds(10));
        return reason is not null && reason.Contains("connections, the most allowed", StringComparison.Ordinal);
    }
}
