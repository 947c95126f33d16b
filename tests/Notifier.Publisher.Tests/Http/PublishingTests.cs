using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Notifier.Publisher.Tests.Infrastructure;
using Notifier.Publisher.Wire;

namespace Notifier.Publisher.Tests.Http;

/// <summary>The client against the real stack: a publish reaches a connected user, batches answer per item, retries are replays, and status reads back.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class PublishingTests(StackFixture fixture)
{
    private LocalNotifier Stack => fixture.Stack;

    [Fact]
    public async Task A_published_notification_reaches_the_users_socket_and_its_status_reads_back()
    {
        var alice = LocalNotifier.NewUser("alice");
        await using var socket = await Stack.ConnectAsync(alice);
        var client = Stack.CreateClient();
        var notification = new Notification(NotificationRecipients.ToUsers(alice))
        {
            Type = "order.shipped",
            Title = "Shipped",
            Body = "Order 42 is on its way",
            Url = "/orders/42",
            Data = new JsonObject { ["order"] = 42 },
            Sender = "orders-bot",
        };

        var receipt = (await client.PublishAsync(notification)).Value;

        Assert.Equal(notification.Id, receipt.Id);
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}@" + alice + "$", receipt.Id);
        Assert.Equal("accepted", receipt.Status);
        Assert.False(receipt.IsReplay);
        Assert.Equal($"/api/notifications/{receipt.Id}", receipt.StatusUrl);
        var payload = await socket.ReceiveNotificationAsync();
        Assert.Equal(notification.Id, payload.GetProperty("id").GetString());
        Assert.Equal("order.shipped", payload.GetProperty("type").GetString());
        Assert.Equal(42, payload.GetProperty("data").GetProperty("order").GetInt32());

        var status = (await client.GetStatusAsync(notification.Id)).Value;
        Assert.Equal(notification.Id, status.Id);
        Assert.Equal("pushed", status.State);
        Assert.Equal("tests", status.Publisher);
        Assert.Equal("orders-bot", status.Sender);
        Assert.Equal(1, status.Recipients.Users);
        Assert.Empty(status.Recipients.Groups);
        Assert.False(status.Recipients.All);
        Assert.Equal(receipt.CreatedAt, status.CreatedAt);
    }

    [Fact]
    public void Ids_the_client_generates_sort_by_creation_and_stay_with_the_object()
    {
        var clock = new RecordingClock();
        var earlier = Notifier.Publisher.Validation.SortableId.New(clock);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var later = Notifier.Publisher.Validation.SortableId.New(clock);
        var notification = new Notification(NotificationRecipients.ToUsers("u")) { Title = "a" };
        var toTwo = new Notification(NotificationRecipients.ToUsers("u", "v")) { Title = "a" };
        var toGroup = new Notification(NotificationRecipients.ToGroups("ops")) { Title = "a" };
        var toBadUser = new Notification(NotificationRecipients.ToUsers("not valid")) { Title = "a" };

        Assert.True(string.CompareOrdinal(earlier, later) < 0, $"{earlier} should sort before {later}");

        // One user alone: the id names the user, as the service's own ids do, so the service stores it in one round trip.
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}@u$", notification.Id);
        Assert.Same(notification.Id, notification.Id);
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", toTwo.Id);
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", toGroup.Id);
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", toBadUser.Id);
    }

    [Fact]
    public async Task A_critical_notification_reaches_a_user_who_muted_its_type_and_a_plain_one_does_not()
    {
        var erin = LocalNotifier.NewUser("erin");
        await Stack.MuteTypesAsync(erin, "digest");
        await using var socket = await Stack.ConnectAsync(erin);
        var client = Stack.CreateClient();
        var muted = new Notification(NotificationRecipients.ToUsers(erin)) { Type = "digest", Title = "weekly" };
        var critical = new Notification(NotificationRecipients.ToUsers(erin)) { Type = "digest", Title = "account locked", Critical = true };

        await client.PublishAsync(muted);
        await client.PublishAsync(critical);

        // Pushes arrive in publish order, so the first to arrive being the critical one means the muted one was never pushed.
        Assert.Equal(critical.Id, (await socket.ReceiveNotificationAsync()).GetProperty("id").GetString());
        Assert.Equal(new Dictionary<string, bool> { [muted.Id] = true, [critical.Id] = false }, await Stack.InboxMutedAsync(erin));
        Assert.Equal(1, await Stack.UnreadAsync(erin));
    }

    [Fact]
    public void Critical_is_written_only_when_true()
    {
        var plain = new Notification(NotificationRecipients.ToUsers("u")) { Title = "t" };
        var critical = new Notification(NotificationRecipients.ToUsers("u")) { Title = "t", Critical = true };

        Assert.False(JsonSerializer.SerializeToNode(plain, PublisherJsonContext.Default.Notification)!.AsObject().ContainsKey("critical"));
        Assert.True(JsonSerializer.SerializeToNode(critical, PublisherJsonContext.Default.Notification)!["critical"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_batch_answers_per_item_and_repeating_it_replays_every_item()
    {
        var bob = LocalNotifier.NewUser("bob");
        var client = Stack.CreateClient();
        var batch = Enumerable.Range(1, 3).Select(i => new Notification(NotificationRecipients.ToUsers(bob)) { Title = $"#{i}" }).ToArray();

        var first = (await client.PublishBatchAsync(batch)).Value;
        var again = (await client.PublishBatchAsync(batch)).Value;

        Assert.True(first.IsComplete);
        Assert.Equal(batch.Select(n => n.Id), first.Results.Select(r => r.Id));
        Assert.All(first.Results, r => Assert.Equal(PublishItemStatus.Accepted, r.Status));
        Assert.All(again.Results, r => Assert.Equal(PublishItemStatus.Replayed, r.Status));
        Assert.Equal(batch.Select(n => n.Id), await Stack.InboxIdsAsync(bob));
    }

    [Fact]
    public async Task A_batch_with_one_conflicting_item_is_a_207_that_names_it()
    {
        var carol = LocalNotifier.NewUser("carol");
        var client = Stack.CreateClient();
        var taken = new Notification(NotificationRecipients.ToUsers(carol)) { Title = "first" };
        await client.PublishAsync(taken);
        var reused = new Notification(NotificationRecipients.ToUsers(carol)) { Id = taken.Id, Title = "different" };
        var fresh = new Notification(NotificationRecipients.ToUsers(carol)) { Title = "fresh" };

        var response = await client.PublishBatchAsync([reused, fresh]);

        Assert.Equal(207, response.GetRawResponse().Status);
        Assert.False(response.Value.IsComplete);
        Assert.Equal(PublishItemStatus.Conflict, response.Value.Results[0].Status);
        Assert.Contains(taken.Id, response.Value.Results[0].Detail, StringComparison.Ordinal);
        Assert.Equal(PublishItemStatus.Accepted, response.Value.Results[1].Status);
    }

    [Fact]
    public async Task A_publish_whose_answer_is_lost_is_retried_by_the_client_and_stored_once()
    {
        var dave = LocalNotifier.NewUser("dave");
        var transport = new DropFirstResponseTransport(drops: 1);
        var options = new NotificationPublisherClientOptions { Transport = transport };
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var client = Stack.CreateClient(options);
        var notification = new Notification(NotificationRecipients.ToUsers(dave)) { Title = "once" };

        var receipt = (await client.PublishAsync(notification)).Value;

        Assert.Equal(2, transport.Sent);
        Assert.True(receipt.IsReplay);
        Assert.Equal([notification.Id], await Stack.InboxIdsAsync(dave));
    }

    [Fact]
    public async Task Sending_the_same_object_again_after_a_timeout_is_a_replay_not_a_second_notification()
    {
        var erin = LocalNotifier.NewUser("erin");
        var options = new NotificationPublisherClientOptions { Transport = new DropFirstResponseTransport(drops: 1) };
        options.Retry.MaxRetries = 0;
        var client = Stack.CreateClient(options);
        var notification = new Notification(NotificationRecipients.ToUsers(erin)) { Title = "the timeout was a lie" };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PublishAsync(notification));
        var receipt = (await client.PublishAsync(notification)).Value;

        Assert.True(receipt.IsReplay);
        Assert.Equal(notification.Id, receipt.Id);
        Assert.Equal([notification.Id], await Stack.InboxIdsAsync(erin));
    }

    [Fact]
    public async Task The_same_id_with_other_content_is_a_409_with_the_services_detail()
    {
        var frank = LocalNotifier.NewUser("frank");
        var client = Stack.CreateClient();
        var first = new Notification(NotificationRecipients.ToUsers(frank)) { Title = "one" };
        await client.PublishAsync(first);

        var error = await Assert.ThrowsAsync<NotificationPublishException>(() =>
            client.PublishAsync(new Notification(NotificationRecipients.ToUsers(frank)) { Id = first.Id, Title = "two" }));

        Assert.Equal(409, error.Status);
        Assert.Contains(first.Id, error.Detail, StringComparison.Ordinal);
        Assert.Equal([first.Id], await Stack.InboxIdsAsync(frank));
    }

    [Fact]
    public async Task A_wrong_key_is_a_401_and_nothing_is_stored()
    {
        var gina = LocalNotifier.NewUser("gina");
        var client = Stack.CreateClient(apiKey: "not-the-key");

        var error = await Assert.ThrowsAsync<NotificationPublishException>(() =>
            client.PublishAsync(new Notification(NotificationRecipients.ToUsers(gina)) { Title = "x" }));

        Assert.Equal(401, error.Status);
        Assert.False(string.IsNullOrEmpty(error.Detail));
        Assert.Empty(await Stack.InboxIdsAsync(gina));
    }

    [Fact]
    public async Task An_unknown_id_is_a_404()
    {
        var error = await Assert.ThrowsAsync<NotificationPublishException>(() => Stack.CreateClient().GetStatusAsync("never-published-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task A_broken_notification_fails_before_the_network_naming_the_field()
    {
        var transport = new DropFirstResponseTransport(drops: 0);
        var client = Stack.CreateClient(new NotificationPublisherClientOptions { Transport = transport });

        var error = await Assert.ThrowsAsync<NotificationValidationException>(() =>
            client.PublishAsync(new Notification(NotificationRecipients.ToUsers("has space")) { Title = "x", Url = "//evil.example" }));

        Assert.Equal(["to.users[0]", "url"], error.Errors.Select(e => e.Field));
        Assert.Equal(0, transport.Sent);
    }

    [Fact]
    public async Task Everything_the_client_throws_for_the_service_is_a_RequestFailedException()
    {
        var error = await Assert.ThrowsAsync<NotificationPublishException>(() => Stack.CreateClient(apiKey: "wrong").GetStatusAsync("x"));

        Assert.IsAssignableFrom<RequestFailedException>(error);
        Assert.Equal(401, error.GetRawResponse()!.Status);
    }
}
