using System.Text;
using Azure;
using Azure.Core;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Azure.SignalR.Rest;
using Notifier.Testing.Time;
using Notifier.Testing.Transport;

namespace Notifier.Azure.SignalR.Tests.Rest;

public class SignalRRestClientTests
{
    private const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private readonly ManualTimeProvider _clock = new(Now);

    private (SignalRRestClient Client, RecordingTransport Transport) Create(int status = 202, string connectionString = $"Endpoint=http://localhost;Port=8888;AccessKey={Key};Version=1.0;")
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(status));
        var options = new SignalRRestClientOptions { Transport = transport, TimeProvider = _clock };
        options.Retry.MaxRetries = 0;
        return (new SignalRRestClient(connectionString, "Notifications", options), transport);
    }

    private static void AssertSignedForItsOwnUrl(RecordedRequest request)
    {
        var token = Jwt.FromBearer(request.Header("Authorization"));
        Assert.True(Jwt.IsSignedWith(token, Key));
        var payload = Jwt.Payload(token);
        Assert.Equal(request.Uri.GetLeftPart(UriPartial.Path), payload.GetProperty("aud").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds() + 300, payload.GetProperty("exp").GetInt64());
        Assert.False(payload.TryGetProperty("asrs.s.uid", out _));
    }

    [Fact]
    public async Task Sends_PostTheTargetAndArguments_ToTheV1Routes_WithEscapedNames()
    {
        var (client, transport) = Create();
        var message = SignalRMessage.Create("notify", BinaryData.FromString("{\"id\":\"n1\"}"), BinaryData.FromString("2"));

        await client.SendToAllAsync(message, excluded: ["c1", "c 2"]);
        await client.SendToUserAsync("alice/../x", message);
        await client.SendToGroupAsync("topic:news", message);
        await client.SendToConnectionAsync("conn-1", message);

        var requests = transport.Requests;
        Assert.Equal(["POST"], requests.Select(r => r.Method).Distinct());
        Assert.Equal("/api/v1/hubs/notifications", requests[0].Uri.AbsolutePath);
        Assert.Equal(["c1", "c 2"], requests[0].Query("excluded"));
        Assert.Equal("/api/v1/hubs/notifications/users/alice%2F..%2Fx", requests[1].Uri.AbsolutePath);
        Assert.Equal("/api/v1/hubs/notifications/groups/topic%3Anews", requests[2].Uri.AbsolutePath);
        Assert.Equal("/api/v1/hubs/notifications/connections/conn-1", requests[3].Uri.AbsolutePath);
        Assert.All(requests, request =>
        {
            Assert.Equal("http://localhost:8888", request.Uri.GetLeftPart(UriPartial.Authority));
            Assert.Equal("application/json", request.Header("Content-Type"));
            Assert.Equal("{\"target\":\"notify\",\"arguments\":[{\"id\":\"n1\"},2]}", request.BodyText);
            AssertSignedForItsOwnUrl(request);
        });
    }

    [Fact]
    public async Task GroupMembership_UsesTheV1Routes_AndTtlInSeconds()
    {
        var (client, transport) = Create(200);

        await client.AddUserToGroupAsync("news", "alice", TimeSpan.FromMinutes(2));
        await client.AddUserToGroupAsync("news", "bob");
        await client.RemoveUserFromGroupAsync("news", "alice");
        await client.RemoveUserFromAllGroupsAsync("alice");
        await client.AddConnectionToGroupAsync("news", "c1");
        await client.RemoveConnectionFromGroupAsync("news", "c1");

        var requests = transport.Requests;
        Assert.Equal(
            ["PUT /api/v1/hubs/notifications/groups/news/users/alice", "PUT /api/v1/hubs/notifications/groups/news/users/bob",
             "DELETE /api/v1/hubs/notifications/groups/news/users/alice", "DELETE /api/v1/hubs/notifications/users/alice/groups",
             "PUT /api/v1/hubs/notifications/groups/news/connections/c1", "DELETE /api/v1/hubs/notifications/groups/news/connections/c1"],
            requests.Select(r => r.Method + " " + r.Uri.AbsolutePath));
        Assert.Equal(["120"], requests[0].Query("ttl"));
        Assert.Empty(requests[1].Query("ttl"));
        Assert.All(requests, AssertSignedForItsOwnUrl);
    }

    [Fact]
    public async Task Probes_AnswerFalseOn404_AndCloseTreatsAGoneConnectionAsClosed()
    {
        var (client, transport) = Create(404);

        Assert.False((await client.ConnectionExistsAsync("c1")).Value);
        Assert.False((await client.UserExistsAsync("alice")).Value);
        Assert.False((await client.GroupExistsAsync("news")).Value);
        Assert.False((await client.UserIsInGroupAsync("news", "alice")).Value);
        Assert.Equal(404, (await client.CloseConnectionAsync("c1", "policy")).Status);

        var requests = transport.Requests;
        Assert.Equal(["HEAD", "HEAD", "HEAD", "HEAD", "DELETE"], requests.Select(r => r.Method));
        Assert.Equal(["policy"], requests[4].Query("reason"));
        await Assert.ThrowsAsync<RequestFailedException>(() => client.AddConnectionToGroupAsync("news", "c1"));
    }

    [Fact]
    public async Task ServiceErrors_Throw_WithTheStatus()
    {
        var (client, _) = Create(401);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.SendToAllAsync(SignalRMessage.Create("x")));
        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task ClientAccess_IsTheNegotiateRedirect_ForTheClientEndpoint_WithTheUserAndAnAudienceWithoutPort()
    {
        var (client, transport) = Create(connectionString: $"Endpoint=http://localhost;Port=8888;AccessKey={Key};ClientEndpoint=https://public.example.com;Version=1.0;");

        var access = await client.GetClientAccessAsync("alice", TimeSpan.FromMinutes(30));

        Assert.Empty(transport.Requests);
        Assert.Equal(new Uri("https://public.example.com/client/?hub=notifications"), access.Url);
        Assert.Equal(Now.AddMinutes(30), access.ExpiresAt);
        Assert.True(Jwt.IsSignedWith(access.AccessToken, Key));
        var payload = Jwt.Payload(access.AccessToken);
        Assert.Equal("https://public.example.com/client/?hub=notifications", payload.GetProperty("aud").GetString());
        Assert.Equal("alice", payload.GetProperty("asrs.s.uid").GetString());
        Assert.Equal("alice", payload.GetProperty("nameid").GetString());
        Assert.Equal(Now.AddMinutes(30).ToUnixTimeSeconds(), payload.GetProperty("exp").GetInt64());
        Assert.True(AccessKeyJwt.TryValidate(access.AccessToken, [Key], Now, TimeSpan.Zero, out var validated, out _));
        Assert.True(SignalRClientUrl.IsAudienceFor(validated.Audiences.Single(), "notifications"));
    }

    [Fact]
    public async Task ClientAccess_WithEntraId_AsksTheServiceForTheToken()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(200, "{\"token\":\"issued\"}", "application/json"));
        var options = new SignalRRestClientOptions { Transport = transport, TimeProvider = _clock };
        var client = new SignalRRestClient(new Uri("https://contoso.service.signalr.net"), "notifications", new StaticToken(), options);

        var access = await client.GetClientAccessAsync("alice", TimeSpan.FromMinutes(10));

        Assert.Equal("issued", access.AccessToken);
        var request = transport.OnlyRequest;
        Assert.Equal("/api/hubs/notifications/:generateToken", request.Uri.AbsolutePath);
        Assert.Equal(["alice"], request.Query("userId"));
        Assert.Equal(["10"], request.Query("minutesToExpire"));
        Assert.Equal("Bearer entra", request.Header("Authorization"));
    }

    [Fact]
    public async Task BadArguments_AreRefusedBeforeAnyCall()
    {
        var (client, transport) = Create();

        Assert.Throws<ArgumentException>(() => SignalRMessage.Create("notify", BinaryData.FromString("{not json")));
        Assert.Throws<ArgumentException>(() => SignalRMessage.Create(""));
        Assert.Throws<ArgumentException>(() => new SignalRRestClient($"Endpoint=http://x;AccessKey={Key}", "9hub"));
        Assert.Throws<ArgumentException>(() => new SignalRRestClient("Endpoint=http://x;AuthType=azure", "hub"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendToGroupAsync(" ", SignalRMessage.Create("x")));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetClientAccessAsync(""));
        Assert.Empty(transport.Requests);
        Assert.Equal("{\"target\":\"x\",\"arguments\":[]}", Encoding.UTF8.GetString(SignalRMessage.Create("x").Body));
    }

    private sealed class StaticToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("entra", DateTimeOffset.MaxValue);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
