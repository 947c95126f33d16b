using System.Net;
using System.Text.Json;
using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Integration;

/// <summary>Archive, unarchive, mark unread and delete: one id, a list or all; synced to the user's other devices; the filters and the counter follow.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class InboxChangeTests
{
    private readonly StackFixture _stacks;
    private readonly NotifierEnvironment _stack;

    public InboxChangeTests(StackFixture fixture)
    {
        _stacks = fixture;
        _stack = fixture.Stack;
    }

    public static TheoryData<string, string> ActionsOnEachTransport()
    {
        var data = new TheoryData<string, string>();
        foreach (var transport in new[] { Transports.WebPubSub, Transports.SignalR })
        {
            foreach (var action in new[] { "archive", "unarchive", "unread", "delete" })
            {
                data.Add(action, transport);
            }
        }

        return data;
    }

    private NotifierClient Client => _stack.Client;

    private async Task<List<string>> PublishAsync(string user, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => NotifierClient.NewId()).ToList();
        await Client.PublishAcceptedAsync("[" + string.Join(',', ids.Select(id => $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"t"}""")) + "]");
        return ids;
    }

    private async Task<List<string>> ListAsync(string user, string query)
    {
        var page = await Client.InboxAsync(user, query);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("notification").GetProperty("id").GetString()!)];
    }

    [Fact]
    public async Task Archive_moves_entries_out_of_the_inbox_and_the_count_and_unarchive_brings_them_back()
    {
        var user = NotifierClient.NewUser("archiver");
        var ids = await PublishAsync(user, 3);
        var baseline = await Client.UnreadAsync(user);

        Assert.Equal([ids[0], ids[2]], await Client.ChangedAsync(user, "archive", $$"""{"ids":["{{ids[0]}}","{{ids[2]}}","unknown-id"]}"""));

        Assert.Equal(baseline - 2, await Client.UnreadAsync(user));
        Assert.DoesNotContain(ids[0], await ListAsync(user, "?limit=100"));
        Assert.Equal([ids[2], ids[0]], await ListAsync(user, "?archived=true"));
        var archived = (await Client.InboxAsync(user, "?archived=true")).GetProperty("items")[0];
        Assert.True(archived.GetProperty("archived").GetBoolean());
        Assert.True(archived.TryGetProperty("archivedAt", out _));

        Assert.Empty(await Client.ChangedAsync(user, "archive", $$"""{"ids":["{{ids[0]}}"]}"""));
        Assert.Equal([ids[2]], await Client.ChangedAsync(user, "unarchive", $$"""{"ids":["{{ids[2]}}"]}"""));
        Assert.Equal(baseline - 1, await Client.UnreadAsync(user));
        Assert.Equal([ids[0]], await ListAsync(user, "?archived=true"));
    }

    // Other tests of the collection broadcast, and a new inbox takes in the latest broadcasts: tests look at their own
    // notifications, and at counts relative to where they started.
    [Fact]
    public async Task Mark_unread_undoes_a_read_and_all_applies_to_every_entry_it_changes()
    {
        var user = NotifierClient.NewUser("unreader");
        var ids = await PublishAsync(user, 4);
        await Client.ChangedAsync(user, "read", """{"all":true}""");
        Assert.Equal(0, await Client.UnreadAsync(user));

        Assert.Equal([ids[1]], await Client.ChangedAsync(user, "unread", $$"""{"ids":["{{ids[1]}}"]}"""));
        Assert.Equal(1, await Client.UnreadAsync(user));
        Assert.Equal([ids[1]], await ListAsync(user, "?unread=true"));

        var unread = await Client.ChangedAsync(user, "unread", """{"all":true}""");
        Assert.Equal([ids[0], ids[2], ids[3]], unread.Where(ids.Contains));
        Assert.Equal(unread.Count + 1, await Client.UnreadAsync(user));
        var archived = await Client.ChangedAsync(user, "archive", """{"all":true}""");
        Assert.Equal(ids, archived.Where(ids.Contains));
        Assert.Equal(0, await Client.UnreadAsync(user));
        Assert.Empty(await ListAsync(user, ""));
    }

    [Fact]
    public async Task Delete_removes_entries_for_this_user_only_and_a_retried_publish_does_not_bring_them_back()
    {
        var user = NotifierClient.NewUser("deleter");
        var other = NotifierClient.NewUser("keeper");
        var id = NotifierClient.NewId();
        var body = $$"""{"id":"{{id}}","to":{"users":["{{user}}","{{other}}"]},"title":"t"}""";
        await Client.PublishAcceptedAsync(body);
        var unread = await Client.UnreadAsync(user);

        Assert.Equal([id], await Client.ChangedAsync(user, "delete", $$"""{"ids":["{{id}}"]}"""));
        await Client.PublishAcceptedAsync(body);

        Assert.DoesNotContain(id, await ListAsync(user, "?limit=100"));
        Assert.DoesNotContain(id, await ListAsync(user, "?archived=true"));
        Assert.Equal(unread - 1, await Client.UnreadAsync(user));
        Assert.Contains(id, await ListAsync(other, "?limit=100"));
        Assert.DoesNotContain(id, await Client.ChangedAsync(user, "delete", """{"all":true}"""));
        Assert.Equal(0, await Client.UnreadAsync(user));
        Assert.Empty(await ListAsync(user, ""));
    }

    [Theory]
    [MemberData(nameof(ActionsOnEachTransport))]
    public async Task A_change_reaches_the_users_other_devices_live(string action, string transport)
    {
        var stack = _stacks[transport];
        var user = NotifierClient.NewUser("synced");
        var ids = await PublishAsync(user, 1);
        await stack.Client.ChangedAsync(user, "read", """{"all":true}""");
        if (action == "unarchive")
        {
            await stack.Client.ChangedAsync(user, "archive", """{"all":true}""");
        }

        await using var device = await stack.ConnectAsync(user);
        await stack.Client.ChangedAsync(user, action, $$"""{"ids":["{{ids[0]}}"]}""");

        var type = action switch { "archive" => "archived", "unarchive" => "unarchived", "delete" => "deleted", _ => "unread" };
        var envelope = await device.ReceiveEnvelopeAsync(type);
        Assert.Equal(ids, envelope.GetProperty("payload").GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("""{"ids":[]}""", "ids")]
    [InlineData("""{"ids":[7]}""", "ids[0]")]
    [InlineData("""{"all":false}""", "all")]
    [InlineData("""{"ids":["a"],"all":true}""", "ids")]
    [InlineData("""{"id":"a"}""", "id")]
    public async Task Bad_input_is_a_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        var user = NotifierClient.NewUser("careless");
        await PublishAsync(user, 2);
        var before = (await Client.InboxAsync(user, "?limit=100")).GetRawText();
        var unread = await Client.UnreadAsync(user);

        foreach (var action in new[] { "archive", "unarchive", "unread", "delete" })
        {
            using var response = await Client.ChangeAsync(user, action, body);
            await BadInputTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        }

        Assert.Equal(before, (await Client.InboxAsync(user, "?limit=100")).GetRawText());
        Assert.Equal(unread, await Client.UnreadAsync(user));
    }

    [Fact]
    public async Task The_archived_filter_must_be_a_boolean()
    {
        using var request = NotifierClient.UserRequest(HttpMethod.Get, "api/inbox?archived=maybe", NotifierClient.NewUser());
        using var response = await _stack.App.Http.SendAsync(request);
        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "archived");
    }

    [Fact]
    public async Task The_unread_counter_stays_exact_under_concurrent_publishes_reads_archives_and_deletes()
    {
        const string roles = "ops";
        var user = NotifierClient.NewUser("counted");
        await Client.InboxAsync(user, roles: roles);
        var ids = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var done = new CancellationTokenSource();

        var publishers = Enumerable.Range(0, 3).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                var id = NotifierClient.NewId();
                var to = i % 4 == 0 ? """{"groups":["ops"]}""" : $$"""{"users":["{{user}}"]}""";
                await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{{to}},"title":"t"}""");
                ids.Enqueue(id);
            }
        })).ToList();
        var changers = new[] { "read", "archive", "delete", "unread", "unarchive" }.Select(action => Task.Run(async () =>
        {
            var random = new Random(action.GetHashCode(StringComparison.Ordinal));
            while (!done.IsCancellationRequested)
            {
                var pick = ids.ToArray();
                if (pick.Length == 0)
                {
                    await Task.Yield();
                    continue;
                }

                var chosen = Enumerable.Range(0, 3).Select(_ => pick[random.Next(pick.Length)]).Distinct();
                await Client.ChangedAsync(user, action, JsonSerializer.Serialize(new { ids = chosen }), roles);
                await Client.UnreadAsync(user, roles);
            }
        })).ToList();

        await Task.WhenAll(publishers).WaitAsync(TimeSpan.FromSeconds(120));
        await done.CancelAsync();
        await Task.WhenAll(changers).WaitAsync(TimeSpan.FromSeconds(60));

        // The counter against a full scan of what the inbox holds.
        var unread = 0;
        long cursor = 0;
        while (true)
        {
            var page = await Client.InboxAsync(user, $"?after={cursor}&limit=100&unread=true", roles);
            unread += page.GetProperty("items").EnumerateArray().Count(i => !i.GetProperty("muted").GetBoolean());
            cursor = page.GetProperty("cursor").GetInt64();
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                break;
            }
        }

        Assert.Equal(unread, await Client.UnreadAsync(user, roles));
    }
}
