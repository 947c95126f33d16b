using System.Net;
using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Integration;

/// <summary>Negotiate → connect a real WebSocket → publish → receive → ack/read → status and inbox reflect it.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class EndToEndTests
{
    private readonly NotifierEnvironment _stack;

    public EndToEndTests(StackFixture fixture)
    {
        _stack = fixture.Stack;
    }

    private NotifierClient Client => _stack.Client;

    [Fact]
    public async Task A_published_notification_reaches_the_users_socket_and_ack_and_read_reach_the_status()
    {
        var alice = NotifierClient.NewUser("alice");
        await using var socket = await Client.ConnectAsync(alice);
        var id = NotifierClient.NewId();

        // Broadcasts from other tests land in every inbox; count relative to them.
        var unreadBefore = await Client.UnreadAsync(alice);

        var accepted = await Client.PublishAcceptedAsync($$$"""{"id":"{{{id}}}","to":{"users":["{{{alice}}}"]},"type":"order.shipped","title":"Shipped","body":"Order 42","url":"/orders/42","data":{"order":42}}""");
        Assert.Equal(id, accepted.GetProperty("id").GetString());

        var envelope = await socket.ReceiveEnvelopeAsync("notification");
        var payload = envelope.GetProperty("payload");
        Assert.Equal(id, payload.GetProperty("id").GetString());
        Assert.Equal("order.shipped", payload.GetProperty("type").GetString());
        Assert.Equal("Shipped", payload.GetProperty("title").GetString());
        Assert.Equal(42, payload.GetProperty("data").GetProperty("order").GetInt32());
        Assert.True(envelope.GetProperty("sequence").GetInt64() >= 1);
        Assert.Equal(26, envelope.GetProperty("messageId").GetString()!.Length);

        await socket.SendEventAsync("ack", id);
        var status = await Client.StatusAsync(id);
        Assert.Equal(1, status!.Value.GetProperty("delivered").GetInt32());
        Assert.Equal(0, status.Value.GetProperty("read").GetInt32());
        Assert.Equal(unreadBefore + 1, await Client.UnreadAsync(alice));

        await socket.SendEventAsync("read", id);
        status = await Client.StatusAsync(id);
        Assert.Equal(1, status!.Value.GetProperty("read").GetInt32());
        Assert.Equal("pushed", status.Value.GetProperty("state").GetString());
        Assert.Equal(unreadBefore, await Client.UnreadAsync(alice));

        var inbox = await Client.InboxAsync(alice);
        var item = inbox.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("notification").GetProperty("id").GetString() == id);
        Assert.True(item.GetProperty("read").GetBoolean());
        Assert.Equal(id, item.GetProperty("notification").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Reading_on_one_device_tells_the_others_and_sends_the_sender_a_receipt()
    {
        var bob = NotifierClient.NewUser("bob");
        var carol = NotifierClient.NewUser("carol");
        await using var phone = await Client.ConnectAsync(bob);
        await using var laptop = await Client.ConnectAsync(bob);
        await using var sender = await Client.ConnectAsync(carol);
        var id = NotifierClient.NewId();

        await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{bob}}"]},"title":"Lunch?","sender":"{{carol}}","receipt":true}""");
        await phone.ReceiveEnvelopeAsync("notification");
        await laptop.ReceiveEnvelopeAsync("notification");

        await phone.SendEventAsync("read", id);

        var read = await laptop.ReceiveEnvelopeAsync("read");
        Assert.Equal(id, Assert.Single(read.GetProperty("payload").GetProperty("ids").EnumerateArray()).GetString());
        var receipt = await sender.ReceiveEnvelopeAsync("receipt");
        Assert.Equal(id, receipt.GetProperty("payload").GetProperty("id").GetString());
        Assert.Equal(bob, receipt.GetProperty("payload").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Marking_read_over_http_syncs_every_device()
    {
        var dave = NotifierClient.NewUser("dave");

        // Broadcasts from other tests land in every inbox: read them before the socket exists.
        using (await Client.MarkReadAsync(dave, """{"all":true}"""))
        {
        }

        await using var socket = await Client.ConnectAsync(dave);
        var first = NotifierClient.NewId();
        var second = NotifierClient.NewId();

        await Client.PublishAcceptedAsync($$"""[{"id":"{{first}}","to":{"users":["{{dave}}"]},"title":"1"},{"id":"{{second}}","to":{"users":["{{dave}}"]},"title":"2"}]""");
        Assert.Equal(2, await Client.UnreadAsync(dave));

        using var response = await Client.MarkReadAsync(dave, """{"all":true}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var read = await socket.ReceiveEnvelopeAsync("read");
        Assert.Equal(new[] { first, second }.Order(), read.GetProperty("payload").GetProperty("ids").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(0, await Client.UnreadAsync(dave));
    }

    [Fact]
    public async Task Group_notifications_reach_members_only_and_are_stored_once_for_them()
    {
        var oncall = NotifierClient.NewUser("oncall");
        var outsider = NotifierClient.NewUser("outsider");
        await using var member = await Client.ConnectAsync(oncall, roles: "ops");
        await using var other = await Client.ConnectAsync(outsider);
        var id = NotifierClient.NewId();

        await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"groups":["ops"]},"title":"Disk full"}""");

        var envelope = await member.ReceiveEnvelopeAsync("notification");
        Assert.Equal(id, envelope.GetProperty("payload").GetProperty("id").GetString());
        Assert.False(envelope.TryGetProperty("sequence", out _));
        Assert.Contains(await Client.AllInboxAsync(oncall, roles: "ops"), e => e.Id == id);
        Assert.DoesNotContain(await Client.AllInboxAsync(outsider), e => e.Id == id);

        // The outsider's socket must not see it: a later direct message arrives first.
        var direct = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$"""{"id":"{{direct}}","to":{"users":["{{outsider}}"]},"title":"Only you"}""");
        var next = await other.ReceiveEnvelopeAsync("notification");
        Assert.Equal(direct, next.GetProperty("payload").GetProperty("id").GetString());
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

    [Fact]
    public async Task Presence_comes_from_web_pubsub()
    {
        var user = NotifierClient.NewUser("present");
        Assert.False(await OnlineAsync(user));
        var socket = await Client.ConnectAsync(user);
        Assert.True(await OnlineAsync(user));
        await socket.DisposeAsync();
        await Eventually.TrueAsync(() => !OnlineAsync(user).GetAwaiter().GetResult(), "the user is offline after the socket closes");
    }

    private async Task<bool> OnlineAsync(string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/presence/" + user);
        request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
        using var response = await _stack.App.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("online").GetBoolean();
    }
}
