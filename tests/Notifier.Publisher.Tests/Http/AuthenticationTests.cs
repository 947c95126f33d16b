using Azure;
using Azure.Core;
using Notifier.Testing.Transport;

namespace Notifier.Publisher.Tests.Http;

/// <summary>Where the client puts its credentials: the key headers the app and the Functions host read, and an Entra token for the configured scope.</summary>
public sealed class AuthenticationTests
{
    private const string Status = """{"id":"n-1","state":"pushed","publisher":"p","createdAt":"2026-01-05T10:00:00.000Z","expiresAt":"2026-01-12T10:00:00.000Z","recipients":{"users":1,"groups":[],"all":false},"delivered":0,"read":0}""";

    [Theory]
    [InlineData(PublisherKeyHeaders.Both, "the-key", "the-key")]
    [InlineData(PublisherKeyHeaders.ApiKey, "the-key", null)]
    [InlineData(PublisherKeyHeaders.FunctionKey, null, "the-key")]
    public async Task A_key_goes_in_the_headers_the_options_name(PublisherKeyHeaders headers, string? apiKey, string? functionKey)
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(200, Status, "application/json"));
        var client = new NotificationPublisherClient(new Uri("http://notifier.invalid"), new AzureKeyCredential("the-key"), new NotificationPublisherClientOptions { Transport = transport, KeyHeaders = headers });

        await client.GetStatusAsync("n-1");

        Assert.Equal(apiKey, transport.OnlyRequest.Header("X-Api-Key"));
        Assert.Equal(functionKey, transport.OnlyRequest.Header("x-functions-key"));
        Assert.Null(transport.OnlyRequest.Header("Authorization"));
    }

    [Fact]
    public async Task A_rotated_key_is_sent_from_the_next_request_on()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(200, Status, "application/json"));
        var credential = new AzureKeyCredential("old");
        var client = new NotificationPublisherClient(new Uri("http://notifier.invalid"), credential, new NotificationPublisherClientOptions { Transport = transport });

        await client.GetStatusAsync("n-1");
        credential.Update("new");
        await client.GetStatusAsync("n-1");

        Assert.Equal(["old", "new"], transport.Requests.Select(r => r.Header("X-Api-Key")));
    }

    [Fact]
    public async Task A_token_credential_is_asked_for_the_configured_scope_and_sent_as_a_bearer_token_with_the_function_key()
    {
        var transport = new RecordingTransport(_ => new RecordedResponse(200, Status, "application/json"));
        var credential = new RecordingCredential();
        var options = new NotificationPublisherClientOptions { Transport = transport, Scope = "api://notifier-api/.default" };
        var client = new NotificationPublisherClient(new Uri("https://notifier.invalid"), credential, new AzureKeyCredential("function-key"), options);

        await client.GetStatusAsync("n-1");

        Assert.Equal(["api://notifier-api/.default"], credential.Scopes);
        Assert.Equal("Bearer token-for-api://notifier-api/.default", transport.OnlyRequest.Header("Authorization"));
        Assert.Equal("function-key", transport.OnlyRequest.Header("x-functions-key"));
        Assert.Null(transport.OnlyRequest.Header("X-Api-Key"));
    }

    [Fact]
    public void A_token_credential_without_a_scope_is_refused_at_construction_saying_what_to_set()
    {
        var error = Assert.Throws<ArgumentException>(() => new NotificationPublisherClient(new Uri("https://notifier.invalid"), new RecordingCredential(), new NotificationPublisherClientOptions()));

        Assert.Contains("Scope", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingCredential : TokenCredential
    {
        private readonly List<string> _scopes = [];

        public IReadOnlyList<string> Scopes => _scopes;

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            _scopes.AddRange(requestContext.Scopes);
            return new AccessToken("token-for-" + string.Join(' ', requestContext.Scopes), DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
