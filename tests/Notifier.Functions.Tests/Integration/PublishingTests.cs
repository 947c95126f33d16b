using System.Collections.Concurrent;
using System.Net;
using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Integration;

/// <summary>Idempotency, batches, paging and the gap-free sequence under concurrent publishers.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class PublishingTests
{
    private readonly StackFixture _stacks;
    private readonly NotifierEnvironment _stack;

    public PublishingTests(StackFixture fixture)
    {
        _stacks = fixture;
        _stack = fixture.Stack;
    }

    private NotifierClient Client => _stack.Client;

    [Fact]
    public async Task The_same_id_again_returns_the_first_result_and_stores_nothing_new()
    {
        var user = NotifierClient.NewUser("idem");
        var id = NotifierClient.NewId();
        var body = $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"Once"}""";
        var first = await Client.PublishAcceptedAsync(body);

        using var again = await Client.PublishAsync(body.Replace("{\"id\"", " {\"id\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetRawText(), await again.Content.ReadAsStringAsync());
        Assert.Single(await Client.AllInboxAsync(user), e => e.Id == id);
    }

    [Fact]
    public async Task A_different_notification_under_a_used_id_is_a_conflict()
    {
        var user = NotifierClient.NewUser("conflict");
        var id = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"First"}""");

        using var response = await Client.PublishAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"Second"}""");
        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.Conflict, field: null);
        var inbox = await Client.InboxAsync(user);
        var item = Assert.Single(inbox.GetProperty("items").EnumerateArray(), i => i.GetProperty("notification").GetProperty("id").GetString() == id);
        Assert.Equal("First", item.GetProperty("notification").GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_batch_is_accepted_as_a_whole_and_answers_each_result_in_order()
    {
        var user = NotifierClient.NewUser("batch");
        var ids = Enumerable.Range(0, 100).Select(_ => NotifierClient.NewId()).ToList();
        var body = "[" + string.Join(',', ids.Select(id => $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"{{id}}"}""")) + "]";

        var answer = await Client.PublishAcceptedAsync(body);

        Assert.Equal(ids, answer.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var inbox = await Client.AllInboxAsync(user);
        Assert.Equal(ids, inbox.Where(e => ids.Contains(e.Id)).Select(e => e.Id));
    }

    [Fact]
    public async Task The_inbox_pages_newest_first_and_catches_up_after_a_cursor()
    {
        var user = NotifierClient.NewUser("pager");
        var ids = Enumerable.Range(0, 7).Select(_ => NotifierClient.NewId()).ToList();
        await Client.PublishAcceptedAsync("[" + string.Join(',', ids.Select(id => $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"t"}""")) + "]");
        var all = await Client.AllInboxAsync(user);
        var mine = all.Where(e => ids.Contains(e.Id)).ToList();

        var newest = await Client.InboxAsync(user, "?limit=3");
        var firstPage = newest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(all.Select(e => e.Sequence).OrderDescending().Take(3), firstPage);
        Assert.True(newest.GetProperty("hasMore").GetBoolean());

        var older = await Client.InboxAsync(user, $"?limit=3&before={newest.GetProperty("cursor").GetInt64()}");
        Assert.Equal(all.Select(e => e.Sequence).OrderDescending().Skip(3).Take(3), older.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sequence").GetInt64()));

        var after = await Client.InboxAsync(user, $"?after={mine[2].Sequence}&limit=100");
        Assert.Equal(mine.Skip(3).Select(e => e.Id), after.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("notification").GetProperty("id").GetString()));
        Assert.False(after.GetProperty("hasMore").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task Concurrent_publishers_and_a_polling_reader_see_every_notification_exactly_once_in_a_gap_free_sequence(string transport)
    {
        var stack = _stacks[transport];
        var client = stack.Client;
        const int publishers = 6;
        const int perPublisher = 25;
        var user = NotifierClient.NewUser("busy");
        await using var socket = await stack.ConnectAsync(user);
        var expected = new ConcurrentDictionary<string, byte>();
        var seen = new List<(long Sequence, string Id)>();
        var done = false;

        var reader = Task.Run(async () =>
        {
            long cursor = 0;
            while (true)
            {
                var finished = Volatile.Read(ref done);
                var page = await client.InboxAsync(user, $"?after={cursor}&limit=100");
                foreach (var item in page.GetProperty("items").EnumerateArray())
                {
                    seen.Add((item.GetProperty("sequence").GetInt64(), item.GetProperty("notification").GetProperty("id").GetString()!));
                }

                cursor = page.GetProperty("cursor").GetInt64();
                if (finished && !page.GetProperty("hasMore").GetBoolean())
                {
                    return;
                }
            }
        });

        await Parallel.ForEachAsync(Enumerable.Range(0, publishers), async (publisher, _) =>
        {
            for (var i = 0; i < perPublisher; i++)
            {
                var id = $"c-{publisher}-{i}-{Guid.NewGuid():N}";
                expected[id] = 0;
                await client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"{{i}}"}""");
            }
        });
        Volatile.Write(ref done, true);
        await reader.WaitAsync(TimeSpan.FromSeconds(60));

        var mine = seen.Where(e => expected.ContainsKey(e.Id)).ToList();
        Assert.Equal(publishers * perPublisher, mine.Count);
        Assert.Equal(mine.Count, mine.Select(e => e.Id).Distinct().Count());
        Assert.Equal(seen.Count, seen.Select(e => e.Sequence).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen.Select(e => e.Sequence));

        // Every push reached the socket too, each with the sequence its inbox entry has.
        var pushed = new Dictionary<string, long>();
        while (pushed.Count < mine.Count)
        {
            var envelope = await socket.ReceiveEnvelopeAsync("notification");
            pushed[envelope.GetProperty("payload").GetProperty("id").GetString()!] = envelope.GetProperty("sequence").GetInt64();
        }

        Assert.All(mine, e => Assert.Equal(e.Sequence, pushed[e.Id]));
    }
}
