using System.Net;
using System.Text.Json;
using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Integration;

/// <summary>Every refusal is a problem-details body naming the field, and nothing is stored or sent.</summary>
[Collection(StackCollectionDefinition.Name)]
public sealed class BadInputTests
{
    private readonly StackFixture _stacks;
    private readonly NotifierEnvironment _stack;

    public BadInputTests(StackFixture fixture)
    {
        _stacks = fixture;
        _stack = fixture.Stack;
    }

    private NotifierClient Client => _stack.Client;

    public static TheoryData<string, string, int> Bodies()
    {
        var tooManyUsers = string.Join(',', Enumerable.Range(0, 1001).Select(i => $"\"u{i}\""));
        var bigData = new string('x', 64_001);
        return new()
        {
            { """{"id":"ID","to":{"users":["U"]},"title":"x",""", "body", 400 },
            { """["not an object"]""", "[0]", 400 },
            { """{"id":"ID","to":{"users":"U"},"title":"x"}""", "to.users", 400 },
            { """{"id":"ID","to":{"users":[42]},"title":"x"}""", "to.users[0]", 400 },
            { """{"id":"ID","to":{"users":["U"]},"title":7}""", "title", 400 },
            { """{"id":"ID","to":{"users":["U"]},"title":"x","ttlSeconds":"soon"}""", "ttlSeconds", 400 },
            { """{"id":"ID","to":{"users":["U"]},"title":"x","data":[1,2]}""", "data", 400 },
            { """{"id":"ID","to":{"emails":["a@b.c"],"users":["U"]},"title":"x"}""", "to.emails", 400 },
            { """{"id":"ID","to":{},"title":"x"}""", "to", 400 },
            { """{"id":"ID","to":{"users":[]},"title":"x"}""", "to", 400 },
            { $$"""{"id":"ID","to":{"users":[{{tooManyUsers}}]},"title":"x"}""", "to", 400 },
            { """{"id":"ID","to":{"users":["U","has space"]},"title":"x"}""", "to.users[1]", 400 },
            { """{"id":"ID","to":{"users":["U"],"groups":["a/b"]},"title":"x"}""", "to.groups[0]", 400 },
            { """{"id":"bad id!","to":{"users":["U"]},"title":"x"}""", "id", 400 },
            { $$"""{"id":"ID","to":{"users":["{{new string('u', 129)}}"]},"title":"x"}""", "to.users[0]", 400 },
            { """{"id":"ID","to":{"users":["U"]},"title":"x","colour":"red"}""", "colour", 400 },
            { $$$"""{"id":"ID","to":{"users":["U"]},"title":"x","data":{"blob":"{{{bigData}}}"}}""", "data", 413 },
            { """{"id":"ID","to":{"users":["U"]},"title":"x","receipt":true}""", "receipt", 400 },
            { """[{"id":"ID","to":{"users":["U"]},"title":"x"},{"to":{"users":["U"]},"title":5}]""", "[1].title", 400 },
        };
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_bad_publish_is_refused_with_the_field_named_and_changes_nothing(string template, string field, int status)
    {
        var user = NotifierClient.NewUser("victim");
        var id = NotifierClient.NewId();
        var body = template.Replace("\"ID\"", $"\"{id}\"", StringComparison.Ordinal).Replace("\"U\"", $"\"{user}\"", StringComparison.Ordinal);

        using var response = await Client.PublishAsync(body);

        await AssertProblemAsync(response, (HttpStatusCode)status, field);
        Assert.Null(await Client.StatusAsync(id));
        Assert.DoesNotContain(await Client.AllInboxAsync(user), e => e.Id == id);
    }

    [Fact]
    public async Task A_batch_over_100_is_refused_as_too_large()
    {
        var user = NotifierClient.NewUser();
        var ids = Enumerable.Range(0, 101).Select(_ => NotifierClient.NewId()).ToList();
        var items = string.Join(',', ids.Select(id => $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"x"}"""));
        using var response = await Client.PublishAsync("[" + items + "]");
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
        Assert.DoesNotContain(await Client.AllInboxAsync(user), e => ids.Contains(e.Id));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Other_content_types_are_refused_with_415(string contentType)
    {
        var user = NotifierClient.NewUser();
        var id = NotifierClient.NewId();
        using var response = await Client.PublishAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"x"}""", contentType: contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(await Client.AllInboxAsync(user), e => e.Id == id);
    }

    [Theory]
    [InlineData(null, "Send a publisher API key")]
    [InlineData("wrong-key-0123456789", "not valid")]
    public async Task Publishing_needs_a_valid_key(string? key, string message)
    {
        var user = NotifierClient.NewUser();
        var id = NotifierClient.NewId();
        using var response = await Client.PublishAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"x"}""", apiKey: key);
        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized, field: null);
        Assert.Contains(message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(response.Headers.WwwAuthenticate.Count > 0);
        Assert.Null(await Client.StatusAsync(id));
        Assert.DoesNotContain(await Client.AllInboxAsync(user), e => e.Id == id);
    }

    [Fact]
    public async Task Status_and_presence_need_a_key()
    {
        using var status = await _stack.App.Http.GetAsync("api/notifications/anything");
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        using var presence = await _stack.App.Http.GetAsync("api/presence/anyone");
        Assert.Equal(HttpStatusCode.Unauthorized, presence.StatusCode);
    }

    [Theory]
    [InlineData("api/notifications/bad%20id", "id")]
    [InlineData("api/presence/bad%20user", "userId")]
    public async Task Malformed_route_ids_are_refused(string path, string field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
        using var response = await _stack.App.Http.SendAsync(request);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Status_of_an_unknown_notification_is_404()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/notifications/" + NotifierClient.NewId());
        request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
        using var response = await _stack.App.Http.SendAsync(request);
        await AssertProblemAsync(response, HttpStatusCode.NotFound, field: null);
    }

    [Theory]
    [InlineData("", "X-Notifier-User")]
    [InlineData("bad user", "user id")]
    public async Task User_routes_need_a_valid_user(string user, string message)
    {
        foreach (var (method, path) in new[] { (HttpMethod.Post, "api/negotiate"), (HttpMethod.Get, "api/inbox"), (HttpMethod.Get, "api/inbox/unread-count") })
        {
            using var request = new HttpRequestMessage(method, path);
            if (user.Length > 0)
            {
                request.Headers.Add("X-Notifier-User", user);
            }

            using var response = await _stack.App.Http.SendAsync(request);
            var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized, field: null);
            Assert.Contains(message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("?after=-1", "after")]
    [InlineData("?after=x", "after")]
    [InlineData("?before=1.5", "before")]
    [InlineData("?after=1&before=5", "before")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?unread=maybe", "unread")]
    public async Task Bad_inbox_queries_are_refused(string query, string field)
    {
        using var request = NotifierClient.UserRequest(HttpMethod.Get, "api/inbox" + query, NotifierClient.NewUser());
        using var response = await _stack.App.Http.SendAsync(request);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("""{"ids":"n1"}""", "ids")]
    [InlineData("""{"ids":[]}""", "ids")]
    [InlineData("""{"ids":["bad id"]}""", "ids[0]")]
    [InlineData("""{"all":false}""", "all")]
    [InlineData("""{"all":true,"ids":["n1"]}""", "ids")]
    [InlineData("""{"everything":true}""", "everything")]
    [InlineData("""not json""", "body")]
    public async Task Bad_read_requests_are_refused(string body, string field)
    {
        using var response = await Client.MarkReadAsync(NotifierClient.NewUser(), body);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [MemberData(nameof(Transports.Both), MemberType = typeof(Transports))]
    public async Task Bad_events_get_the_services_error_and_change_nothing(string transport)
    {
        var stack = _stacks[transport];
        var user = NotifierClient.NewUser("evented");
        var id = NotifierClient.NewId();
        await stack.Client.PublishAcceptedAsync($$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"x"}""");
        await using var connection = await stack.ConnectAsync(user);

        // Web PubSub answers with a failed ack, SignalR with a hub error (the client's invoke rejects).
        foreach (var (name, data) in new[] { ("read", (object)"not an object"), ("read", new { ids = new[] { "bad id" } }), ("delete", new { ids = new[] { id } }) })
        {
            Assert.NotNull(await connection.TrySendEventAsync(name, data));
        }

        var status = await stack.Client.StatusAsync(id);
        Assert.Equal(0, status!.Value.GetProperty("read").GetInt32());
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
            Assert.True(fields.Any(f => f == field || f!.StartsWith(field, StringComparison.Ordinal)), $"Expected field '{field}' in {body}");
        }

        return problem;
    }
}
