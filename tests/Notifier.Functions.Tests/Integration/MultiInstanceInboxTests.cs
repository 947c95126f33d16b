using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Functions.Tests.Fakes;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// Two instances of the app on one storage account, as a scaled-out function app runs. Appends write no head: each
/// claims the next sequence by inserting its entry, and the head takes the tail in when the inbox is next read or
/// changed. So publishes through both instances at once land dense and once each, and whichever instance reads next
/// counts and finds them all.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class MultiInstanceInboxTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite;
    private readonly SkippingClock _clockOfA = new();
    private NotifierEnvironment _a = null!;
    private NotifierEnvironment _b = null!;

    public MultiInstanceInboxTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    public async Task InitializeAsync()
    {
        _a = await NotifierEnvironment.StartAsync(_azurite, services: services => services.AddSingleton<TimeProvider>(_clockOfA));
        _b = await NotifierEnvironment.StartAsync(_azurite);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Publishes_to_one_user_through_two_instances_at_once_land_dense_once_each_and_counted()
    {
        var user = NotifierClient.NewUser("two-writers");

        // Both instances know the inbox first, so that each appends from its own, soon stale, idea of the latest sequence.
        await _a.Client.PublishAcceptedAsync(NoId(user, "first"));
        await _b.Client.PublishAcceptedAsync(NoId(user, "second"));

        var publishes = Enumerable.Range(0, 120).Select(i => Task.Run(async () =>
        {
            var client = i % 2 == 0 ? _a.Client : _b.Client;
            var body = i % 3 == 0
                ? $$"""{"id":"{{NotifierClient.NewId()}}","to":{"users":["{{user}}"]},"title":"own {{i}}"}"""
                : NoId(user, $"new {i}");
            return (await client.PublishAcceptedAsync(body)).GetProperty("id").GetString()!;
        }));
        var answered = await Task.WhenAll(publishes);

        var inbox = await _b.Client.AllInboxAsync(user);
        Assert.Equal(Enumerable.Range(1, 122).Select(i => (long)i), inbox.Select(e => e.Sequence));
        Assert.Equal(inbox.Count, inbox.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Subset(inbox.Select(e => e.Id).ToHashSet(StringComparer.Ordinal), answered.ToHashSet(StringComparer.Ordinal));
        Assert.Equal(122, await _a.Client.UnreadAsync(user));
    }

    [Fact]
    public async Task What_one_instance_appended_another_counts_finds_by_id_and_changes()
    {
        var user = NotifierClient.NewUser("fold");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _a.Client.PublishAcceptedAsync(NoId(user, $"n{i}"))).GetProperty("id").GetString()!);
        }

        Assert.Equal(5, await _b.Client.UnreadAsync(user));
        Assert.Equal([ids[1], ids[3]], await _b.Client.ChangedAsync(user, "read", $$"""{"ids":["{{ids[1]}}","{{ids[3]}}"]}"""));
        Assert.Equal(3, await _a.Client.UnreadAsync(user));

        // More through the first instance, which still appends after what it wrote: the second folds them in as it reads.
        for (var i = 5; i < 8; i++)
        {
            ids.Add((await _a.Client.PublishAcceptedAsync(NoId(user, $"n{i}"))).GetProperty("id").GetString()!);
        }

        Assert.Equal(ids[7], (await _b.Client.StatusAsync(ids[7]))!.Value.GetProperty("id").GetString());
        Assert.Equal(6, await _b.Client.UnreadAsync(user));
        Assert.Equal(ids, (await _b.Client.AllInboxAsync(user)).Select(e => e.Id));
        using (var all = await _b.Client.MarkReadAsync(user, """{"all":true}"""))
        {
            Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        }

        Assert.Equal(0, await _a.Client.UnreadAsync(user));
    }

    [Fact]
    public async Task An_instance_that_last_saw_the_inbox_before_an_entry_was_deleted_never_takes_its_sequence_again()
    {
        var user = NotifierClient.NewUser("reuse");
        var first = (await _a.Client.PublishAcceptedAsync(NoId(user, "first"))).GetProperty("id").GetString()!;
        var second = (await _b.Client.PublishAcceptedAsync(NoId(user, "second"))).GetProperty("id").GetString()!;
        Assert.Equal([second], await _b.Client.ChangedAsync(user, "delete", $$"""{"ids":["{{second}}"]}"""));

        // The first instance still knows 1 as the latest sequence: 2 was deleted, and its key is not free for it.
        var third = (await _a.Client.PublishAcceptedAsync(NoId(user, "third"))).GetProperty("id").GetString()!;

        Assert.Equal([(1L, first), (3L, third)], await _b.Client.AllInboxAsync(user));
        Assert.Equal(2, await _b.Client.UnreadAsync(user));
    }

    [Fact]
    public async Task A_mute_set_through_another_instance_decides_this_ones_appends_once_its_copy_of_the_head_is_old()
    {
        var user = NotifierClient.NewUser("mute-elsewhere");
        await _a.Client.PublishAcceptedAsync(NoId(user, "known"));
        using (var put = await _b.Client.PutPreferencesAsync(user, """{"muted":{"types":["promo"],"groups":[]}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        _clockOfA.Skip(TimeSpan.FromMinutes(1));
        var id = (await _a.Client.PublishAcceptedAsync($$"""{"to":{"users":["{{user}}"]},"type":"promo","title":"sale"}""")).GetProperty("id").GetString()!;

        var items = (await _b.Client.InboxAsync(user)).GetProperty("items").EnumerateArray();
        Assert.True(items.Single(i => i.GetProperty("notification").GetProperty("id").GetString() == id).GetProperty("muted").GetBoolean());
        Assert.Equal(1, await _b.Client.UnreadAsync(user));
    }

    private static string NoId(string user, string title) => $$"""{"to":{"users":["{{user}}"]},"title":"{{title}}"}""";
}
