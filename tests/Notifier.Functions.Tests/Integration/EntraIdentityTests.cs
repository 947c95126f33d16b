using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// The Azure configuration's identity paths against a local OpenID Connect issuer: users with bearer JWTs, publishers
/// with app-role tokens, and Web PubSub's managed-identity calls to the event handler when it has no key to sign with.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class EntraIdentityTests
{
    private const string UserAudience = "api://notifier";
    private const string UpstreamAudience = "api://notifier-webpubsub-upstream";
    private const string WebPubSubObjectId = "aaaaaaaa-0000-0000-0000-000000000001";
    private readonly AzuriteFixture _azurite;

    public EntraIdentityTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    [Fact]
    public async Task Users_are_identified_by_validated_bearer_tokens()
    {
        await using var issuer = await LocalOpenIdProvider.StartAsync();
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, new Dictionary<string, string?>
        {
            ["Notifier:Users:Mode"] = "Jwt",
            ["Notifier:Users:Authority"] = issuer.Authority,
            ["Notifier:Users:Audience"] = UserAudience,
            ["Notifier:Users:UserIdClaim"] = "oid",
        });
        var user = Guid.NewGuid().ToString();

        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(stack, issuer.Issue(UserAudience, new Dictionary<string, object> { ["oid"] = user, ["roles"] = new[] { "ops" } })));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(stack, issuer.Issue("api://someone-else", new Dictionary<string, object> { ["oid"] = user })));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(stack, issuer.Issue(UserAudience, new Dictionary<string, object> { ["oid"] = user }, foreignKey: true)));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(stack, issuer.Issue(UserAudience, new Dictionary<string, object> { ["sub"] = user })));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateAsync(stack, token: null));

        // Development headers mean nothing in this mode.
        using var request = NotifierClient.UserRequest(HttpMethod.Post, "api/negotiate", "mallory");
        using var response = await stack.App.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Publishers_may_use_an_entra_token_with_the_app_role()
    {
        await using var issuer = await LocalOpenIdProvider.StartAsync();
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, new Dictionary<string, string?>
        {
            ["Notifier:Publishers:Authority"] = issuer.Authority,
            ["Notifier:Publishers:Audience"] = UserAudience,
        });

        async Task<HttpStatusCode> PublishAsync(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/notifications")
            {
                Content = new StringContent($$"""{"to":{"users":["{{NotifierClient.NewUser()}}"]},"title":"from a backend"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await stack.App.Http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Accepted, await PublishAsync(issuer.Issue(UserAudience, new Dictionary<string, object> { ["azp"] = "orders-service", ["roles"] = new[] { "Notifications.Publish" } })));
        Assert.Equal(HttpStatusCode.Unauthorized, await PublishAsync(issuer.Issue(UserAudience, new Dictionary<string, object> { ["azp"] = "orders-service", ["roles"] = new[] { "Reader" } })));
    }

    [Fact]
    public async Task Without_an_access_key_the_event_handler_accepts_only_web_pubsubs_managed_identity_token()
    {
        await using var issuer = await LocalOpenIdProvider.StartAsync();
        await using var app = await NotifierServer.StartAsync(StackSettings.For(_azurite.ConnectionString, new Uri("http://127.0.0.1:1"), new Dictionary<string, string?>
        {
            ["WebPubSubConnection"] = null,
            ["WebPubSubConnection:serviceUri"] = "http://127.0.0.1:1",
            ["Notifier:EventHandler:Authority"] = issuer.Authority,
            ["Notifier:EventHandler:Audience"] = UpstreamAudience,
            ["Notifier:EventHandler:CallerObjectId"] = WebPubSubObjectId,
        }));

        var accepted = await SendConnectAsync(app, issuer.Issue(UpstreamAudience, new Dictionary<string, object> { ["oid"] = WebPubSubObjectId }));
        Assert.True((int)accepted is >= 200 and < 300, $"Expected success, got {accepted}: {s_lastBody}");
        Assert.Equal(HttpStatusCode.Unauthorized, await SendConnectAsync(app, token: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendConnectAsync(app, issuer.Issue(UpstreamAudience, new Dictionary<string, object> { ["oid"] = Guid.NewGuid().ToString() })));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendConnectAsync(app, issuer.Issue(UserAudience, new Dictionary<string, object> { ["oid"] = WebPubSubObjectId })));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendConnectAsync(app, issuer.Issue(UpstreamAudience, new Dictionary<string, object> { ["oid"] = WebPubSubObjectId }, foreignKey: true)));
    }

    [Fact]
    public async Task An_identity_based_web_pubsub_connection_without_upstream_auth_settings_stops_the_app_at_start()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NotifierServer.StartAsync(StackSettings.For(_azurite.ConnectionString, new Uri("http://127.0.0.1:1"), new Dictionary<string, string?>
        {
            ["WebPubSubConnection"] = null,
            ["WebPubSubConnection:serviceUri"] = "http://127.0.0.1:1",
        })));
        Assert.Contains("Notifier:EventHandler", error.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> NegotiateAsync(NotifierEnvironment stack, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/negotiate");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await stack.App.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> SendConnectAsync(NotifierServer app, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webpubsub")
        {
            Content = new StringContent("""{"claims":{},"query":{},"headers":{},"subprotocols":[],"clientCertificates":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-awpsversion", "1.0");
        request.Headers.Add("ce-type", "azure.webpubsub.sys.connect");
        request.Headers.Add("ce-source", "/hubs/notifications/client/conn-1");
        request.Headers.Add("ce-id", Guid.NewGuid().ToString());
        request.Headers.Add("ce-hub", StackSettings.Hub);
        request.Headers.Add("ce-connectionId", "conn-1");
        request.Headers.Add("ce-eventName", "connect");
        request.Headers.Add("ce-userId", NotifierClient.NewUser());
        request.Headers.Add("ce-time", DateTimeOffset.UtcNow.ToString("O"));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await app.Http.SendAsync(request);
        s_lastBody = await response.Content.ReadAsStringAsync();
        return response.StatusCode;
    }

    private static string? s_lastBody;
}
