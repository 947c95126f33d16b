using System.Text.Json;
using Azure;
using Azure.Core;
using Notifier.Azure.WebPubSub.Rest;
using Notifier.Testing.Time;
using Notifier.Testing.Transport;

namespace Notifier.Azure.WebPubSub.Tests.Rest;

public class WebPubSubRestClientTests
{
    private const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private readonly ManualTimeProvider _clock = new(Now);

    private (WebPubSubRestClient Client, RecordingTransport Transport) Create(int status = 202, string? body = null,
        WebPubSubRestClientOptions.ServiceVersion version = WebPubSubRestClientOptions.ServiceVersion.V2024_12_01)
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(status, body, body is null ? null : "application/json"));
        var options = new WebPubSubRestClientOptions(version) { Transport = transport, TimeProvider = _clock };
        options.Retry.MaxRetries = 0;
        return (new WebPubSubRestClient($"Endpoint=http://localhost:8080;AccessKey={Key};Version=1.0;", "chat", options), transport);
    }

    private static void AssertSignedForItsOwnUrl(RecordedRequest request)
    {
        var token = Jwt.FromBearer(request.Header("Authorization"));
        Assert.True(Jwt.IsSignedWith(token, Key));
        var payload = Jwt.Payload(token);
        Assert.Equal(request.Uri.AbsoluteUri, payload.GetProperty("aud").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds() + 300, payload.GetProperty("exp").GetInt64());
        Assert.Equal(Now.ToUnixTimeSeconds(), payload.GetProperty("iat").GetInt64());
        Assert.False(payload.TryGetProperty("sub", out _));
    }

    [Fact]
    public async Task SendToAll_PostsBodyWithContentTypeExcludedAndFilter()
    {
        var (client, transport) = Create();
        var options = new WebPubSubSendOptions { Filter = "userId ne 'bob'", MessageTtlSeconds = 30 };
        options.Excluded.Add("c1");
        options.Excluded.Add("c 2");

        var response = await client.SendToAllAsync(BinaryData.FromString("{\"a\":1}"), ContentType.ApplicationJson, options);

        Assert.Equal(202, response.Status);
        var request = transport.OnlyRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/hubs/chat/:send", request.Uri.AbsolutePath);
        Assert.Equal(["c1", "c 2"], request.Query("excluded"));
        Assert.Equal(["userId ne 'bob'"], request.Query("filter"));
        Assert.Equal(["30"], request.Query("messageTtlSeconds"));
        Assert.Equal(["2024-12-01"], request.Query("api-version"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("{\"a\":1}", request.BodyText);
        AssertSignedForItsOwnUrl(request);
    }

    [Fact]
    public async Task SendToUser_EscapesTheUserIdIntoOnePathSegment()
    {
        var (client, transport) = Create();

        await client.SendToUserAsync("al/ice?x", BinaryData.FromString("hi"), ContentType.TextPlain);

        var request = transport.OnlyRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/hubs/chat/users/al%2Fice%3Fx/:send", request.Uri.AbsolutePath);
        Assert.Empty(request.Query("x"));
        Assert.Equal("text/plain", request.Header("Content-Type"));
        Assert.Equal("hi", request.BodyText);
        AssertSignedForItsOwnUrl(request);
    }

    [Fact]
    public async Task SendToGroup_SendsBinaryBytesAsTheyAre()
    {
        var (client, transport) = Create();
        byte[] bytes = [0, 1, 2, 255];

        await client.SendToGroupAsync("news", new BinaryData(bytes), ContentType.ApplicationOctetStream);

        var request = transport.OnlyRequest;
        Assert.Equal("/api/hubs/chat/groups/news/:send", request.Uri.AbsolutePath);
        Assert.Equal("application/octet-stream", request.Header("Content-Type"));
        Assert.Equal(bytes, request.Body);
    }

    [Fact]
    public async Task SendToConnection_PostsToTheConnection()
    {
        var (client, transport) = Create();

        await client.SendToConnectionAsync("conn-1", BinaryData.FromString("hi"), ContentType.TextPlain);

        Assert.Equal("/api/hubs/chat/connections/conn-1/:send", transport.OnlyRequest.Uri.AbsolutePath);
    }

    [Fact]
    public async Task Send_RejectsOptionsTheOperationDoesNotTake_BeforeAnyRequest()
    {
        var (client, transport) = Create();
        var excluded = new WebPubSubSendOptions();
        excluded.Excluded.Add("c1");

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendToUserAsync("u", BinaryData.FromString("x"), ContentType.TextPlain, excluded));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendToConnectionAsync("c", BinaryData.FromString("x"), ContentType.TextPlain, new WebPubSubSendOptions { Filter = "userId eq 'a'" }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendToAllAsync(BinaryData.FromString("x"), default));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendToGroupAsync(" ", BinaryData.FromString("x"), ContentType.TextPlain));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendToUserAsync("", BinaryData.FromString("x"), ContentType.TextPlain));
        Assert.Empty(transport.Requests);
    }

    public static TheoryData<string, Func<WebPubSubRestClient, Task>, string, string, string> GroupAndConnectionOperations => new()
    {
        { "add connection to group", c => c.AddConnectionToGroupAsync("g 1", "c1"), "PUT", "/api/hubs/chat/groups/g%201/connections/c1", "" },
        { "remove connection from group", c => c.RemoveConnectionFromGroupAsync("g1", "c1"), "DELETE", "/api/hubs/chat/groups/g1/connections/c1", "" },
        { "remove connection from all groups", c => c.RemoveConnectionFromAllGroupsAsync("c1"), "DELETE", "/api/hubs/chat/connections/c1/groups", "" },
        { "add user to group", c => c.AddUserToGroupAsync("g1", "u1"), "PUT", "/api/hubs/chat/users/u1/groups/g1", "" },
        { "remove user from group", c => c.RemoveUserFromGroupAsync("g1", "u1"), "DELETE", "/api/hubs/chat/users/u1/groups/g1", "" },
        { "remove user from all groups", c => c.RemoveUserFromAllGroupsAsync("u1"), "DELETE", "/api/hubs/chat/users/u1/groups", "" },
        { "close all", c => c.CloseAllConnectionsAsync(["c1", "c2"], "bye"), "POST", "/api/hubs/chat/:closeConnections", "excluded=c1&excluded=c2&reason=bye" },
        { "close group", c => c.CloseGroupConnectionsAsync("g1", null, "maintenance"), "POST", "/api/hubs/chat/groups/g1/:closeConnections", "reason=maintenance" },
        { "close user", c => c.CloseUserConnectionsAsync("u1", ["c3"]), "POST", "/api/hubs/chat/users/u1/:closeConnections", "excluded=c3" },
        { "close connection", c => c.CloseConnectionAsync("c1", "kicked out"), "DELETE", "/api/hubs/chat/connections/c1", "reason=kicked%20out" },
        { "grant", c => c.GrantPermissionAsync(GroupPermission.SendToGroup, "c1", "g1"), "PUT", "/api/hubs/chat/permissions/sendToGroup/connections/c1", "targetName=g1" },
        { "grant on all groups", c => c.GrantPermissionAsync(GroupPermission.JoinLeaveGroup, "c1"), "PUT", "/api/hubs/chat/permissions/joinLeaveGroup/connections/c1", "" },
        { "revoke", c => c.RevokePermissionAsync(GroupPermission.JoinLeaveGroup, "c1", "g1"), "DELETE", "/api/hubs/chat/permissions/joinLeaveGroup/connections/c1", "targetName=g1" },
    };

    [Theory]
    [MemberData(nameof(GroupAndConnectionOperations))]
    public async Task Operation_SendsMethodPathAndQuery(string name, Func<WebPubSubRestClient, Task> call, string method, string path, string query)
    {
        var (client, transport) = Create(status: 200);

        await call(client);

        var request = transport.OnlyRequest;
        Assert.True(method == request.Method, name);
        Assert.Equal(path, request.Uri.AbsolutePath);
        var expectedQuery = query.Length == 0 ? "?api-version=2024-12-01" : "?" + query + "&api-version=2024-12-01";
        Assert.Equal(expectedQuery, request.Uri.Query);
        Assert.Empty(request.Body);
        AssertSignedForItsOwnUrl(request);
    }

    [Fact]
    public async Task AddConnectionsToGroups_PostsGroupsAndFilterAsJson()
    {
        var (client, transport) = Create(status: 200);

        await client.AddConnectionsToGroupsAsync(["g1", "g2"], "userId eq 'o''neil'");

        var request = transport.OnlyRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/hubs/chat/:addToGroups", request.Uri.AbsolutePath);
        Assert.Equal("application/json", request.Header("Content-Type"));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(["g1", "g2"], body.RootElement.GetProperty("groups").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("userId eq 'o''neil'", body.RootElement.GetProperty("filter").GetString());
    }

    [Fact]
    public async Task RemoveConnectionsFromGroups_WithoutFilter_OmitsIt_AndNeedsAGroup()
    {
        var (client, transport) = Create(status: 200);

        await client.RemoveConnectionsFromGroupsAsync(["g1"]);

        var request = transport.OnlyRequest;
        Assert.Equal("/api/hubs/chat/:removeFromGroups", request.Uri.AbsolutePath);
        Assert.Equal("{\"groups\":[\"g1\"]}", request.BodyText);
        await Assert.ThrowsAsync<ArgumentException>(() => client.RemoveConnectionsFromGroupsAsync([]));
    }

    public static TheoryData<Func<WebPubSubRestClient, Task<Response<bool>>>, string> ExistsOperations => new()
    {
        { c => c.ConnectionExistsAsync("c1"), "/api/hubs/chat/connections/c1" },
        { c => c.UserExistsAsync("u1"), "/api/hubs/chat/users/u1" },
        { c => c.GroupExistsAsync("g1"), "/api/hubs/chat/groups/g1" },
        { c => c.CheckPermissionAsync(GroupPermission.SendToGroup, "c1", "g1"), "/api/hubs/chat/permissions/sendToGroup/connections/c1" },
    };

    [Theory]
    [MemberData(nameof(ExistsOperations))]
    public async Task Exists_HeadIsTrueOn200_FalseOn404(Func<WebPubSubRestClient, Task<Response<bool>>> call, string path)
    {
        var (found, foundTransport) = Create(status: 200);
        var (missing, _) = Create(status: 404);

        Assert.True((await call(found)).Value);
        Assert.False((await call(missing)).Value);
        Assert.Equal("HEAD", foundTransport.OnlyRequest.Method);
        Assert.Equal(path, foundTransport.OnlyRequest.Uri.AbsolutePath);
    }

    [Fact]
    public async Task Exists_OtherErrorsStillThrow()
    {
        var (client, _) = Create(status: 401);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.UserExistsAsync("u1"));

        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task ErrorResponse_ThrowsRequestFailedExceptionWithTheServiceCode()
    {
        var transport = new RecordingTransport(_ =>
        {
            var response = new RecordedResponse(404, """{"code":"Error.Connection.NotExisted","message":"Connection `c9` is not found.","target":"Connection"}""", "application/json");
            response.Headers["x-ms-error-code"] = "Error.Connection.NotExisted";
            return response;
        });
        var options = new WebPubSubRestClientOptions { Transport = transport };
        options.Retry.MaxRetries = 0;
        var client = new WebPubSubRestClient(new Uri("http://localhost:8080"), "chat", new AzureKeyCredential(Key), options);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.AddConnectionToGroupAsync("g1", "c9"));

        Assert.Equal(404, error.Status);
        Assert.Equal("Error.Connection.NotExisted", error.ErrorCode);
    }

    [Fact]
    public async Task Retry_SignsEachAttemptAfresh()
    {
        var attempts = 0;
        var transport = new RecordingTransport(_ => new RecordedResponse(++attempts == 1 ? 503 : 202));
        var options = new WebPubSubRestClientOptions { Transport = transport, TimeProvider = _clock };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxRetries = 1;
        var client = new WebPubSubRestClient(new Uri("http://localhost:8080"), "chat", new AzureKeyCredential(Key), options);

        var response = await client.SendToAllAsync(BinaryData.FromString("x"), ContentType.TextPlain);

        Assert.Equal(202, response.Status);
        Assert.Equal(2, transport.Requests.Count);
        Assert.All(transport.Requests, AssertSignedForItsOwnUrl);
    }

    [Fact]
    public async Task KeyRotation_TakesEffectWithoutANewClient()
    {
        var transport = new RecordingTransport(202);
        var credential = new AzureKeyCredential("old-key");
        var options = new WebPubSubRestClientOptions { Transport = transport };
        var client = new WebPubSubRestClient(new Uri("http://localhost:8080"), "chat", credential, options);

        await client.SendToAllAsync(BinaryData.FromString("x"), ContentType.TextPlain);
        credential.Update("new-key");
        await client.SendToAllAsync(BinaryData.FromString("x"), ContentType.TextPlain);

        Assert.True(Jwt.IsSignedWith(Jwt.FromBearer(transport.Requests[0].Header("Authorization")), "old-key"));
        Assert.True(Jwt.IsSignedWith(Jwt.FromBearer(transport.Requests[1].Header("Authorization")), "new-key"));
    }

    [Theory]
    [InlineData(WebPubSubRestClientOptions.ServiceVersion.V2021_10_01, "2021-10-01")]
    [InlineData(WebPubSubRestClientOptions.ServiceVersion.V2024_01_01, "2024-01-01")]
    public async Task OlderServiceVersion_IsSentAsApiVersion(WebPubSubRestClientOptions.ServiceVersion version, string expected)
    {
        var (client, transport) = Create(version: version);

        await client.SendToAllAsync(BinaryData.FromString("x"), ContentType.TextPlain);

        Assert.Equal([expected], transport.OnlyRequest.Query("api-version"));
        Assert.Throws<NotSupportedException>(() => client.GetGroupMembersAsync("g1"));
    }

    [Fact]
    public async Task GetGroupMembers_FollowsNextLinkAcrossPages()
    {
        var transport = new RecordingTransport(request => request.Query("continuationToken").Count == 0
            ? new RecordedResponse(200, """{"value":[{"connectionId":"c1","userId":"u1"},{"connectionId":"c2","userId":null}],"nextLink":"http://localhost:8080/api/hubs/chat/groups/g1/connections?continuationToken=abc&maxpagesize=2&api-version=2024-12-01"}""", "application/json")
            : new RecordedResponse(200, """{"value":[{"connectionId":"c3"}],"nextLink":null}""", "application/json"));
        var options = new WebPubSubRestClientOptions { Transport = transport, TimeProvider = _clock };
        var client = new WebPubSubRestClient(new Uri("http://localhost:8080"), "chat", new AzureKeyCredential(Key), options);

        var members = new List<GroupMember>();
        await foreach (var member in client.GetGroupMembersAsync("g1", maxPageSize: 2))
        {
            members.Add(member);
        }

        Assert.Equal(["c1", "c2", "c3"], members.Select(m => m.ConnectionId));
        Assert.Equal(["u1", null, null], members.Select(m => m.UserId));
        Assert.Equal(2, transport.Requests.Count);
        Assert.Equal("/api/hubs/chat/groups/g1/connections", transport.Requests[0].Uri.AbsolutePath);
        Assert.Equal(["2"], transport.Requests[0].Query("maxpagesize"));
        Assert.Equal(["2024-12-01"], transport.Requests[1].Query("api-version"));
        Assert.All(transport.Requests, AssertSignedForItsOwnUrl);
    }

    [Fact]
    public async Task GetGroupMembers_RefusesANextLinkToAnotherHost()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(200, """{"value":[],"nextLink":"http://evil.example/api/hubs/chat/groups/g1/connections?continuationToken=x"}""", "application/json"));
        var client = new WebPubSubRestClient(new Uri("http://localhost:8080"), "chat", new AzureKeyCredential(Key), new WebPubSubRestClientOptions { Transport = transport });

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var page in client.GetGroupMembersAsync("g1").AsPages())
            {
                Assert.Empty(page.Values);
            }
        });
        Assert.Single(transport.Requests);
    }

    [Fact]
    public void Constructor_RejectsInvalidHubAndEndpoint()
    {
        Assert.Throws<ArgumentException>(() => new WebPubSubRestClient(new Uri("http://localhost"), "1bad", new AzureKeyCredential(Key)));
        Assert.Throws<ArgumentException>(() => new WebPubSubRestClient(new Uri("ws://localhost"), "chat", new AzureKeyCredential(Key)));
        Assert.Throws<ArgumentException>(() => new WebPubSubRestClient("Endpoint=http://localhost", "chat"));
    }
}
