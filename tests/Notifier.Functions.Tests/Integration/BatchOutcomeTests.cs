using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Core.Notifications;
using Notifier.Functions.Storage;
using Notifier.Functions.Tests.Fakes;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// A batch answers every item's own outcome in request order, and its status never claims that nothing happened when
/// something did: 202 when every item is settled, 409 or 503 when none is, 207 Multi-Status when some are.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class BatchOutcomeTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite;
    private NotifierEnvironment _stack = null!;

    public BatchOutcomeTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    private NotifierClient Client => _stack.Client;

    public async Task InitializeAsync() =>
        _stack = await NotifierEnvironment.StartAsync(_azurite, services: services =>
        {
            services.AddSingleton<TableNotificationRecords>();
            services.AddSingleton<INotificationRecords>(sp => new UnavailableForSomeIds(sp.GetRequiredService<TableNotificationRecords>()));
        });

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task A_conflict_in_the_middle_is_that_items_outcome_and_the_answer_is_207()
    {
        var user = NotifierClient.NewUser("mixed");
        var (first, reused, last) = (NotifierClient.NewId(), NotifierClient.NewId(), NotifierClient.NewId());
        await Client.PublishAcceptedAsync(Item(reused, user, "original"));

        using var response = await Client.PublishAsync($"[{Item(first, user, "a")},{Item(reused, user, "other content")},{Item(last, user, "c")}]");

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var results = await ResultsAsync(response);
        Assert.Equal([first, reused, last], results.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["accepted", "conflict", "accepted"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("different notification", results[1].GetProperty("detail").GetString(), StringComparison.Ordinal);

        var inbox = await Client.InboxAsync(user);
        var titles = inbox.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("notification").TryGetProperty("title", out _)).ToDictionary(i => i.GetProperty("notification").GetProperty("id").GetString()!, i => i.GetProperty("notification").GetProperty("title").GetString());
        Assert.Equal("original", titles[reused]);
        Assert.Equal("a", titles[first]);
        Assert.Equal("c", titles[last]);
    }

    [Fact]
    public async Task A_batch_of_replays_and_new_items_is_202_and_says_which_were_replayed()
    {
        var user = NotifierClient.NewUser("replay");
        var (old, fresh) = (NotifierClient.NewId(), NotifierClient.NewId());
        await Client.PublishAcceptedAsync(Item(old, user, "once"));

        using var response = await Client.PublishAsync($"[{Item(old, user, "once")},{Item(fresh, user, "new")}]");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(["replayed", "accepted"], (await ResultsAsync(response)).Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(2, (await Client.AllInboxAsync(user)).Count(e => e.Id == old || e.Id == fresh));
    }

    [Fact]
    public async Task A_batch_where_every_item_conflicts_is_409_with_each_outcome()
    {
        var user = NotifierClient.NewUser("all-conflict");
        var (a, b) = (NotifierClient.NewId(), NotifierClient.NewId());
        await Client.PublishAcceptedAsync($"[{Item(a, user, "a")},{Item(b, user, "b")}]");

        using var response = await Client.PublishAsync($"[{Item(a, user, "A")},{Item(b, user, "B")}]");

        var problem = await BadInputTests.AssertProblemAsync(response, HttpStatusCode.Conflict, field: null);
        Assert.Equal(["conflict", "conflict"], problem.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task An_invalid_batch_stores_nothing_and_says_which_items_were_invalid()
    {
        var user = NotifierClient.NewUser("invalid");
        var (a, c) = (NotifierClient.NewId(), NotifierClient.NewId());

        using var response = await Client.PublishAsync($$"""[{{Item(a, user, "a")}},{"to":{"users":["{{user}}"]},"title":5},{{Item(c, user, "c")}}]""");

        var problem = await BadInputTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "[1].title");
        var results = problem.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["skipped", "invalid", "skipped"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal("[1].title", Assert.Single(results[1].GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
        Assert.DoesNotContain(await Client.AllInboxAsync(user), e => e.Id == a || e.Id == c);
        Assert.Null(await Client.StatusAsync(a));
    }

    [Fact]
    public async Task When_storage_fails_part_way_the_stored_items_are_reported_as_accepted_and_the_rest_as_unavailable()
    {
        var user = NotifierClient.NewUser("outage");
        var stored = NotifierClient.NewId();
        var failing = UnavailableForSomeIds.Prefix + Guid.NewGuid().ToString("N");
        var notReached = NotifierClient.NewId();

        using var response = await Client.PublishAsync($"[{Item(stored, user, "stored")},{Item(failing, user, "fails")},{Item(notReached, user, "later")}]");

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        var results = await ResultsAsync(response);
        Assert.Equal(["accepted", "unavailable", "unavailable"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal([stored], Mine(await Client.AllInboxAsync(user), stored, failing, notReached));

        // The publisher retries the ones not settled, with the same ids; the stored one is not stored twice.
        using var retry = await Client.PublishAsync($"[{Item(stored, user, "stored")},{Item(notReached, user, "later")}]");
        Assert.Equal(["replayed", "accepted"], (await ResultsAsync(retry)).Select(r => r.GetProperty("status").GetString()));
        Assert.Equal([stored, notReached], Mine(await Client.AllInboxAsync(user), stored, failing, notReached));
    }

    [Fact]
    public async Task When_nothing_of_a_batch_can_be_stored_the_answer_is_503_with_the_ids_to_retry()
    {
        var user = NotifierClient.NewUser("down");
        var failing = UnavailableForSomeIds.Prefix + Guid.NewGuid().ToString("N");

        using var response = await Client.PublishAsync($$"""[{{Item(failing, user, "fails")}},{"to":{"users":["{{user}}"]},"title":"generated id"}]""");

        var problem = await BadInputTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, field: null);
        Assert.NotNull(response.Headers.RetryAfter);
        var ids = problem.GetProperty("ids").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Equal(failing, ids[0]);
        Assert.False(string.IsNullOrEmpty(ids[1]));
        Assert.Equal(["unavailable", "unavailable"], problem.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Empty(problem.GetProperty("accepted").EnumerateArray());
        Assert.Empty(Mine(await Client.AllInboxAsync(user), [.. ids!]));
    }

    /// <summary>The test's own ids among the inbox's, in inbox order: other tests' broadcasts reach every inbox.</summary>
    private static List<string> Mine(List<(long Sequence, string Id)> inbox, params string?[] ids) => inbox.Select(e => e.Id).Where(ids.Contains).ToList();

    private static string Item(string id, string user, string title) => $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"{{title}}"}""";

    private static async Task<List<JsonElement>> ResultsAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("results").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
