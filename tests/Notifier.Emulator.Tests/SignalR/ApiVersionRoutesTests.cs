using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Emulator.Tests.SignalR.Infrastructure;

namespace Notifier.Emulator.Tests.SignalR;

/// <summary>
/// The SignalR mode's <c>/api/hubs/{hub}/…?api-version=</c> routes, requested as Microsoft's Management SDK requests
/// them (api-version 2024-12-01, the token's audience the URL without its query), with the service's status codes.
/// Web PubSub serves the same paths on this address; the key that signed a request tells the two apart, so these
/// tests give the SignalR mode a key of its own.
/// </summary>
public sealed class ApiVersionRoutesTests
{
    private const string OwnKey = "SIGNALRMODEKEY0123456789abcdefghijklmnopqrstuv";
    private const string Version = "?api-version=2024-12-01";
    private const string Hub = "/api/hubs/notifications";

    [Fact]
    public async Task Sends_group_membership_probes_and_close_answer_as_the_service_does()
    {
        await using var environment = await ServerlessEnvironment.StartAsync(signalRKey: OwnKey);
        var (client, inbox) = await environment.ConnectAsync("alice");
        await using var _ = client;
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        var connection = client.ConnectionId!;
        using var api = new ServiceApi(environment.Emulator.Endpoint, OwnKey);

        Assert.Equal(HttpStatusCode.Accepted, (await api.SendAsync(HttpMethod.Post, Hub + "/users/alice/:send" + Version, Notify("to-user"))).Status);
        await inbox.WaitForAsync("to-user");

        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Put, Hub + "/users/alice/groups/news" + Version + "&ttl=600")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Head, Hub + "/users/alice/groups/news" + Version)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Head, Hub + "/groups/news" + Version)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await api.SendAsync(HttpMethod.Post, Hub + "/groups/news/:send" + Version, Notify("to-group"))).Status);
        await inbox.WaitForAsync("to-group");
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, Hub + "/users/alice/groups/news" + Version)).Status);
        Assert.Equal((HttpStatusCode.NotFound, SignalRErrorCodes.UserNotInGroup), await api.SendAsync(HttpMethod.Head, Hub + "/users/alice/groups/news" + Version));

        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Put, Hub + "/groups/news/connections/" + connection + Version)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Delete, Hub + "/connections/" + connection + "/groups" + Version)).Status);
        Assert.Equal((HttpStatusCode.NotFound, SignalRErrorCodes.GroupNotExisted), await api.SendAsync(HttpMethod.Head, Hub + "/groups/news" + Version));
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Put, Hub + "/groups/news/connections/" + connection + Version)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, Hub + "/users/alice/groups" + Version)).Status);
        Assert.Equal((HttpStatusCode.NotFound, SignalRErrorCodes.GroupNotExisted), await api.SendAsync(HttpMethod.Head, Hub + "/groups/news" + Version));
        Assert.Equal((HttpStatusCode.NotFound, SignalRErrorCodes.ConnectionInGroupNotExisted), await api.SendAsync(HttpMethod.Put, Hub + "/groups/news/connections/nobody" + Version));

        Assert.Equal(HttpStatusCode.Accepted, (await api.SendAsync(HttpMethod.Post, Hub + "/:send" + Version + "&excluded=" + connection, Notify("excluded"))).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await api.SendAsync(HttpMethod.Post, Hub + "/connections/" + connection + "/:send" + Version, Notify("to-connection"))).Status);
        await inbox.WaitForAsync("to-connection");
        Assert.Equal(["to-user", "to-group", "to-connection"], inbox.Texts);

        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Head, Hub + "/users/alice" + Version)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Head, Hub + "/connections/" + connection + Version)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Delete, Hub + "/connections/" + connection + Version + "&reason=bye")).Status);
        var error = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("bye", error?.Message, StringComparison.Ordinal);

        // The hub lets the connection go before it tells the upstream.
        await environment.Upstream.WaitForAsync("disconnected", connection);
        Assert.Equal((HttpStatusCode.NotFound, SignalRErrorCodes.ConnectionNotExisted), await api.SendAsync(HttpMethod.Head, Hub + "/connections/" + connection + Version));
        Assert.Equal((HttpStatusCode.NotFound, SignalRErrorCodes.ConnectionNotExisted), await api.SendAsync(HttpMethod.Delete, Hub + "/connections/" + connection + Version));
        Assert.Equal((HttpStatusCode.NotFound, SignalRErrorCodes.UserNotExisted), await api.SendAsync(HttpMethod.Head, Hub + "/users/alice" + Version));
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Head, "/api/health" + Version)).Status);
    }

    [Fact]
    public async Task The_signing_key_chooses_between_signalr_and_web_pubsub_on_the_shared_paths()
    {
        await using var environment = await ServerlessEnvironment.StartAsync(signalRKey: OwnKey);
        var (client, _) = await environment.ConnectAsync("bruno");
        await using var _ = client;
        using var signalR = new ServiceApi(environment.Emulator.Endpoint, OwnKey);
        using var webPubSub = new ServiceApi(environment.Emulator.Endpoint, EmulatorServer.AccessKey);

        // bruno is connected to the SignalR mode only.
        Assert.Equal(HttpStatusCode.OK, (await signalR.SendAsync(HttpMethod.Head, Hub + "/users/bruno" + Version)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await webPubSub.SendAsync(HttpMethod.Head, Hub + "/users/bruno" + Version)).Status);

        // Web PubSub's own operations and versions keep working with its key, and are not the SignalR mode's.
        Assert.Equal(HttpStatusCode.OK, (await webPubSub.SendAsync(HttpMethod.Post, Hub + "/:addToGroups?api-version=2021-10-01", "{\"groups\":[\"g\"],\"filter\":\"userId eq 'nobody'\"}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await signalR.SendAsync(HttpMethod.Post, Hub + "/:addToGroups" + Version, "{\"groups\":[\"g\"],\"filter\":\"userId eq 'nobody'\"}")).Status);
    }

    [Fact]
    public async Task While_both_modes_share_a_key_the_api_version_routes_stay_web_pubsubs()
    {
        await using var environment = await ServerlessEnvironment.StartAsync();
        var (client, _) = await environment.ConnectAsync("carla");
        await using var _ = client;
        using var shared = new ServiceApi(environment.Emulator.Endpoint, EmulatorServer.AccessKey);

        Assert.Equal(HttpStatusCode.NotFound, (await shared.SendAsync(HttpMethod.Head, Hub + "/users/carla" + Version)).Status);
        Assert.Equal(HttpStatusCode.OK, (await shared.SendAsync(HttpMethod.Head, "/api/v1/hubs/notifications/users/carla")).Status);
    }

    [Fact]
    public async Task Bad_requests_are_refused_naming_what_is_wrong_and_change_nothing()
    {
        await using var environment = await ServerlessEnvironment.StartAsync(signalRKey: OwnKey);
        var (client, inbox) = await environment.ConnectAsync("dora");
        await using var _ = client;
        using var api = new ServiceApi(environment.Emulator.Endpoint, OwnKey);
        const string join = Hub + "/users/dora/groups/news";

        Assert.Equal("api-version", await api.RefusedAsync(HttpMethod.Put, join, HttpStatusCode.BadRequest));
        Assert.Equal("api-version", await api.RefusedAsync(HttpMethod.Put, join + "?api-version=2021-10-01", HttpStatusCode.BadRequest));
        Assert.Equal("api-version", await api.RefusedAsync(HttpMethod.Put, join + Version + "&api-version=2024-01-01", HttpStatusCode.BadRequest));
        Assert.Equal("ttl", await api.RefusedAsync(HttpMethod.Put, join + Version + "&ttl=soon", HttpStatusCode.BadRequest));
        Assert.Equal("group", await api.RefusedAsync(HttpMethod.Put, Hub + "/users/dora/groups/%20%20" + Version, HttpStatusCode.BadRequest));
        Assert.Equal("hub", await api.RefusedAsync(HttpMethod.Put, "/api/hubs/9lives/users/dora/groups/news" + Version, HttpStatusCode.BadRequest));
        Assert.Equal("Authorization", await api.RefusedAsync(HttpMethod.Put, join + Version, HttpStatusCode.Unauthorized, audience: Hub + "/users/someone-else/groups/news"));
        Assert.Equal((HttpStatusCode.NotFound, SignalRErrorCodes.UserNotInGroup), await api.SendAsync(HttpMethod.Head, join + Version));

        Assert.Equal("body", await api.RefusedAsync(HttpMethod.Post, Hub + "/users/dora/:send" + Version, HttpStatusCode.BadRequest, "{\"target\":\"notify\",\"arguments\":[\"cut"));
        Assert.Equal("target", await api.RefusedAsync(HttpMethod.Post, Hub + "/users/dora/:send" + Version, HttpStatusCode.BadRequest, "{\"arguments\":[\"no target\"]}"));
        Assert.Equal("excluded", await api.RefusedAsync(HttpMethod.Post, Hub + "/users/dora/:send" + Version + "&excluded=x", HttpStatusCode.BadRequest, Notify("excluded")));
        Assert.Equal(HttpStatusCode.Accepted, (await api.SendAsync(HttpMethod.Post, Hub + "/users/dora/:send" + Version, Notify("marker"))).Status);
        await inbox.WaitForAsync("marker");
        Assert.Equal(["marker"], inbox.Texts);
    }

    [Fact]
    public async Task GenerateToken_issues_a_token_the_emulators_client_endpoint_accepts()
    {
        await using var environment = await ServerlessEnvironment.StartAsync(signalRKey: OwnKey);
        using var api = new ServiceApi(environment.Emulator.Endpoint, OwnKey);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var (status, body, contentType) = await api.ReadAsync(HttpMethod.Post, Hub + "/:generateToken" + Version + "&userId=gina&minutesToExpire=5");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        var token = JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
        Assert.True(AccessKeyJwt.TryValidate(token, [OwnKey], DateTimeOffset.UtcNow, TimeSpan.Zero, out var payload, out _));
        Assert.True(SignalRClientUrl.IsAudienceFor(payload.Audiences.Single(), "notifications"));
        Assert.Contains(payload.Claims, c => c.Key == "asrs.s.uid" && c.Value == "gina");
        Assert.InRange(payload.ExpiresAt.ToUnixTimeSeconds() - before, 295, 305);

        await using var gina = new HubConnectionBuilder()
            .WithUrl(new Uri(environment.Emulator.Endpoint, "client/?hub=notifications"), HttpTransportType.WebSockets, options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var inbox = new Inbox();
        gina.On<string>("notify", inbox.Add);
        await gina.StartAsync();
        var connected = await environment.Upstream.WaitForAsync("connected", gina.ConnectionId!);
        Assert.Equal("gina", connected.UserId);
        await environment.Rest.SendToUserAsync("gina", ServerlessEnvironment.Message("for gina"));
        await inbox.WaitForAsync("for gina");

        // No user: an anonymous token, and an hour by default. The token is for this hub only.
        var (anonymousStatus, anonymousBody, _) = await api.ReadAsync(HttpMethod.Post, Hub + "/:generateToken" + Version);
        Assert.Equal(HttpStatusCode.OK, anonymousStatus);
        Assert.True(AccessKeyJwt.TryValidate(JsonDocument.Parse(anonymousBody).RootElement.GetProperty("token").GetString(), [OwnKey], DateTimeOffset.UtcNow, TimeSpan.Zero, out var anonymous, out _));
        Assert.DoesNotContain(anonymous.Claims, c => c.Key == "asrs.s.uid");
        Assert.InRange(anonymous.ExpiresAt.ToUnixTimeSeconds() - before, 3595, 3605);
        using var http = new HttpClient { BaseAddress = environment.Emulator.Endpoint };
        using var elsewhere = new HttpRequestMessage(HttpMethod.Post, new Uri("/client/negotiate?hub=other&negotiateVersion=1", UriKind.Relative));
        elsewhere.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(elsewhere)).StatusCode);
    }

    [Fact]
    public async Task GenerateToken_refuses_bad_parameters_by_name()
    {
        await using var environment = await ServerlessEnvironment.StartAsync(signalRKey: OwnKey);
        using var api = new ServiceApi(environment.Emulator.Endpoint, OwnKey);
        const string generate = Hub + "/:generateToken";

        Assert.Equal("minutesToExpire", await api.RefusedAsync(HttpMethod.Post, generate + Version + "&minutesToExpire=0", HttpStatusCode.BadRequest));
        Assert.Equal("minutesToExpire", await api.RefusedAsync(HttpMethod.Post, generate + Version + "&minutesToExpire=-5", HttpStatusCode.BadRequest));
        Assert.Equal("minutesToExpire", await api.RefusedAsync(HttpMethod.Post, generate + Version + "&minutesToExpire=soon", HttpStatusCode.BadRequest));
        Assert.Equal("userId", await api.RefusedAsync(HttpMethod.Post, generate + Version + "&userId=a&userId=b", HttpStatusCode.BadRequest));
        Assert.Equal("userId", await api.RefusedAsync(HttpMethod.Post, generate + Version + "&userId=eve%0D%0AX-Evil:%201", HttpStatusCode.BadRequest));
        Assert.Equal("api-version", await api.RefusedAsync(HttpMethod.Post, generate + "?api-version=2022-06-01&userId=a", HttpStatusCode.BadRequest));
        Assert.Equal("api-version", await api.RefusedAsync(HttpMethod.Post, generate + "?userId=a", HttpStatusCode.BadRequest));
    }

    private static string Notify(string text) => "{\"target\":\"notify\",\"arguments\":[" + JsonSerializer.Serialize(text) + "]}";

    /// <summary>Raw REST calls as the Management SDK makes them: a fresh token per request, audience = the URL without its query.</summary>
    private sealed class ServiceApi : IDisposable
    {
        private readonly HttpClient _http;
        private readonly Uri _endpoint;
        private readonly string _key;

        public ServiceApi(Uri endpoint, string key)
        {
            _endpoint = endpoint;
            _key = key;
            _http = new HttpClient { BaseAddress = endpoint };
        }

        public async Task<(HttpStatusCode Status, string? ErrorCode)> SendAsync(HttpMethod method, string pathAndQuery, string? body = null)
        {
            using var response = await _http.SendAsync(Request(method, pathAndQuery, body, audiencePath: null));
            return (response.StatusCode, response.Headers.TryGetValues(SignalRErrorCodes.HeaderName, out var codes) ? codes.Single() : null);
        }

        public async Task<(HttpStatusCode Status, string Body, string? ContentType)> ReadAsync(HttpMethod method, string pathAndQuery)
        {
            using var response = await _http.SendAsync(Request(method, pathAndQuery, body: null, audiencePath: null));
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());
        }

        /// <summary>Sends a request that must be refused with <paramref name="status"/>; returns the error's <c>target</c>.</summary>
        public async Task<string?> RefusedAsync(HttpMethod method, string pathAndQuery, HttpStatusCode status, string? body = null, string? audience = null)
        {
            using var response = await _http.SendAsync(Request(method, pathAndQuery, body, audience));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{method} {pathAndQuery}: expected {(int)status}, got {(int)response.StatusCode} {text}");
            Assert.True(response.Headers.Contains(SignalRErrorCodes.HeaderName), "a refusal carries x-ms-error-code");
            return JsonDocument.Parse(text).RootElement.GetProperty("target").GetString();
        }

        public void Dispose() => _http.Dispose();

        private HttpRequestMessage Request(HttpMethod method, string pathAndQuery, string? body, string? audiencePath)
        {
            var url = new Uri(_endpoint, pathAndQuery);
            var now = DateTimeOffset.UtcNow;
            var audience = audiencePath is null ? url.GetLeftPart(UriPartial.Path) : new Uri(_endpoint, audiencePath).AbsoluteUri;
            var request = new HttpRequestMessage(method, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessKeyJwt.Create(Encoding.UTF8.GetBytes(_key), audience, now, now.AddMinutes(5)));
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            return request;
        }
    }
}
