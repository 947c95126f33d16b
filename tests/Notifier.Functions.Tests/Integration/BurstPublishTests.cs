using System.Net;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Functions.Tests.Fakes;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// A batch with many notifications for one user is appended to that inbox in as few entity-group transactions as the
/// 100-operation limit allows (50 entries with their index rows; 100 with ids the app makes, which have none until the
/// inbox is next read), and still: sequences dense and in batch
/// order, each item idempotent on its own, the user's streams merged first, the unread counter exact, mutes applied,
/// and concurrent single publishes to the same user interleaving without a gap.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class BurstPublishTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite;
    private readonly TableTransactionRecorder _transactions = new();

    // A group of this class's own: a stream other tests publish to would bring their notifications into the inbox.
    private readonly string _group = NotifierClient.NewUser("burst-group");
    private NotifierEnvironment _stack = null!;

    public BurstPublishTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    private NotifierClient Client => _stack.Client;

    public async Task InitializeAsync() =>
        _stack = await NotifierEnvironment.StartAsync(
            _azurite,
            new Dictionary<string, string?> { ["Notifier:Topics:2:Group"] = _group, ["Notifier:Topics:2:Role"] = _group },
            services: services =>
            services.ConfigureAll<TableClientOptions>(options => options.AddPolicy(_transactions, HttpPipelinePosition.PerRetry)));

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task A_batch_of_100_to_one_user_takes_two_transactions_and_lands_dense_in_batch_order()
    {
        var user = NotifierClient.NewUser("burst");
        var ids = Enumerable.Range(0, 100).Select(_ => NotifierClient.NewId()).ToList();

        using var response = await Client.PublishAsync(Batch(ids.Select(id => Item(id, user, "t"))));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.All(await ResultsAsync(response), r => Assert.Equal("accepted", r.GetProperty("status").GetString()));

        // 50 × (entry + index) = 100 operations: 50 + 50. No head: appends leave it to the next read.
        Assert.Equal(2, _transactions.CountFor(user));
        var inbox = await Client.AllInboxAsync(user);
        Assert.Equal(ids, inbox.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), inbox.Select(e => e.Sequence));
        Assert.Equal(100, await Client.UnreadAsync(user));
    }

    [Fact]
    public async Task A_batch_of_100_without_ids_to_one_user_is_one_transaction_and_each_id_is_found_afterwards()
    {
        var user = NotifierClient.NewUser("burst-new");

        using var response = await Client.PublishAsync(Batch(Enumerable.Range(0, 100).Select(i => $$"""{"to":{"users":["{{user}}"]},"title":"t{{i}}"}""")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var results = await ResultsAsync(response);
        Assert.All(results, r => Assert.Equal("accepted", r.GetProperty("status").GetString()));
        var ids = results.Select(r => r.GetProperty("id").GetString()!).ToList();

        // An entry each, no index rows and no head: 100 operations.
        Assert.Equal(1, _transactions.CountFor(user));

        // Before anything read the inbox, the status of an id finds its entry (the lookup folds the inbox first).
        var status = (await Client.StatusAsync(ids[42]))!.Value;
        Assert.Equal("pushed", status.GetProperty("state").GetString());
        var inbox = await Client.AllInboxAsync(user);
        Assert.Equal(ids, inbox.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), inbox.Select(e => e.Sequence));
        Assert.Equal(100, await Client.UnreadAsync(user));
        Assert.Equal([ids[0], ids[99]], await Client.ChangedAsync(user, "read", $$"""{"ids":["{{ids[0]}}","{{ids[99]}}"]}"""));
        Assert.Equal(98, await Client.UnreadAsync(user));
    }

    [Fact]
    public async Task Replays_conflicts_and_new_items_in_one_burst_each_get_their_own_outcome()
    {
        var user = NotifierClient.NewUser("mix");
        var ids = Enumerable.Range(0, 60).Select(_ => NotifierClient.NewId()).ToList();
        var earlier = new[] { ids[5], ids[30], ids[59] };
        foreach (var id in earlier)
        {
            await Client.PublishAcceptedAsync(Item(id, user, "t"));
        }

        var reused = NotifierClient.NewId();
        await Client.PublishAcceptedAsync(Item(reused, user, "original"));
        var items = ids.Select(id => Item(id, user, "t")).ToList();
        items.Insert(10, Item(reused, user, "other content"));

        using var response = await Client.PublishAsync(Batch(items));

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var results = await ResultsAsync(response);
        var statuses = results.ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal("conflict", statuses[reused]);
        Assert.All(earlier, id => Assert.Equal("replayed", statuses[id]));
        Assert.All(ids.Except(earlier), id => Assert.Equal("accepted", statuses[id]));

        // The replays keep their first sequences; the new ones follow in batch order, with no gap.
        var inbox = await Client.AllInboxAsync(user);
        Assert.Equal([.. earlier, reused, .. ids.Except(earlier)], inbox.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 61).Select(i => (long)i), inbox.Select(e => e.Sequence));
        Assert.Equal(61, await Client.UnreadAsync(user));

        // The whole batch again: every item is a replay (the conflict still a conflict), nothing stored twice.
        using var again = await Client.PublishAsync(Batch(items));
        var replayed = (await ResultsAsync(again)).ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("status").GetString());
        Assert.All(ids, id => Assert.Equal("replayed", replayed[id]));
        Assert.Equal(61, (await Client.AllInboxAsync(user)).Count);
    }

    [Fact]
    public async Task Streams_merge_first_and_mutes_apply_to_the_burst()
    {
        var ops = _group;
        var user = NotifierClient.NewUser("merge");
        await Client.InboxAsync(user, roles: ops);
        using (var put = await Client.PutPreferencesAsync(user, """{"muted":{"types":["digest"],"groups":[]}}""", ops))
        {
            Assert.True(put.IsSuccessStatusCode);
        }

        var group = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$"""{"id":"{{group}}","to":{"groups":["{{ops}}"]},"title":"group"}""");
        var ids = Enumerable.Range(0, 10).Select(_ => NotifierClient.NewId()).ToList();
        var items = ids.Select((id, i) => i % 2 == 0
            ? Item(id, user, "t")
            : $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"type":"digest","title":"muted"}""");

        using var response = await Client.PublishAsync(Batch(items));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // Everyone's topic may bring other tests' announcements along; they are counted, but none is muted.
        var inbox = await Client.AllInboxAsync(user, ops);
        Assert.Equal([group, .. ids], inbox.Select(e => e.Id).Where(id => id == group || ids.Contains(id)));
        Assert.Equal(Enumerable.Range(1, inbox.Count).Select(i => (long)i), inbox.Select(e => e.Sequence));
        Assert.Equal(inbox.Count - 5, await Client.UnreadAsync(user, ops));
    }

    [Fact]
    public async Task Single_publishes_racing_a_burst_to_the_same_user_leave_no_gap()
    {
        var user = NotifierClient.NewUser("race");
        var batchIds = Enumerable.Range(0, 100).Select(_ => NotifierClient.NewId()).ToList();
        var singleIds = Enumerable.Range(0, 20).Select(_ => NotifierClient.NewId()).ToList();

        var batch = Task.Run(async () =>
        {
            using var response = await Client.PublishAsync(Batch(batchIds.Select(id => Item(id, user, "b"))));
            return response.StatusCode;
        });
        var singles = singleIds.Select(id => Task.Run(() => Client.PublishAcceptedAsync(Item(id, user, "s")))).ToList();
        await Task.WhenAll(singles);

        Assert.Equal(HttpStatusCode.Accepted, await batch);
        var inbox = await Client.AllInboxAsync(user);
        Assert.Equal(Enumerable.Range(1, 120).Select(i => (long)i), inbox.Select(e => e.Sequence));
        Assert.Equal(batchIds, inbox.Select(e => e.Id).Where(batchIds.Contains));
        Assert.Equal(singleIds.Order(StringComparer.Ordinal), inbox.Select(e => e.Id).Where(singleIds.Contains).Order(StringComparer.Ordinal));
        Assert.Equal(120, await Client.UnreadAsync(user));
    }

    [Fact]
    public async Task A_hundred_separate_publishes_to_one_user_at_once_are_group_committed_dense_and_each_answered()
    {
        var user = NotifierClient.NewUser("together");
        var ids = Enumerable.Range(0, 100).Select(_ => NotifierClient.NewId()).ToList();

        var answers = await Task.WhenAll(ids.Select(id => Task.Run(() => Client.PublishAcceptedAsync(Item(id, user, "t")))));

        Assert.Equal(ids, answers.Select(a => a.GetProperty("id").GetString()));
        var inbox = await Client.AllInboxAsync(user);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), inbox.Select(e => e.Sequence));
        Assert.Equal(ids.Order(StringComparer.Ordinal), inbox.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Equal(100, await Client.UnreadAsync(user));

        // One transaction each at the very least without group commit (about four each, with the ETag races);
        // appends that wait for the one in flight go together in the next.
        Assert.InRange(_transactions.CountFor(user), 1, 99);
    }

    [Fact]
    public async Task A_burst_of_the_largest_notifications_is_split_by_the_transaction_size_limit()
    {
        var user = NotifierClient.NewUser("large");
        var ids = Enumerable.Range(0, 60).Select(_ => NotifierClient.NewId()).ToList();
        var body = new string('x', 63_800);

        using var response = await Client.PublishAsync(Batch(ids.Select(id => $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"t","body":"{{body}}"}""")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.All(await ResultsAsync(response), r => Assert.Equal("accepted", r.GetProperty("status").GetString()));

        // Table storage refuses a transaction over 4 MiB; 49 of these (the operation limit alone) would be about 4.2 MiB.
        Assert.InRange(_transactions.LargestFor(user), 1, 4 * 1024 * 1024);
        var inbox = await Client.AllInboxAsync(user);
        Assert.Equal(ids, inbox.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), inbox.Select(e => e.Sequence));
    }

    private static string Batch(IEnumerable<string> items) => "[" + string.Join(",", items) + "]";

    private static string Item(string id, string user, string title) => $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"{{title}}"}""";

    private static async Task<List<JsonElement>> ResultsAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("results").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
