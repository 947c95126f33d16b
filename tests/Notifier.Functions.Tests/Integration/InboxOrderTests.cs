using System.Collections.Concurrent;
using System.Diagnostics;
using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// Newest first is publication order, for every mix of direct, group and broadcast notifications: what the user lists,
/// what catch-up returns and the sequences agree, and a notification published after another one's publish returned
/// always has the greater sequence, for a user who was offline and under concurrent publishers and readers.
/// </summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class InboxOrderTests
{
    private const string Ops = "ops";
    private readonly NotifierEnvironment _stack;

    public InboxOrderTests(StackFixture fixture)
    {
        _stack = fixture.Stack;
    }

    private NotifierClient Client => _stack.Client;

    private static string Body(string id, int kind, string user) => (kind % 3) switch
    {
        0 => $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"direct"}""",
        1 => $$"""{"id":"{{id}}","to":{"groups":["{{Ops}}"]},"title":"group"}""",
        _ => $$"""{"id":"{{id}}","to":{"all":true},"title":"broadcast"}""",
    };

    [Fact]
    public async Task A_user_offline_while_direct_group_and_broadcast_notifications_arrive_finds_them_in_publication_order()
    {
        var user = NotifierClient.NewUser("offline");
        await Client.InboxAsync(user, roles: Ops);

        // Offline now: nothing reads this inbox while the three kinds arrive, interleaved, one after another.
        var published = new List<string>();
        foreach (var kind in new[] { 1, 0, 2, 2, 0, 1, 0, 0, 1, 2, 1, 0 })
        {
            var id = NotifierClient.NewId();
            await Client.PublishAcceptedAsync(Body(id, kind, user));
            published.Add(id);
        }

        var all = await Client.AllInboxAsync(user, Ops);
        Assert.Equal(published, all.Where(e => published.Contains(e.Id)).Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Sequence));

        var newest = await Client.InboxAsync(user, "?limit=100", Ops);
        var listed = newest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("notification").GetProperty("id").GetString()!).ToList();
        Assert.Equal(Enumerable.Reverse(published), listed.Where(published.Contains));
    }

    [Fact]
    public async Task Under_concurrent_publishers_and_readers_every_later_publish_gets_a_later_sequence()
    {
        const int publishers = 4;
        const int perPublisher = 15;
        var user = NotifierClient.NewUser("order");
        await Client.InboxAsync(user, roles: Ops);
        var clock = Stopwatch.StartNew();
        var spans = new ConcurrentDictionary<string, (TimeSpan Start, TimeSpan End)>();
        var seen = new List<(long Sequence, string Id)>();
        using var done = new CancellationTokenSource();

        var catchUp = Task.Run(async () =>
        {
            long cursor = 0;
            while (true)
            {
                var finished = done.IsCancellationRequested;
                var page = await Client.InboxAsync(user, $"?after={cursor}&limit=100", Ops);
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
        var counter = Task.Run(async () =>
        {
            // A second reader merging the same streams concurrently, as another device would.
            while (!done.IsCancellationRequested)
            {
                await Client.UnreadAsync(user, Ops);
            }
        });

        await Parallel.ForEachAsync(Enumerable.Range(0, publishers), async (publisher, _) =>
        {
            for (var i = 0; i < perPublisher; i++)
            {
                var id = $"o-{publisher}-{i}-{Guid.NewGuid():N}";
                var start = clock.Elapsed;
                await Client.PublishAcceptedAsync(Body(id, publisher + i, user));
                spans[id] = (start, clock.Elapsed);
            }
        });
        await done.CancelAsync();
        await Task.WhenAll(catchUp, counter).WaitAsync(TimeSpan.FromSeconds(120));

        // Catch-up saw every entry once, in a gap-free sequence, and the newest-first listing agrees with it.
        Assert.Equal(seen.Select(e => e.Sequence), Enumerable.Range(1, seen.Count).Select(i => (long)i));
        var mine = seen.Where(e => spans.ContainsKey(e.Id)).ToDictionary(e => e.Id, e => e.Sequence);
        Assert.Equal(publishers * perPublisher, mine.Count);
        var listed = await Client.AllInboxAsync(user, Ops);
        Assert.Equal(seen, listed);

        // Real-time order: a publish that started after another's 202 was in hand sits after it in the inbox.
        var violations = (from a in spans
                          from b in spans
                          where a.Value.End < b.Value.Start && mine[a.Key] > mine[b.Key]
                          select $"{a.Key} (#{mine[a.Key]}) before {b.Key} (#{mine[b.Key]})").ToList();
        Assert.True(violations.Count == 0, string.Join("; ", violations.Take(5)));
    }
}
