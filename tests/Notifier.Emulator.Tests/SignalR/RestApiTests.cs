using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure;
using Notifier.Azure.SignalR.Protocol;
using Notifier.Azure.SignalR.Rest;
using Notifier.Emulator.Tests.SignalR.Infrastructure;

namespace Notifier.Emulator.Tests.SignalR;

/// <summary>The SignalR mode's REST API refusing what the service refuses, with the service's codes, and changing nothing when it does.</summary>
public sealed class RestApiTests
{
    [Fact]
    public async Task Tokens_SignedWithAnotherKey_ForAnotherUrl_OrMissing_AreRefused()
    {
        await using var environment = await ServerlessEnvironment.StartAsync();
        var options = new SignalRRestClientOptions();
        options.Retry.MaxRetries = 0;
        var wrongKey = new SignalRRestClient(environment.Emulator.Endpoint, ServerlessEnvironment.Hub, new AzureKeyCredential("another-key"), options);

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => wrongKey.SendToAllAsync(ServerlessEnvironment.Message("x")));
        Assert.Equal(401, refused.Status);

        using var http = new HttpClient { BaseAddress = environment.Emulator.Endpoint };
        var now = DateTimeOffset.UtcNow;
        var otherUrl = AccessKeyJwt.Create(Encoding.UTF8.GetBytes(EmulatorServer.AccessKey), new Uri(environment.Emulator.Endpoint, "/api/v1/hubs/notifications/users/someone").AbsoluteUri, now, now.AddMinutes(5));
        using var misdirected = Post("/api/v1/hubs/notifications", "{\"target\":\"notify\",\"arguments\":[\"x\"]}", otherUrl);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(misdirected)).StatusCode);

        using var anonymous = Post("/api/v1/hubs/notifications", "{\"target\":\"notify\",\"arguments\":[\"x\"]}", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(anonymous)).StatusCode);

        var expired = AccessKeyJwt.Create(Encoding.UTF8.GetBytes(EmulatorServer.AccessKey), new Uri(environment.Emulator.Endpoint, "/api/v1/hubs/notifications").AbsoluteUri, now.AddHours(-2), now.AddHours(-1));
        using var stale = Post("/api/v1/hubs/notifications", "{\"target\":\"notify\",\"arguments\":[\"x\"]}", expired);
        using var staleResponse = await http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.Unauthorized, staleResponse.StatusCode);
        Assert.Contains("expired", await staleResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var health = new HttpRequestMessage(HttpMethod.Head, new Uri("/api/v1/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(health)).StatusCode);
    }

    [Fact]
    public async Task BadBodies_AreRefusedNamingTheField_AndDeliverNothing()
    {
        await using var environment = await ServerlessEnvironment.StartAsync();
        var (client, inbox) = await environment.ConnectAsync("olga");
        await using var _ = client;
        using var http = new HttpClient { BaseAddress = environment.Emulator.Endpoint };

        Assert.Equal(("target", 400), await SendRawAsync(environment, http, "{\"arguments\":[\"no target\"]}"));
        Assert.Equal(("target", 400), await SendRawAsync(environment, http, "{\"target\":\"\",\"arguments\":[\"empty\"]}"));
        Assert.Equal(("arguments", 400), await SendRawAsync(environment, http, "{\"target\":\"notify\",\"arguments\":\"not an array\"}"));
        Assert.Equal(("body", 400), await SendRawAsync(environment, http, "{\"target\":\"notify\",\"arguments\":[\"cut"));
        Assert.Equal(("Content-Type", 415), await SendRawAsync(environment, http, "{\"target\":\"notify\",\"arguments\":[\"text\"]}", "text/plain"));
        var huge = "{\"target\":\"notify\",\"arguments\":[\"" + new string('x', 1024 * 1024) + "\"]}";
        Assert.Equal(("Request", 413), await SendRawAsync(environment, http, huge));
        Assert.Equal(("hub", 400), await SendRawAsync(environment, http, "{\"target\":\"notify\",\"arguments\":[\"x\"]}", hub: "9lives"));

        await environment.Rest.SendToUserAsync("olga", ServerlessEnvironment.Message("marker"));
        await inbox.WaitForAsync("marker");
        Assert.Equal(["marker"], inbox.Texts);
    }

    [Fact]
    public async Task Probes_AnswerNotFound_WithTheServiceErrorCodes()
    {
        await using var environment = await ServerlessEnvironment.StartAsync();
        using var http = new HttpClient { BaseAddress = environment.Emulator.Endpoint };

        Assert.Equal(SignalRErrorCodes.ConnectionNotExisted, await ErrorCodeAsync(environment, http, HttpMethod.Head, "/api/v1/hubs/notifications/connections/nobody"));
        Assert.Equal(SignalRErrorCodes.UserNotExisted, await ErrorCodeAsync(environment, http, HttpMethod.Get, "/api/v1/hubs/notifications/users/nobody"));
        Assert.Equal(SignalRErrorCodes.GroupNotExisted, await ErrorCodeAsync(environment, http, HttpMethod.Head, "/api/v1/hubs/notifications/groups/empty"));
        Assert.Equal(SignalRErrorCodes.UserNotInGroup, await ErrorCodeAsync(environment, http, HttpMethod.Head, "/api/v1/hubs/notifications/groups/empty/users/nobody"));
        Assert.Equal(SignalRErrorCodes.ConnectionInGroupNotExisted, await ErrorCodeAsync(environment, http, HttpMethod.Put, "/api/v1/hubs/notifications/groups/empty/connections/nobody"));
        Assert.False((await environment.Rest.UserExistsAsync("nobody")).Value);
        Assert.False((await environment.Rest.ConnectionExistsAsync("nobody")).Value);

        var badTtl = await Assert.ThrowsAsync<RequestFailedException>(() => SendWithTtlAsync(environment, http, "soon"));
        Assert.Equal(400, badTtl.Status);
    }

    private static async Task SendWithTtlAsync(ServerlessEnvironment environment, HttpClient http, string ttl)
    {
        const string path = "/api/v1/hubs/notifications/groups/g/users/u";
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(path + "?ttl=" + ttl, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(environment, path));
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new RequestFailedException((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task<string?> ErrorCodeAsync(ServerlessEnvironment environment, HttpClient http, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(environment, path));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        return response.Headers.TryGetValues(SignalRErrorCodes.HeaderName, out var values) ? values.Single() : null;
    }

    private static async Task<(string? Target, int Status)> SendRawAsync(ServerlessEnvironment environment, HttpClient http, string body, string contentType = "application/json", string hub = "notifications")
    {
        var path = "/api/v1/hubs/" + hub + "/users/olga";
        using var request = Post(path, body, Token(environment, path), contentType);
        using var response = await http.SendAsync(request);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (error.RootElement.GetProperty("target").GetString(), (int)response.StatusCode);
    }

    private static string Token(ServerlessEnvironment environment, string path)
    {
        var now = DateTimeOffset.UtcNow;
        return AccessKeyJwt.Create(Encoding.UTF8.GetBytes(EmulatorServer.AccessKey), new Uri(environment.Emulator.Endpoint, path).AbsoluteUri, now, now.AddMinutes(5));
    }

    private static HttpRequestMessage Post(string path, string body, string? token, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
