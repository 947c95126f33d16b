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
/// A notification to several users without an id gets one the app made, and its first attempt appends to each inbox
/// one entity, the entry alone (the inbox's next read writes its index row): no other attempt can have stored it.
/// One that failed part-way is retried under the id the 503 named, as the publisher's own; that attempt gives what
/// the first appended their index rows before appending, so every user has it once.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class FanOutWithoutIdTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite;
    private readonly TableRequestRecorder _requests = new();
    private readonly TableTransactionOutage _outage = new(inserts: true);
    private NotifierEnvironment _stack = null!;

    public FanOutWithoutIdTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    private NotifierClient Client => _stack.Client;

    public async Task InitializeAsync() =>
        _stack = await NotifierEnvironment.StartAsync(
            _azurite,
            services: services => services.ConfigureAll<TableClientOptions>(options =>
            {
                options.AddPolicy(_requests, HttpPipelinePosition.PerRetry);
                options.AddPolicy(_outage, HttpPipelinePosition.PerRetry);
            }));

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task The_first_attempt_appends_the_entry_alone_to_each_inbox_and_each_finds_it_by_id()
    {
        var users = Enumerable.Range(0, 3).Select(i => NotifierClient.NewUser($"fan{i}")).ToList();
        await Client.PublishAcceptedAsync(Body(users, "warm"));
        _requests.Clear();

        var id = (await Client.PublishAcceptedAsync(Body(users, "three"))).GetProperty("id").GetString()!;

        Assert.Equal(3, _requests.Requests.Count(r => r == "POST Inbox"));
        Assert.DoesNotContain("POST $batch", _requests.Requests);
        foreach (var user in users)
        {
            Assert.Equal(2, await Client.UnreadAsync(user));
            Assert.Equal([id], await Client.ChangedAsync(user, "read", $$"""{"ids":["{{id}}"]}"""));
            Assert.Equal(1, await Client.UnreadAsync(user));
        }
    }

    [Fact]
    public async Task One_that_failed_part_way_and_is_retried_under_the_named_id_reaches_every_user_once()
    {
        var users = Enumerable.Range(0, 3).Select(i => NotifierClient.NewUser($"part{i}")).ToList();
        foreach (var user in users)
        {
            await Client.PublishAcceptedAsync(Body([user], "warm"));
        }

        _outage.Begin(users[2], allowed: 0);
        using var failed = await Client.PublishAsync(Body(users, "once"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        var id = JsonDocument.Parse(await failed.Content.ReadAsStringAsync()).RootElement.GetProperty("ids")[0].GetString()!;
        _outage.End();

        var retried = await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":[{{string.Join(",", users.Select(u => $"\"{u}\""))}}]},"title":"once"}""");

        Assert.Equal(id, retried.GetProperty("id").GetString());
        foreach (var user in users)
        {
            Assert.Single(await Client.AllInboxAsync(user), e => e.Id == id);
            Assert.Equal(2, await Client.UnreadAsync(user));
        }
    }

    [Fact]
    public async Task Reads_count_what_appends_left_without_writing_it_and_the_first_change_writes_it()
    {
        // Seen once: the first read writes the streams the user reads.
        var user = NotifierClient.NewUser("reads");
        await Client.InboxAsync(user);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Client.PublishAcceptedAsync(Body([user], $"n{i}"))).GetProperty("id").GetString()!);
        }

        _requests.Clear();
        Assert.Equal(3, await Client.UnreadAsync(user));
        Assert.Equal(ids, (await Client.AllInboxAsync(user)).Select(e => e.Id));
        Assert.DoesNotContain("POST $batch", _requests.Requests);

        Assert.Equal([ids[1]], await Client.ChangedAsync(user, "read", $$"""{"ids":["{{ids[1]}}"]}"""));
        Assert.Contains("POST $batch", _requests.Requests);
        Assert.Equal(2, await Client.UnreadAsync(user));
    }

    private static string Body(IEnumerable<string> users, string title) =>
        $$"""{"to":{"users":[{{string.Join(",", users.Select(u => $"\"{u}\""))}}]},"title":"{{title}}"}""";
}
