using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Core.Notifications;
using Notifier.Functions.Publishing;
using Notifier.Functions.Storage;
using Notifier.Functions.Tests.Fakes;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Contract;

/// <summary>
/// Real answers of the running app (Azurite, the emulator) validated against docs/openapi.json: every route's success
/// and every kind of refusal. The wire's own tests (BadInputTests, BatchOutcomeTests, …) say what the answers mean;
/// these say the document tells clients the truth about them.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class ContractTests : IAsyncLifetime
{
    private const string Publish = "/api/notifications";
    private readonly AzuriteFixture _azurite;
    private NotifierEnvironment _stack = null!;

    public ContractTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    private NotifierClient Client => _stack.Client;

    private HttpClient Http => _stack.App.Http;

    public async Task InitializeAsync() =>
        _stack = await NotifierEnvironment.StartAsync(_azurite, services: services =>
        {
            // Ids with this prefix fail as unreachable storage does: the 503 and 207 answers without an outage.
            services.AddSingleton<TableNotificationRecords>();
            services.AddSingleton<INotificationRecords>(sp => new UnavailableForSomeIds(sp.GetRequiredService<TableNotificationRecords>()));
        });

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Publish_202_single_then_202_replayed_with_the_same_body()
    {
        var json = One(NotifierClient.NewId(), NotifierClient.NewUser(), "hello");
        using var first = await Client.PublishAsync(json);
        var body = await DocumentedResponse.AssertMatchesAsync(first, "POST", Publish);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(body.GetProperty("statusUrl").GetString(), first.Headers.Location?.OriginalString);

        using var replay = await Client.PublishAsync(json);
        var replayed = await DocumentedResponse.AssertMatchesAsync(replay, "POST", Publish);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues(PublishResponses.ReplayedHeader)));
        Assert.Equal(body.ToString(), replayed.ToString());
    }

    [Fact]
    public async Task Publish_202_batch_207_mixed_and_409_all_conflicts()
    {
        var user = NotifierClient.NewUser();
        var (a, b) = (NotifierClient.NewId(), NotifierClient.NewId());
        using var settled = await Client.PublishAsync($"[{One(a, user, "a")},{One(b, user, "b")}]");
        await DocumentedResponse.AssertMatchesAsync(settled, "POST", Publish);
        Assert.Equal(HttpStatusCode.Accepted, settled.StatusCode);

        using var mixed = await Client.PublishAsync($"[{One(a, user, "a")},{One(b, user, "other")},{One(UnavailableForSomeIds.Prefix + Guid.NewGuid().ToString("N"), user, "c")}]");
        await DocumentedResponse.AssertMatchesAsync(mixed, "POST", Publish);
        Assert.Equal(HttpStatusCode.MultiStatus, mixed.StatusCode);

        using var conflicts = await Client.PublishAsync($"[{One(a, user, "changed")},{One(b, user, "changed")}]");
        await DocumentedResponse.AssertMatchesAsync(conflicts, "POST", Publish);
        Assert.Equal(HttpStatusCode.Conflict, conflicts.StatusCode);
    }

    [Fact]
    public async Task Publish_409_single()
    {
        var (id, user) = (NotifierClient.NewId(), NotifierClient.NewUser());
        await Client.PublishAcceptedAsync(One(id, user, "first"));

        using var response = await Client.PublishAsync(One(id, user, "second"));

        await DocumentedResponse.AssertMatchesAsync(response, "POST", Publish);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"to":{"users":["u"]}}""", 400)]
    [InlineData("""[{"to":{"users":["u"]},"title":"ok"},{"to":{"users":["u"]},"title":5}]""", 400)]
    [InlineData("""{"to":{"users":["u"]},"title":"x","ttlSeconds":"soon"}""", 400)]
    public async Task Publish_400_single_and_batch(string json, int status)
    {
        using var response = await Client.PublishAsync(json);

        await DocumentedResponse.AssertMatchesAsync(response, "POST", Publish);
        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task Publish_413_content_too_large()
    {
        using var response = await Client.PublishAsync($$"""{"to":{"users":["u"]},"body":"{{new string('x', 70_000)}}"}""");

        await DocumentedResponse.AssertMatchesAsync(response, "POST", Publish);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Publish_415_and_401()
    {
        using var text = await Client.PublishAsync(One(NotifierClient.NewId(), "u", "x"), contentType: "text/plain");
        await DocumentedResponse.AssertMatchesAsync(text, "POST", Publish);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);

        using var anonymous = await Client.PublishAsync(One(NotifierClient.NewId(), "u", "x"), apiKey: null);
        await DocumentedResponse.AssertMatchesAsync(anonymous, "POST", Publish);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Publish_503_single_and_batch_list_the_ids_to_retry()
    {
        var user = NotifierClient.NewUser();
        using var one = await Client.PublishAsync(One(UnavailableForSomeIds.Prefix + Guid.NewGuid().ToString("N"), user, "x"));
        var problem = await DocumentedResponse.AssertMatchesAsync(one, "POST", Publish);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, one.StatusCode);
        Assert.Single(problem.GetProperty("ids").EnumerateArray());

        using var batch = await Client.PublishAsync($"[{One(UnavailableForSomeIds.Prefix + Guid.NewGuid().ToString("N"), user, "x")},{One(NotifierClient.NewId(), user, "y")}]");
        await DocumentedResponse.AssertMatchesAsync(batch, "POST", Publish);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, batch.StatusCode);
    }

    [Fact]
    public async Task Status_200_400_401_404()
    {
        var id = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{NotifierClient.NewUser()}}"],"groups":["ops"]},"title":"x","sender":"bob"}""");
        const string route = "/api/notifications/{id}";

        foreach (var (path, key, status) in new[]
        {
            ($"api/notifications/{id}", StackSettings.ApiKey, HttpStatusCode.OK),
            ("api/notifications/not%20valid", StackSettings.ApiKey, HttpStatusCode.BadRequest),
            ($"api/notifications/{NotifierClient.NewId()}", StackSettings.ApiKey, HttpStatusCode.NotFound),
            ($"api/notifications/{id}", "wrong-key", HttpStatusCode.Unauthorized),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Api-Key", key);
            using var response = await Http.SendAsync(request);
            await DocumentedResponse.AssertMatchesAsync(response, "GET", route);
            Assert.Equal(status, response.StatusCode);
        }
    }

    [Fact]
    public async Task Inbox_200_with_items_400_and_401()
    {
        var user = NotifierClient.NewUser();
        var id = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$$"""{"id":"{{{id}}}","to":{"users":["{{{user}}}"]},"title":"x","data":{"n":[1,2]}}""");
        using (var read = await Client.MarkReadAsync(user, $$"""{"ids":["{{id}}"]}"""))
        {
            await DocumentedResponse.AssertMatchesAsync(read, "POST", "/api/inbox/read");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        foreach (var (query, status) in new[] { ("", HttpStatusCode.OK), ("?after=0&limit=10", HttpStatusCode.OK), ("?limit=0", HttpStatusCode.BadRequest) })
        {
            using var request = NotifierClient.UserRequest(HttpMethod.Get, "api/inbox" + query, user);
            using var response = await Http.SendAsync(request);
            await DocumentedResponse.AssertMatchesAsync(response, "GET", "/api/inbox");
            Assert.Equal(status, response.StatusCode);
        }

        using var anonymous = await Http.GetAsync("api/inbox");
        await DocumentedResponse.AssertMatchesAsync(anonymous, "GET", "/api/inbox");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Inbox_read_400_413_415_and_unread_count_200()
    {
        var user = NotifierClient.NewUser();
        foreach (var (body, contentType, status) in new[]
        {
            ("""{"ids":[]}""", "application/json", HttpStatusCode.BadRequest),
            ("{\"ids\":[\"" + new string('a', 70_000) + "\"]}", "application/json", HttpStatusCode.RequestEntityTooLarge),
            ("ids=1", "text/plain", HttpStatusCode.UnsupportedMediaType),
        })
        {
            using var request = NotifierClient.UserRequest(HttpMethod.Post, "api/inbox/read", user);
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
            using var response = await Http.SendAsync(request);
            await DocumentedResponse.AssertMatchesAsync(response, "POST", "/api/inbox/read");
            Assert.Equal(status, response.StatusCode);
        }

        using var countRequest = NotifierClient.UserRequest(HttpMethod.Get, "api/inbox/unread-count", user);
        using var count = await Http.SendAsync(countRequest);
        await DocumentedResponse.AssertMatchesAsync(count, "GET", "/api/inbox/unread-count");
        Assert.Equal(HttpStatusCode.OK, count.StatusCode);
    }

    [Fact]
    public async Task Inbox_changes_200_400_415_and_archived_listing_200()
    {
        var user = NotifierClient.NewUser();
        var id = NotifierClient.NewId();
        await Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"x"}""");
        foreach (var action in new[] { "archive", "unarchive", "unread", "delete" })
        {
            foreach (var (body, contentType, status) in new[]
            {
                ($$"""{"ids":["{{id}}"]}""", "application/json", HttpStatusCode.OK),
                ("""{"ids":[1]}""", "application/json", HttpStatusCode.BadRequest),
                ("ids=1", "text/plain", HttpStatusCode.UnsupportedMediaType),
            })
            {
                using var request = NotifierClient.UserRequest(HttpMethod.Post, "api/inbox/" + action, user);
                request.Content = new StringContent(body, Encoding.UTF8, contentType);
                using var response = await Http.SendAsync(request);
                await DocumentedResponse.AssertMatchesAsync(response, "POST", "/api/inbox/" + action);
                Assert.Equal(status, response.StatusCode);
            }
        }

        using var listRequest = NotifierClient.UserRequest(HttpMethod.Get, "api/inbox?archived=true", user);
        using var list = await Http.SendAsync(listRequest);
        await DocumentedResponse.AssertMatchesAsync(list, "GET", "/api/inbox");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task Preferences_200_400_415_and_401()
    {
        var user = NotifierClient.NewUser();
        foreach (var (body, contentType, status) in new[]
        {
            ("""{"muted":{"types":["digest"],"groups":["ops"]}}""", "application/json", HttpStatusCode.OK),
            ("""{"muted":{"types":[1]}}""", "application/json", HttpStatusCode.BadRequest),
            ("muted=1", "text/plain", HttpStatusCode.UnsupportedMediaType),
        })
        {
            using var request = NotifierClient.UserRequest(HttpMethod.Put, "api/preferences", user);
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
            using var response = await Http.SendAsync(request);
            await DocumentedResponse.AssertMatchesAsync(response, "PUT", "/api/preferences");
            Assert.Equal(status, response.StatusCode);
        }

        using var getRequest = NotifierClient.UserRequest(HttpMethod.Get, "api/preferences", user);
        using var got = await Http.SendAsync(getRequest);
        await DocumentedResponse.AssertMatchesAsync(got, "GET", "/api/preferences");
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);

        using var anonymous = await Http.GetAsync("api/preferences");
        await DocumentedResponse.AssertMatchesAsync(anonymous, "GET", "/api/preferences");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Negotiate_200_and_401_presence_200_and_400_health_200()
    {
        var user = NotifierClient.NewUser();
        using (var request = NotifierClient.UserRequest(HttpMethod.Post, "api/negotiate", user, "ops"))
        using (var response = await Http.SendAsync(request))
        {
            await DocumentedResponse.AssertMatchesAsync(response, "POST", "/api/negotiate");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var anonymous = await Http.PostAsync("api/negotiate", null))
        {
            await DocumentedResponse.AssertMatchesAsync(anonymous, "POST", "/api/negotiate");
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        foreach (var (userId, status) in new[] { (user, HttpStatusCode.OK), ("not%20valid", HttpStatusCode.BadRequest) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/presence/{userId}");
            request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
            using var response = await Http.SendAsync(request);
            await DocumentedResponse.AssertMatchesAsync(response, "GET", "/api/presence/{userId}");
            Assert.Equal(status, response.StatusCode);
        }

        foreach (var route in new[] { "/api/health", "/api/health/ready" })
        {
            using var response = await Http.GetAsync(route.TrimStart('/'));
            await DocumentedResponse.AssertMatchesAsync(response, "GET", route);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Answers_429_for_publishers_and_users()
    {
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, new Dictionary<string, string?>
        {
            ["Notifier:RateLimits:PublisherPerSecond"] = "1",
            ["Notifier:RateLimits:PublisherBurst"] = "100",
            ["Notifier:RateLimits:UserPerSecond"] = "1",
            ["Notifier:RateLimits:UserBurst"] = "1",
        });
        var user = NotifierClient.NewUser();
        var batch = "[" + string.Join(',', Enumerable.Range(0, 100).Select(i => $$"""{"to":{"users":["{{user}}"]},"title":"{{i}}"}""")) + "]";
        await stack.Client.PublishAcceptedAsync(batch);

        using var publish = await stack.Client.PublishAsync(batch);
        await DocumentedResponse.AssertMatchesAsync(publish, "POST", Publish);
        Assert.Equal(HttpStatusCode.TooManyRequests, publish.StatusCode);

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 3 && limited is null; i++)
        {
            using var request = NotifierClient.UserRequest(HttpMethod.Get, "api/inbox/unread-count", user);
            var response = await stack.App.Http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using (limited)
        {
            Assert.NotNull(limited);
            await DocumentedResponse.AssertMatchesAsync(limited, "GET", "/api/inbox/unread-count");
        }
    }

    [Fact]
    public async Task Answers_503_when_storage_and_web_pubsub_are_unreachable()
    {
        // Nothing listens on port 9: every storage and Web PubSub call is refused at once.
        var storage = $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};"
            + $"TableEndpoint=http://127.0.0.1:9/{AzuriteFixture.AccountName};QueueEndpoint=http://127.0.0.1:9/{AzuriteFixture.AccountName};";
        await using var app = await NotifierServer.StartAsync(StackSettings.For(storage, new Uri("http://127.0.0.1:9")));

        using (var ready = await app.Http.GetAsync("api/health/ready"))
        {
            await DocumentedResponse.AssertMatchesAsync(ready, "GET", "/api/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        using var request = NotifierClient.UserRequest(HttpMethod.Get, "api/inbox", NotifierClient.NewUser());
        using var inbox = await app.Http.SendAsync(request);
        await DocumentedResponse.AssertMatchesAsync(inbox, "GET", "/api/inbox");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, inbox.StatusCode);
    }

    private static string One(string id, string user, string title) =>
        $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"{{title}}"}""";
}
