using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Azure.SignalR.Rest;
using Notifier.Testing.Emulator;

namespace Notifier.Azure.SignalR.Tests.Rest;

/// <summary>
/// The Entra ID path of <see cref="SignalRRestClient.GetClientAccessAsync"/> against the emulator, over real HTTP: the
/// client asks <c>:generateToken</c>, and the token it gets is one the emulator's client endpoint accepts for that
/// user. The emulator checks REST tokens by its access key, so the stand-in credential hands out a key-signed token
/// for the one URL the client calls; and Azure.Core sends bearer tokens over https only, so the test's transport
/// plays the TLS terminator and forwards to the emulator's http port.
/// </summary>
public sealed class EmulatorClientAccessTests : IAsyncLifetime
{
    private const string Key = "SIGNALRMODEKEY0123456789abcdefghijklmnopqrstuv";
    private const string Hub = "notifications";

    private EmulatorServer? _emulator;

    private EmulatorServer Emulator => _emulator!;

    public async Task InitializeAsync() =>
        _emulator = await EmulatorServer.StartAsync(new Dictionary<string, string?> { ["SignalR:AccessKey"] = Key });

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_service_issued_token_names_the_user_and_opens_the_hub_at_the_emulator()
    {
        var endpoint = new UriBuilder(Emulator.Endpoint) { Scheme = Uri.UriSchemeHttps }.Uri;
        using var transport = new HttpsTerminator();
        var options = new SignalRRestClientOptions { Transport = new HttpClientTransport(new HttpClient(transport)) };
        options.Retry.MaxRetries = 0;
        var credential = new KeySignedCredential(Key, new Uri(endpoint, $"/api/hubs/{Hub}/:generateToken").AbsoluteUri);
        var client = new SignalRRestClient(endpoint, Hub, credential, options);
        var before = DateTimeOffset.UtcNow;

        var access = await client.GetClientAccessAsync("alice", TimeSpan.FromMinutes(10));

        Assert.Equal(new Uri(endpoint, $"/client/?hub={Hub}"), access.Url);
        Assert.InRange(access.ExpiresAt, before.AddMinutes(10), DateTimeOffset.UtcNow.AddMinutes(10));
        Assert.True(AccessKeyJwt.TryValidate(access.AccessToken, [Key], DateTimeOffset.UtcNow, TimeSpan.Zero, out var payload, out _));
        Assert.Contains(payload.Claims, c => c.Key == SignalRClaims.UserId && c.Value == "alice");

        using var http = new HttpClient { BaseAddress = Emulator.Endpoint };
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, new Uri($"/client/negotiate?hub={Hub}&negotiateVersion=1", UriKind.Relative));
        negotiate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access.AccessToken);
        using var answer = await http.SendAsync(negotiate);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var negotiated = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(negotiated.RootElement.GetProperty("connectionId").GetString()));
    }

    [Fact]
    public async Task A_refused_call_throws_with_the_services_status()
    {
        var endpoint = new UriBuilder(Emulator.Endpoint) { Scheme = Uri.UriSchemeHttps }.Uri;
        using var transport = new HttpsTerminator();
        var options = new SignalRRestClientOptions { Transport = new HttpClientTransport(new HttpClient(transport)) };
        options.Retry.MaxRetries = 0;

        // Signed for another URL: the emulator refuses it as the service would an Entra token without the role.
        var credential = new KeySignedCredential(Key, new Uri(endpoint, $"/api/hubs/{Hub}/:send").AbsoluteUri);
        var client = new SignalRRestClient(endpoint, Hub, credential, options);

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => client.GetClientAccessAsync("alice"));
        Assert.Equal(401, refused.Status);
    }

    /// <summary>Sends what the client addressed to https to the emulator's http port, as a TLS-terminating proxy would.</summary>
    private sealed class HttpsTerminator : DelegatingHandler
    {
        public HttpsTerminator()
            : base(new SocketsHttpHandler())
        {
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = Uri.UriSchemeHttp }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>An Entra credential stand-in: a token signed with the access key for one request URL.</summary>
    private sealed class KeySignedCredential(string key, string audience) : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Assert.Equal([SignalRRestClient.EntraScope], requestContext.Scopes);
            var now = DateTimeOffset.UtcNow;
            return new AccessToken(AccessKeyJwt.Create(Encoding.UTF8.GetBytes(key), audience, now, now.AddMinutes(5)), now.AddMinutes(5));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
