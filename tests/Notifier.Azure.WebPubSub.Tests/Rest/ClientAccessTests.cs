using Azure.Core;
using Notifier.Azure.WebPubSub.Rest;
using Notifier.Testing.Time;
using Notifier.Testing.Transport;

namespace Notifier.Azure.WebPubSub.Tests.Rest;

public class ClientAccessTests
{
    private const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Theory]
    [InlineData("http://localhost:8080", "ws://localhost:8080/client/hubs/chat", "http://localhost:8080/client/hubs/chat")]
    [InlineData("https://contoso.webpubsub.azure.com", "wss://contoso.webpubsub.azure.com/client/hubs/chat", "https://contoso.webpubsub.azure.com/client/hubs/chat")]
    public async Task WithAccessKey_SignsLocally_WithoutANetworkCall(string endpoint, string baseUri, string audience)
    {
        var transport = new RecordingTransport(500);
        var options = new WebPubSubRestClientOptions { Transport = transport, TimeProvider = new ManualTimeProvider(Now) };
        var client = new WebPubSubRestClient($"Endpoint={endpoint};AccessKey={Key}", "chat", options);
        var tokenOptions = new ClientTokenOptions { UserId = "alice", ExpiresAfter = TimeSpan.FromMinutes(30) };
        tokenOptions.Roles.Add("webpubsub.joinLeaveGroup.news");
        tokenOptions.Groups.Add("user:alice");

        var access = await client.GetClientAccessAsync(tokenOptions);

        Assert.Empty(transport.Requests);
        Assert.Equal(baseUri, access.BaseUri.AbsoluteUri);
        Assert.Equal(baseUri + "?access_token=" + access.Token, access.Uri.AbsoluteUri);
        Assert.Equal(Now.AddMinutes(30), access.ExpiresAt);
        Assert.True(Jwt.IsSignedWith(access.Token, Key));
        var payload = Jwt.Payload(access.Token);
        Assert.Equal(audience, payload.GetProperty("aud").GetString());
        Assert.Equal("alice", payload.GetProperty("sub").GetString());
        Assert.Equal(["webpubsub.joinLeaveGroup.news"], payload.GetProperty("role").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["user:alice"], payload.GetProperty("webpubsub.group").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Now.AddMinutes(30).ToUnixTimeSeconds(), payload.GetProperty("exp").GetInt64());
    }

    [Fact]
    public void Anonymous_Mqtt_UsesTheMqttPathAndNoSubject()
    {
        var client = new WebPubSubRestClient($"Endpoint=http://localhost:8080;AccessKey={Key}", "chat");

        var access = client.GetClientAccess(new ClientTokenOptions { ClientType = WebPubSubClientType.Mqtt });

        Assert.Equal("ws://localhost:8080/clients/mqtt/hubs/chat", access.BaseUri.AbsoluteUri);
        var payload = Jwt.Payload(access.Token);
        Assert.Equal("http://localhost:8080/clients/mqtt/hubs/chat", payload.GetProperty("aud").GetString());
        Assert.False(payload.TryGetProperty("sub", out _));
    }

    [Fact]
    public async Task WithTokenCredential_AsksTheServiceToGenerateTheToken()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(200, """{"token":"minted.by.service"}""", "application/json"));
        var credential = new StaticTokenCredential("entra-token");
        var options = new WebPubSubRestClientOptions { Transport = transport, TimeProvider = new ManualTimeProvider(Now) };
        var client = new WebPubSubRestClient(new Uri("https://contoso.webpubsub.azure.com"), "chat", credential, options);
        var tokenOptions = new ClientTokenOptions { UserId = "bob", ExpiresAfter = TimeSpan.FromSeconds(90) };
        tokenOptions.Roles.Add("r1");
        tokenOptions.Roles.Add("r2");
        tokenOptions.Groups.Add("g1");

        var access = await client.GetClientAccessAsync(tokenOptions);

        Assert.Equal("minted.by.service", access.Token);
        Assert.Equal("wss://contoso.webpubsub.azure.com/client/hubs/chat?access_token=minted.by.service", access.Uri.AbsoluteUri);
        var request = transport.OnlyRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/hubs/chat/:generateToken", request.Uri.AbsolutePath);
        Assert.Equal(["bob"], request.Query("userId"));
        Assert.Equal(["r1", "r2"], request.Query("role"));
        Assert.Equal(["g1"], request.Query("group"));
        Assert.Equal(["2"], request.Query("minutesToExpire"));
        Assert.Equal(["Default"], request.Query("clientType"));
        Assert.Equal("Bearer entra-token", request.Header("Authorization"));
        Assert.Equal([WebPubSubRestClient.EntraScope], credential.RequestedScopes);
    }

    [Fact]
    public void NonPositiveLifetime_IsRefused()
    {
        var client = new WebPubSubRestClient($"Endpoint=http://localhost:8080;AccessKey={Key}", "chat");

        Assert.Throws<ArgumentOutOfRangeException>(() => client.GetClientAccess(new ClientTokenOptions { ExpiresAfter = TimeSpan.Zero }));
    }

    private sealed class StaticTokenCredential(string token) : TokenCredential
    {
        public List<string> RequestedScopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            RequestedScopes.AddRange(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
