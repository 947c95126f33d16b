using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// The 401s the authorization policies answer with, through the whole pipeline: the exact <c>WWW-Authenticate</c> value
/// and a <c>detail</c> that says what to send.
/// </summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class ChallengeTests
{
    private const string Audience = "api://notifier";
    private readonly AzuriteFixture _azurite;

    public ChallengeTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string challenge, string detail)
    {
        var problem = await BadInputTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, field: null);
        Assert.Equal([challenge], response.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Development_users_and_api_key_publishers_are_told_what_to_send()
    {
        await using var stack = await NotifierEnvironment.StartAsync(_azurite);

        using var user = await stack.App.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/inbox"));
        await AssertRefusedAsync(user, "Notifier-User", "Development mode: name the user in the 'X-Notifier-User' header.");

        using var publisher = await stack.App.Http.GetAsync("api/presence/anyone");
        await AssertRefusedAsync(publisher, "ApiKey", "Send a publisher API key in the 'X-Api-Key' header.");

        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, "api/notifications/anything");
        wrongKey.Headers.Add("X-Api-Key", "wrong-key-0123456789");
        using var refused = await stack.App.Http.SendAsync(wrongKey);
        await AssertRefusedAsync(refused, "ApiKey", "The API key is not valid.");
    }

    [Fact]
    public async Task Token_callers_are_told_why_their_token_was_refused()
    {
        await using var issuer = await LocalOpenIdProvider.StartAsync();
        await using var stack = await NotifierEnvironment.StartAsync(_azurite, new Dictionary<string, string?>
        {
            ["Notifier:Users:Mode"] = "Jwt",
            ["Notifier:Users:Authority"] = issuer.Authority,
            ["Notifier:Users:Audience"] = Audience,
            ["Notifier:Users:UserIdClaim"] = "oid",
            ["Notifier:Publishers:Authority"] = issuer.Authority,
            ["Notifier:Publishers:Audience"] = Audience,
        });

        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? body = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            return await stack.App.Http.SendAsync(request);
        }

        using var noToken = await SendAsync(HttpMethod.Post, "api/negotiate", token: null);
        await AssertRefusedAsync(noToken, "Bearer", "Send the user's token as 'Authorization: Bearer <token>'.");

        using var foreign = await SendAsync(HttpMethod.Post, "api/negotiate", issuer.Issue(Audience, new Dictionary<string, object> { ["oid"] = "alice" }, foreignKey: true));
        await AssertRefusedAsync(foreign, "Bearer", "The token's signature is not valid.");

        using var noUserId = await SendAsync(HttpMethod.Post, "api/negotiate", issuer.Issue(Audience, new Dictionary<string, object> { ["sub"] = "alice" }));
        await AssertRefusedAsync(noUserId, "Bearer", "The token's 'oid' claim is missing or is not a valid user id (must be 1 to 128 characters from A-Z, a-z, 0-9 and . _ : @ -).");

        var body = $$"""{"to":{"users":["{{NotifierClient.NewUser()}}"]},"title":"x"}""";
        using var noRole = await SendAsync(HttpMethod.Post, "api/notifications", issuer.Issue(Audience, new Dictionary<string, object> { ["azp"] = "orders-service", ["roles"] = new[] { "Reader" } }), body);
        await AssertRefusedAsync(noRole, "ApiKey", "The token lacks the 'Notifications.Publish' app role.");

        using var nothing = await SendAsync(HttpMethod.Post, "api/notifications", token: null, body);
        await AssertRefusedAsync(nothing, "ApiKey", "Send a publisher API key in the 'X-Api-Key' header or an Entra ID token with the 'Notifications.Publish' role.");
    }
}
