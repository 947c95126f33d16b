using System.Net;
using System.Net.WebSockets;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;
using Notifier.Testing.Time;

namespace Notifier.Functions.Tests.Integration;

/// <summary>Rate limits, the per-user connection limit, wrong hubs and lifetimes, each on its own function app.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class LimitsTests
{
    private readonly AzuriteFixture _azurite;

    public LimitsTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    [Fact]
    public async Task A_publisher_over_its_rate_gets_429_with_retry_after_and_nothing_is_stored()
    {
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, new Dictionary<string, string?>
        {
            ["Notifier:RateLimits:PublisherPerSecond"] = "1",
            ["Notifier:RateLimits:PublisherBurst"] = "100",
        });
        var user = NotifierClient.NewUser("limited");
        var batch = "[" + string.Join(',', Enumerable.Range(0, 100).Select(i => $$"""{"to":{"users":["{{user}}"]},"title":"{{i}}"}""")) + "]";
        await stack.Client.PublishAcceptedAsync(batch);

        // A second full batch needs 100 tokens; at one a second the bucket cannot have them.
        var ids = Enumerable.Range(0, 100).Select(_ => NotifierClient.NewId()).ToList();
        using var response = await stack.Client.PublishAsync("[" + string.Join(',', ids.Select(id => $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"too many"}""")) + "]");

        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.TooManyRequests, field: null);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var stored = (await stack.Client.AllInboxAsync(user)).Select(e => e.Id).ToList();
        Assert.Equal(100, stored.Count);
        Assert.DoesNotContain(ids[0], stored);
        Assert.DoesNotContain(ids[^1], stored);
    }

    [Fact]
    public async Task A_publisher_is_charged_per_recipient_not_per_notification()
    {
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, new Dictionary<string, string?>
        {
            ["Notifier:RateLimits:PublisherPerSecond"] = "1",
            ["Notifier:RateLimits:PublisherBurst"] = "100",
        });
        var users = Enumerable.Range(0, 100).Select(_ => NotifierClient.NewUser("fan")).ToList();
        var everyone = string.Join(',', users.Select(u => $"\"{u}\""));
        await stack.Client.PublishAcceptedAsync($$"""{"to":{"users":[{{everyone}}]},"title":"to a hundred"}""");

        // One notification, but it named 100 recipients: the bucket is empty. The next names 50, far more than the one
        // permit a second refills while the first is stored, however slowly this machine stores it.
        var id = NotifierClient.NewId();
        var half = string.Join(',', users.Take(50).Select(u => $"\"{u}\""));
        using var response = await stack.Client.PublishAsync($$"""{"id":"{{id}}","to":{"users":[{{half}}]},"title":"fifty more"}""");

        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.TooManyRequests, field: null);
        Assert.DoesNotContain(await stack.Client.AllInboxAsync(users[0]), e => e.Id == id);
    }

    [Fact]
    public async Task A_request_naming_more_recipients_than_one_request_may_is_refused_with_413_and_stores_nothing()
    {
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, new Dictionary<string, string?>
        {
            ["Notifier:Limits:MaxRecipientsPerRequest"] = "1000",
        });
        var users = Enumerable.Range(0, 600).Select(i => $"wide-{i}-{Guid.NewGuid():N}"[..24]).ToList();
        var to = string.Join(',', users.Select(u => $"\"{u}\""));
        var ids = new[] { NotifierClient.NewId(), NotifierClient.NewId() };
        var batch = "[" + string.Join(',', ids.Select(id => $$"""{"id":"{{id}}","to":{"users":[{{to}}]},"title":"too much work"}""")) + "]";

        using var response = await stack.Client.PublishAsync(batch);

        var problem = await BadInputTests.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.Contains("1200", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("1000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await stack.Client.StatusAsync(ids[0]));
        Assert.DoesNotContain(await stack.Client.AllInboxAsync(users[0]), e => ids.Contains(e.Id));

        // The same work as a queue message is refused to the poison queue, not run past the timeout.
        var invocation = HostInvocationTests.Invocation(batch);
        using var queued = await stack.App.Host.PostAsync("queue-notifications", new StringContent(invocation, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
        Assert.Contains("poison", await queued.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await stack.Client.StatusAsync(ids[0]));
    }

    [Fact]
    public async Task A_user_over_their_rate_gets_429()
    {
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, new Dictionary<string, string?>
        {
            ["Notifier:RateLimits:UserPerSecond"] = "1",
            ["Notifier:RateLimits:UserBurst"] = "3",
        });
        var user = NotifierClient.NewUser("chatty");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var request = NotifierClient.UserRequest(HttpMethod.Get, "api/inbox/unread-count", user);
            using var response = await stack.App.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        // Another user has a bucket of their own.
        using var other = NotifierClient.UserRequest(HttpMethod.Get, "api/inbox/unread-count", NotifierClient.NewUser());
        using var otherResponse = await stack.App.Http.SendAsync(other);
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task Connections_beyond_the_per_user_limit_are_refused_until_one_closes(string transport)
    {
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, new Dictionary<string, string?>
        {
            ["Notifier:Limits:ConnectionsPerUser"] = "2",
        }, transport: transport);
        var user = NotifierClient.NewUser("many-tabs");
        var first = await stack.ConnectAsync(user);
        await using var second = await stack.ConnectAsync(user);
        await Eventually.TrueAsync(() => CountConnections(stack, user) == 2, "both connections are recorded");

        Assert.True(await EndToEndTests.IsRefusedAsync(stack, user), "the third connection was admitted");
        Assert.Equal(2, CountConnections(stack, user));

        await first.DisposeAsync();
        await Eventually.TrueAsync(() => CountConnections(stack, user) == 1, "the closed connection is forgotten");
        await using var third = await stack.ConnectAsync(user);
    }

    /// <summary>
    /// Web PubSub only: its tokens name the hub and its blocking connect can refuse them. A SignalR upstream call for
    /// another hub is refused by the upstream endpoint (<see cref="EventReplayTests"/>).
    /// </summary>
    [Fact]
    public async Task Tokens_for_another_hub_are_refused_at_connect()
    {
        await using var stack = await NotifierEnvironment.StartAsync(_azurite);

        // Point the other hub at this app's handler too, as a misconfigured resource might.
        await using var misrouted = await EmulatorServer.StartAsync(new Dictionary<string, string?>
        {
            ["WebPubSub:Hubs:other:EventHandlers:0:UrlTemplate"] = new Uri(stack.App.Endpoint, "api/webpubsub").AbsoluteUri,
            ["WebPubSub:Hubs:other:EventHandlers:0:SystemEvents:0"] = "connect",
        });
        var uri = misrouted.ClientUri("other", userId: NotifierClient.NewUser());

        await Assert.ThrowsAsync<WebSocketException>(() => TestWebSocket.ConnectJsonAsync(uri));
    }

    [Fact]
    public async Task Expired_notifications_are_not_listed_or_counted()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, services: services => services.AddSingleton<TimeProvider>(clock));
        var user = NotifierClient.NewUser("fleeting");
        var shortLived = NotifierClient.NewId();
        var longLived = NotifierClient.NewId();
        await stack.Client.PublishAcceptedAsync($$"""[{"id":"{{shortLived}}","to":{"users":["{{user}}"]},"title":"soon gone","ttlSeconds":60},{"id":"{{longLived}}","to":{"users":["{{user}}"]},"title":"stays"}]""");
        var before = await stack.Client.UnreadAsync(user);

        clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(before - 1, await stack.Client.UnreadAsync(user));
        var ids = (await stack.Client.AllInboxAsync(user)).Select(e => e.Id).ToList();
        Assert.DoesNotContain(shortLived, ids);
        Assert.Contains(longLived, ids);
        var newest = await stack.Client.InboxAsync(user);
        Assert.DoesNotContain(shortLived, newest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("notification").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_queued_notification_that_expired_before_it_was_processed_is_neither_stored_nor_sent()
    {
        await using var stack = await NotifierEnvironment.StartAsync(_azurite);
        var user = NotifierClient.NewUser("late");
        var messageId = Guid.NewGuid().ToString();
        var body = System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonSerializer.Serialize($$"""{"to":{"users":["{{user}}"]},"title":"too late","ttlSeconds":60}"""));
        var inserted = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var invocation = $$$"""{"Data":{"message":{{{body}}}},"Metadata":{"DequeueCount":"1","Id":"\"{{{messageId}}}\"","InsertionTime":"{{{inserted}}}"}}""";

        using var response = await stack.App.Host.PostAsync("queue-notifications", new StringContent(invocation, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("expired", (await stack.Client.StatusAsync("q-" + messageId))!.Value.GetProperty("state").GetString());
        Assert.DoesNotContain(await stack.Client.AllInboxAsync(user), e => e.Id == "q-" + messageId);
    }

    [Fact]
    public async Task Negotiate_grants_only_the_groups_the_policy_allows_and_a_token_with_the_configured_lifetime()
    {
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, new Dictionary<string, string?>
        {
            ["Notifier:Limits:TokenLifetime"] = "00:10:00",
        });
        var user = NotifierClient.NewUser("negotiator");

        var plain = await stack.Client.NegotiateAsync(user);
        var ops = await stack.Client.NegotiateAsync(user, roles: "ops,admin");

        Assert.Equal(user, plain.GetProperty("userId").GetString());
        Assert.Equal(["announcements"], plain.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal(["announcements", "ops"], ops.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        var expiresAt = plain.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(11));

        // The token names the user and carries no roles: the client can send events, nothing else.
        var token = new Uri(plain.GetProperty("url").GetString()!).Query.Split("access_token=")[1];
        var claims = System.Text.Json.JsonDocument.Parse(Base64UrlDecode(token.Split('.')[1])).RootElement;
        Assert.Equal(user, claims.GetProperty("sub").GetString());
        Assert.False(claims.TryGetProperty("role", out _));
    }

    private static int CountConnections(NotifierEnvironment stack, string user)
    {
        var table = stack.App.Services.GetRequiredService<Storage.NotifierTables>().GetAsync(Storage.TableNames.UserConnections, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return table.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {user}")).Count();
    }

    private static byte[] Base64UrlDecode(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
