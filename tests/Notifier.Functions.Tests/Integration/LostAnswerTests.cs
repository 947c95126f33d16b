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
/// An append whose write reached storage but whose answer was lost is sent again by the SDK, and then finds its own
/// entries in the way (and, with an id of the publisher's own, its index row). Each entry names the write that stored
/// it, so the append finds its own in the tail and takes them as stored by this publish, which answers "accepted" and
/// pushes, once.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class LostAnswerTests
{
    private readonly AzuriteFixture _azurite;

    public LostAnswerTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    [Fact]
    public async Task An_insert_whose_answer_was_lost_and_was_sent_again_is_stored_once()
    {
        var user = NotifierClient.NewUser("lost-answer");
        var (stack, lost) = await StartLosingFirstAnswerAsync(user);
        await using var started = stack;

        await using var socket = await stack.ConnectAsync(user);
        using var response = await stack.Client.PublishAsync(NoId(user, "once"));

        // Stored by this publish, so answered and pushed as new, not as a replay.
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(id, (await socket.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());
        Assert.True(lost.Lost);
        Assert.Equal([(1L, id)], await stack.Client.AllInboxAsync(user));
        Assert.Equal(1, await stack.Client.UnreadAsync(user));

        // The next append goes on after it.
        var next = (await stack.Client.PublishAcceptedAsync(NoId(user, "twice"))).GetProperty("id").GetString()!;
        Assert.Equal([(1L, id), (2L, next)], await stack.Client.AllInboxAsync(user));
    }

    [Fact]
    public async Task A_burst_whose_first_transaction_was_sent_again_is_stored_once_and_answered_accepted_throughout()
    {
        var user = NotifierClient.NewUser("lost-batch");
        var (stack, lost) = await StartLosingFirstAnswerAsync(user);
        await using var started = stack;

        // Large enough that the 60 take two transactions (3 MiB each at most): the first one's answer is lost.
        var body = new string('x', 63_800);
        using var response = await stack.Client.PublishAsync("[" + string.Join(",", Enumerable.Range(0, 60).Select(i => $$"""{"to":{"users":["{{user}}"]},"title":"t{{i}}","body":"{{body}}"}""")) + "]");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(lost.Lost);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var results = answer.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.All(results, r => Assert.Equal("accepted", r.GetProperty("status").GetString()));
        var inbox = await stack.Client.AllInboxAsync(user);
        Assert.Equal(results.Select(r => r.GetProperty("id").GetString()), inbox.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), inbox.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_transaction_of_a_publishers_bound_id_whose_answer_was_lost_is_stored_once_and_pushed_as_new()
    {
        var user = NotifierClient.NewUser("lost-own");
        var (stack, lost) = await StartLosingFirstAnswerAsync(user);
        await using var started = stack;
        var id = "01ARZ3NDEKTSV4RRFFQ69G5FAV@" + user;
        await using var socket = await stack.ConnectAsync(user);

        // Entry and index row in one transaction: sent again, it finds both there, and the entry says which write it was.
        using var response = await stack.Client.PublishAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"mine"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(lost.Lost);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(id, (await socket.ReceiveEnvelopeAsync("notification")).GetProperty("payload").GetProperty("id").GetString());
        Assert.Equal([(1L, id)], await stack.Client.AllInboxAsync(user));

        // A real retry of it is a replay.
        using var again = await stack.Client.PublishAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"mine"}""");
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
    }

    // The stack, with storage answers losing the first answer to a write into the user's inbox.
    private async Task<(NotifierEnvironment Stack, LostInsertAnswer Lost)> StartLosingFirstAnswerAsync(string user)
    {
        var lost = new LostInsertAnswer("Inbox", user);
        var stack = await NotifierEnvironment.StartAsync(
            _azurite,
            services: services => services.ConfigureAll<TableClientOptions>(options => options.AddPolicy(lost, HttpPipelinePosition.PerRetry)));
        return (stack, lost);
    }

    private static string NoId(string user, string title) => $$"""{"to":{"users":["{{user}}"]},"title":"{{title}}"}""";
}
