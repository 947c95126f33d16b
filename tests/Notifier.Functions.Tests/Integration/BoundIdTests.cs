using System.Net;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Core.Publishing;
using Notifier.Core.Push;
using Notifier.Functions.Tests.Fakes;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// A notification to one user without an id gets an id bound to that user (<c>{sortable id}@{user}</c>): against
/// Azurite it is stored in one round trip (the entry's insert; the inbox's next fold writes its index row, which is its
/// record), its status, replays and conflicts still answer as for any id, and the id can never reach another user.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class BoundIdTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite;
    private readonly TableRequestRecorder _requests = new();
    private NotifierEnvironment _stack = null!;

    public BoundIdTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    private NotifierClient Client => _stack.Client;

    public async Task InitializeAsync() =>
        _stack = await NotifierEnvironment.StartAsync(
            _azurite,
            services: services => services.ConfigureAll<TableClientOptions>(options => options.AddPolicy(_requests, HttpPipelinePosition.PerRetry)));

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task A_publish_to_one_user_without_an_id_is_one_storage_round_trip()
    {
        var user = NotifierClient.NewUser("one-call");

        // The first append to an inbox this instance has not written reads its head and the entries after it; the
        // tables are created once.
        await Client.PublishAcceptedAsync($$"""{"to":{"users":["{{user}}"]},"title":"warm"}""");
        await Client.PublishAcceptedAsync($$"""{"id":"{{NotifierClient.NewId()}}","to":{"users":["{{user}}"]},"title":"warm"}""");
        _requests.Clear();

        var answer = await Client.PublishAcceptedAsync($$"""{"to":{"users":["{{user}}"]},"title":"one"}""");

        // One insert: the entry alone, no transaction (its index row waits for the inbox's next read).
        Assert.Equal(["POST Inbox"], _requests.Requests);
        Assert.True(NotificationIds.TryGetBoundUser(answer.GetProperty("id").GetString()!, out var bound));
        Assert.Equal(user, bound);

        // With an id of the publisher's own, the record is a round trip of its own first: that id may be reused for
        // anyone, and only the record's partition can refuse it everywhere.
        _requests.Clear();
        await Client.PublishAcceptedAsync($$"""{"id":"{{NotifierClient.NewId()}}","to":{"users":["{{user}}"]},"title":"two"}""");
        Assert.Equal(["POST Notifications", "POST $batch"], _requests.Requests);
    }

    [Fact]
    public async Task A_bound_ids_status_comes_from_the_inbox_with_its_deliveries()
    {
        var user = NotifierClient.NewUser("status");
        var answer = await Client.PublishAcceptedAsync($$"""{"to":{"users":["{{user}}"]},"title":"s","sender":"bob"}""");
        var id = answer.GetProperty("id").GetString()!;

        var status = await Client.StatusAsync(id);

        Assert.NotNull(status);
        var s = status.Value;
        Assert.Equal(id, s.GetProperty("id").GetString());
        Assert.Equal("pushed", s.GetProperty("state").GetString());
        Assert.Equal("bob", s.GetProperty("sender").GetString());
        Assert.Equal(answer.GetProperty("createdAt").GetString(), s.GetProperty("createdAt").GetString());
        Assert.Equal(answer.GetProperty("expiresAt").GetString(), s.GetProperty("expiresAt").GetString());
        Assert.Equal(1, s.GetProperty("recipients").GetProperty("users").GetInt32());
        Assert.Equal(0, s.GetProperty("read").GetInt32());

        // The publisher is the one an id of the caller's own records.
        var other = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$"""{"id":"{{other}}","to":{"users":["{{user}}"]},"title":"s"}""");
        Assert.Equal((await Client.StatusAsync(other))!.Value.GetProperty("publisher").GetString(), s.GetProperty("publisher").GetString());

        using (var read = await Client.MarkReadAsync(user, $$"""{"ids":["{{id}}"]}"""))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var after = (await Client.StatusAsync(id))!.Value;
        Assert.Equal(1, after.GetProperty("read").GetInt32());
        Assert.Equal(1, after.GetProperty("delivered").GetInt32());
    }

    [Fact]
    public async Task A_bound_id_again_replays_the_first_answer_and_other_content_is_a_conflict()
    {
        var user = NotifierClient.NewUser("replay");
        var first = await Client.PublishAcceptedAsync($$"""{"to":{"users":["{{user}}"]},"title":"Once"}""");
        var id = first.GetProperty("id").GetString()!;

        using var again = await Client.PublishAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"Once"}""");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetRawText(), await again.Content.ReadAsStringAsync());

        using var other = await Client.PublishAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"Twice"}""");
        await BadInputTests.AssertProblemAsync(other, HttpStatusCode.Conflict, field: null);

        var inbox = await Client.InboxAsync(user);
        var item = Assert.Single(inbox.GetProperty("items").EnumerateArray());
        Assert.Equal("Once", item.GetProperty("notification").GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_bound_id_whose_push_failed_is_pushed_again_by_a_retry_with_the_first_attempts_times()
    {
        var pusher = new FailingFirstPusher(failures: 1);
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, services: services => services.AddSingleton<INotificationPusher>(pusher));
        var user = NotifierClient.NewUser("repush");
        var body = $$"""{"to":{"users":["{{user}}"]},"title":"Again"}""";
        var first = await stack.Client.PublishAcceptedAsync(body);
        var id = first.GetProperty("id").GetString()!;
        Assert.Empty(pusher.Sent);
        Assert.Equal("stored", (await stack.Client.StatusAsync(id))!.Value.GetProperty("state").GetString());

        using var retry = await stack.Client.PublishAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"Again"}""");

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetRawText(), await retry.Content.ReadAsStringAsync());
        var envelope = JsonDocument.Parse(Assert.Single(pusher.Sent)).RootElement;
        Assert.Equal(1, envelope.GetProperty("sequence").GetInt64());
        Assert.Equal(id, envelope.GetProperty("payload").GetProperty("id").GetString());
        Assert.Equal(first.GetProperty("createdAt").GetString(), envelope.GetProperty("payload").GetProperty("createdAt").GetString());
        Assert.Equal("pushed", (await stack.Client.StatusAsync(id))!.Value.GetProperty("state").GetString());

        // Pushed now: a further retry pushes nothing.
        using (await stack.Client.PublishAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"Again"}"""))
        {
        }

        Assert.Single(pusher.Sent);
        Assert.Single(await stack.Client.AllInboxAsync(user));
    }

    [Fact]
    public async Task A_bound_id_sent_to_anyone_but_its_user_is_a_conflict_and_reaches_nobody()
    {
        var alice = NotifierClient.NewUser("alice");
        var bob = NotifierClient.NewUser("bob");
        var id = (await Client.PublishAcceptedAsync($$"""{"to":{"users":["{{alice}}"]},"title":"for alice"}""")).GetProperty("id").GetString()!;
        var unused = "01ARZ3NDEKTSV4RRFFQ69G5FAV@" + alice;

        foreach (var to in new[] { $$"""{"users":["{{bob}}"]}""", $$"""{"users":["{{alice}}","{{bob}}"]}""" })
        {
            using var used = await Client.PublishAsync($$"""{"id":"{{id}}","to":{{to}},"title":"for alice"}""");
            Assert.Contains($"names the user '{alice}' and can only be published to that user alone. Leave the id out", await used.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await BadInputTests.AssertProblemAsync(used, HttpStatusCode.Conflict, field: null);
            using var fresh = await Client.PublishAsync($$"""{"id":"{{unused}}","to":{{to}},"title":"x"}""");
            await BadInputTests.AssertProblemAsync(fresh, HttpStatusCode.Conflict, field: null);
        }

        Assert.Empty(await Client.AllInboxAsync(bob));
        Assert.Equal([id], (await Client.AllInboxAsync(alice)).Select(e => e.Id));
        Assert.Null(await Client.StatusAsync(unused));
    }

    [Fact]
    public async Task A_batch_to_one_user_without_ids_writes_no_records()
    {
        var user = NotifierClient.NewUser("batch");
        await Client.InboxAsync(user);
        _requests.Clear();

        var answer = await Client.PublishAcceptedAsync("[" + string.Join(",", Enumerable.Range(0, 30).Select(i => $$"""{"to":{"users":["{{user}}"]},"title":"{{i}}"}""")) + "]");

        var ids = answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.All(ids, id => Assert.EndsWith("@" + user, id, StringComparison.Ordinal));
        Assert.DoesNotContain(_requests.Requests, r => r.EndsWith(" Notifications", StringComparison.Ordinal));
        Assert.Equal(ids, (await Client.AllInboxAsync(user)).Select(e => e.Id));
    }

    [Fact]
    public async Task A_bound_ids_record_is_its_index_row_in_the_users_partition_written_when_the_inbox_is_next_read()
    {
        var user = NotifierClient.NewUser("row");
        var id = (await Client.PublishAcceptedAsync($$"""{"to":{"users":["{{user}}"]},"title":"r"}""")).GetProperty("id").GetString()!;

        // Appended alone: the entry carries what the index row will hold.
        var inbox = new TableServiceClient(_azurite.ConnectionString).GetTableClient("Inbox");
        Assert.False((await inbox.GetEntityIfExistsAsync<TableEntity>(user, $"n:{id}:{user}")).HasValue);
        var entry = (await inbox.GetEntityAsync<TableEntity>(user, $"e:{1:D19}:{user}")).Value;
        Assert.Equal(id, entry.GetString("NotificationId"));
        Assert.False(string.IsNullOrEmpty(entry.GetString("Fingerprint")));

        Assert.Equal(1, await Client.UnreadAsync(user));
        var index = (await inbox.GetEntityAsync<TableEntity>(user, $"n:{id}:{user}")).Value;
        Assert.Equal(1, index.GetInt64("Sequence"));
        Assert.False(string.IsNullOrEmpty(index.GetString("Fingerprint")));
        Assert.False(string.IsNullOrEmpty(index.GetString("Publisher")));
        var records = new TableServiceClient(_azurite.ConnectionString).GetTableClient("Notifications");
        await foreach (var unused in records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}")))
        {
            Assert.Fail("A bound id has no record row.");
        }
    }
}
