using System.Net;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Net;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// Negotiate → connect → publish → receive → ack/read → status and inbox reflect it. What a connected client sees runs
/// once per transport (Web PubSub, and SignalR Service in serverless mode, both the emulator, each with its real client);
/// what only the inbox shows runs on the default stack.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class EndToEndTests
{
    private readonly StackFixture _stacks;

    public EndToEndTests(StackFixture stacks)
    {
        _stacks = stacks;
    }

    private NotifierClient Client => _stacks.Stack.Client;

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task A_published_notification_reaches_the_users_connection_and_ack_and_read_reach_the_status(string transport)
    {
        var stack = _stacks[transport];
        var client = stack.Client;
        var alice = NotifierClient.NewUser("alice");
        await using var connection = await stack.ConnectAsync(alice);
        var id = NotifierClient.NewId();

        // Broadcasts from other tests land in every inbox; count relative to them.
        var unreadBefore = await client.UnreadAsync(alice);

        var accepted = await client.PublishAcceptedAsync($$$"""{"id":"{{{id}}}","to":{"users":["{{{alice}}}"]},"type":"order.shipped","title":"Shipped","body":"Order 42","url":"/orders/42","data":{"order":42}}""");
        Assert.Equal(id, accepted.GetProperty("id").GetString());

        var envelope = await connection.ReceiveEnvelopeAsync("notification");
        var payload = envelope.GetProperty("payload");
        Assert.Equal(id, payload.GetProperty("id").GetString());
        Assert.Equal("order.shipped", payload.GetProperty("type").GetString());
        Assert.Equal("Shipped", payload.GetProperty("title").GetString());
        Assert.Equal(42, payload.GetProperty("data").GetProperty("order").GetInt32());
        Assert.True(envelope.GetProperty("sequence").GetInt64() >= 1);
        Assert.Equal(26, envelope.GetProperty("messageId").GetString()!.Length);

        await connection.SendEventAsync("ack", id);
        var status = await client.StatusAsync(id);
        Assert.Equal(1, status!.Value.GetProperty("delivered").GetInt32());
        Assert.Equal(0, status.Value.GetProperty("read").GetInt32());
        Assert.Equal(unreadBefore + 1, await client.UnreadAsync(alice));

        await connection.SendEventAsync("read", id);
        status = await client.StatusAsync(id);
        Assert.Equal(1, status!.Value.GetProperty("read").GetInt32());
        Assert.Equal("pushed", status.Value.GetProperty("state").GetString());
        Assert.Equal(unreadBefore, await client.UnreadAsync(alice));

        var inbox = await client.InboxAsync(alice);
        var item = inbox.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("notification").GetProperty("id").GetString() == id);
        Assert.True(item.GetProperty("read").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task Reading_on_one_device_tells_the_others_and_sends_the_sender_a_receipt(string transport)
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
        Assert.Equal(id, receipt.GetProperty("payload").GetProperty("id").GetString());
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
    public async Task Marking_read_over_http_syncs_every_device(string transport)
    {
        var stack = _stacks[transport];
        var client = stack.Client;
        var dave = NotifierClient.NewUser("dave");

        // Broadcasts from other tests land in every inbox: read them before the connection exists.
        using (await client.MarkReadAsync(dave, """{"all":true}"""))
        {
        }

        await using var connection = await stack.ConnectAsync(dave);
        var first = NotifierClient.NewId();
        var second = NotifierClient.NewId();

        await client.PublishAcceptedAsync($$"""[{"id":"{{first}}","to":{"users":["{{dave}}"]},"title":"1"},{"id":"{{second}}","to":{"users":["{{dave}}"]},"title":"2"}]""");
        Assert.Equal(2, await client.UnreadAsync(dave));

        using var response = await client.MarkReadAsync(dave, """{"all":true}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var read = await connection.ReceiveEnvelopeAsync("read");
        Assert.Equal(new[] { first, second }.Order(), read.GetProperty("payload").GetProperty("ids").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(0, await client.UnreadAsync(dave));
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task Group_pushes_reach_members_only_broadcasts_reach_everyone_and_a_group_read_counts(string transport)
    {
        var stack = _stacks[transport];
        var client = stack.Client;
        var oncall = NotifierClient.NewUser("oncall");
        var outsider = NotifierClient.NewUser("outsider");
        await using var member = await stack.ConnectAsync(oncall, roles: "ops");
        await using var other = await stack.ConnectAsync(outsider);
        var group = NotifierClient.NewId();
        var broadcast = NotifierClient.NewId();

        await client.PublishAcceptedAsync($$"""{"id":"{{group}}","to":{"groups":["ops"]},"title":"Disk full"}""");
        await client.PublishAcceptedAsync($$"""{"id":"{{broadcast}}","to":{"all":true},"title":"Maintenance"}""");

        var envelope = await member.ReceiveEnvelopeAsync("notification");
        Assert.Equal(group, envelope.GetProperty("payload").GetProperty("id").GetString());
        Assert.False(envelope.TryGetProperty("sequence", out _));
        Assert.Equal(broadcast, (await member.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());

        // The outsider's first notification is the broadcast: the group's never reached it, nor its inbox.
        Assert.Equal(broadcast, (await other.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());
        Assert.Contains(await client.AllInboxAsync(oncall, roles: "ops"), e => e.Id == group);
        Assert.DoesNotContain(await client.AllInboxAsync(outsider), e => e.Id == group);

        // A group notification read over the connection counts: the event merged the group's stream.
        await member.SendEventAsync("read", group);
        var status = await client.StatusAsync(group);
        Assert.Equal(1, status!.Value.GetProperty("read").GetInt32());
    }

    [Fact]
    public async Task A_notification_for_a_user_and_a_group_the_user_is_in_appears_once()
    {
        var user = NotifierClient.NewUser("both");
        var id = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"],"groups":["ops","announcements"]},"title":"Twice?"}""");

        var inbox = await Client.AllInboxAsync(user, roles: "ops");
        Assert.Single(inbox, e => e.Id == id);
        Assert.Equal(Enumerable.Range(1, inbox.Count).Select(i => (long)i), inbox.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Broadcasts_reach_every_inbox_with_per_user_read_state()
    {
        var first = NotifierClient.NewUser("first");
        var second = NotifierClient.NewUser("second");
        var id = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"all":true},"title":"Maintenance tonight"}""");

        Assert.Contains(await Client.AllInboxAsync(first), e => e.Id == id);
        Assert.Contains(await Client.AllInboxAsync(second), e => e.Id == id);

        using var read = await Client.MarkReadAsync(first, $$"""{"ids":["{{id}}"]}""");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var firstItem = (await Client.InboxAsync(first)).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("notification").GetProperty("id").GetString() == id);
        var secondItem = (await Client.InboxAsync(second)).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("notification").GetProperty("id").GetString() == id);
        Assert.True(firstItem.GetProperty("read").GetBoolean());
        Assert.False(secondItem.GetProperty("read").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task Presence_comes_from_the_service(string transport)
    {
        var stack = _stacks[transport];
        var user = NotifierClient.NewUser("present");
        Assert.False(await OnlineAsync(stack, user));
        var connection = await stack.ConnectAsync(user);
        Assert.True(await OnlineAsync(stack, user));
        await connection.DisposeAsync();
        await Eventually.TrueAsync(() => !OnlineAsync(stack, user).GetAwaiter().GetResult(), "the user is offline after the connection closes");
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
    /// Whether one more connection of <paramref name="user"/> is refused. Web PubSub refuses the upgrade (the blocking
    /// connect answers 401); SignalR Service has no blocking connect, so the app closes the connection from its
    /// <c>connected</c> upstream with the reason.
    /// </summary>
    internal static async Task<bool> IsRefusedAsync(NotifierEnvironment stack, string user)
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

    private static async Task<bool> OnlineAsync(NotifierEnvironment stack, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/presence/" + user);
        request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
        using var response = await stack.App.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("online").GetBoolean();
    }
}
