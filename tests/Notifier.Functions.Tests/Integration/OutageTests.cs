using System.Net;
using System.Text.Json;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Integration;

/// <summary>Storage goes away while publishers keep publishing: they get 503s, and nothing accepted is lost.</summary>
public sealed class OutageTests : IAsyncLifetime
{
    private readonly PersistentAzuriteFixture _azurite = new();
    private NotifierEnvironment? _stack;

    private NotifierEnvironment Stack => _stack!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _stack = await NotifierEnvironment.StartAsync(_azurite);
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Publishing_during_a_storage_outage_answers_503_and_after_recovery_nothing_accepted_is_missing()
    {
        var user = NotifierClient.NewUser("outage");
        var accepted = new List<string>();
        var refused = new List<string>();

        async Task PublishAsync(string id)
        {
            using var response = await Stack.Client.PublishAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"{{id}}"}""");
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.Add(id);
            }
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.NotNull(response.Headers.RetryAfter);
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Contains(id, problem.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
                refused.Add(id);
            }
        }

        for (var i = 0; i < 10; i++)
        {
            await PublishAsync($"before-{i}-{Guid.NewGuid():N}");
        }

        await _azurite.StopAsync();
        for (var i = 0; i < 5; i++)
        {
            await PublishAsync($"during-{i}-{Guid.NewGuid():N}");
        }

        Assert.Equal(5, refused.Count);
        using (var health = await Stack.App.Http.GetAsync("api/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }

        using (var live = await Stack.App.Http.GetAsync("api/health"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await _azurite.StartAsync();

        // The publisher retries what was refused, with the same ids, as the 503 told it to.
        foreach (var id in refused.ToList())
        {
            await PublishAsync(id);
        }

        for (var i = 0; i < 5; i++)
        {
            await PublishAsync($"after-{i}-{Guid.NewGuid():N}");
        }

        var inbox = await Stack.Client.AllInboxAsync(user);
        Assert.Equal(accepted.Distinct().Order(), inbox.Select(e => e.Id).Order());
        Assert.Equal(20, inbox.Count);
        Assert.Equal(Enumerable.Range(1, inbox.Count).Select(i => (long)i), inbox.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Queue_messages_that_fail_during_an_outage_are_redelivered_and_stored_once()
    {
        var user = NotifierClient.NewUser("queued-outage");
        var messageId = Guid.NewGuid().ToString();
        var body = JsonSerializer.Serialize(JsonSerializer.Serialize($$"""{"to":{"users":["{{user}}"]},"title":"survives"}"""));
        var invocation = $$$"""{"Data":{"message":{{{body}}}},"Metadata":{"DequeueCount":"1","Id":{{{JsonSerializer.Serialize(JsonSerializer.Serialize(messageId))}}}}}""";

        await _azurite.StopAsync();
        using (var failed = await Stack.App.Host.PostAsync("queue-notifications", new StringContent(invocation, System.Text.Encoding.UTF8, "application/json")))
        {
            // Not a 2xx: the host keeps the message and delivers it again later.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        await _azurite.StartAsync();
        using (var retried = await Stack.App.Host.PostAsync("queue-notifications", new StringContent(invocation, System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        }

        Assert.Single(await Stack.Client.AllInboxAsync(user), e => e.Id == "q-" + messageId);
    }
}
