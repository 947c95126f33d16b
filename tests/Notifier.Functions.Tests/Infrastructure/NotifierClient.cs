using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>HTTP calls to the function app as publishers and users make them.</summary>
public sealed class NotifierClient
{
    private readonly HttpClient _http;

    public NotifierClient(HttpClient http)
    {
        _http = http;
    }

    public static string NewUser(string name = "user") => $"{name}-{Guid.NewGuid():N}"[..24];

    public static string NewId() => "n-" + Guid.NewGuid().ToString("N");

    public Task<HttpResponseMessage> PublishAsync(string json, string? apiKey = StackSettings.ApiKey, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/notifications") { Content = new StringContent(json, Encoding.UTF8, contentType) };
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return _http.SendAsync(request);
    }

    public async Task<JsonElement> PublishAcceptedAsync(string json)
    {
        using var response = await PublishAsync(json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> NegotiateAsync(string userId, string? roles = null)
    {
        using var request = UserRequest(HttpMethod.Post, "api/negotiate", userId, roles);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"negotiate: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Negotiates and connects with the JSON subprotocol, as the browser client does.</summary>
    public async Task<TestWebSocket> ConnectAsync(string userId, string? roles = null)
    {
        var negotiated = await NegotiateAsync(userId, roles);
        var (socket, _) = await TestWebSocket.ConnectJsonAsync(new Uri(negotiated.GetProperty("url").GetString()!));
        return socket;
    }

    public async Task<JsonElement> InboxAsync(string userId, string query = "", string? roles = null)
    {
        using var request = UserRequest(HttpMethod.Get, "api/inbox" + query, userId, roles);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"inbox: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<int> UnreadAsync(string userId, string? roles = null)
    {
        using var request = UserRequest(HttpMethod.Get, "api/inbox/unread-count", userId, roles);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unread").GetInt32();
    }

    public async Task<HttpResponseMessage> MarkReadAsync(string userId, string json, string? roles = null)
    {
        using var request = UserRequest(HttpMethod.Post, "api/inbox/read", userId, roles);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _http.SendAsync(request);
    }

    /// <summary>POSTs to <c>/api/inbox/{action}</c> (read, unread, archive, unarchive, delete).</summary>
    public async Task<HttpResponseMessage> ChangeAsync(string userId, string action, string json, string? roles = null)
    {
        using var request = UserRequest(HttpMethod.Post, "api/inbox/" + action, userId, roles);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _http.SendAsync(request);
    }

    /// <summary>The ids a change answered as changed (<c>changed</c>, or <c>marked</c> for read).</summary>
    public async Task<List<string>> ChangedAsync(string userId, string action, string json, string? roles = null)
    {
        using var response = await ChangeAsync(userId, action, json, roles);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {body}");
        var root = JsonDocument.Parse(body).RootElement;
        return [.. root.GetProperty(action == "read" ? "marked" : "changed").EnumerateArray().Select(e => e.GetString()!)];
    }

    public async Task<HttpResponseMessage> PutPreferencesAsync(string userId, string json, string? roles = null)
    {
        using var request = UserRequest(HttpMethod.Put, "api/preferences", userId, roles);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _http.SendAsync(request);
    }

    public async Task<JsonElement?> StatusAsync(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/notifications/" + id);
        request.Headers.Add("X-Api-Key", StackSettings.ApiKey);
        using var response = await _http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"status: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>All the ids in the user's inbox, oldest first, paging through <c>after</c>.</summary>
    public async Task<List<(long Sequence, string Id)>> AllInboxAsync(string userId, string? roles = null)
    {
        var all = new List<(long, string)>();
        long cursor = 0;
        while (true)
        {
            var page = await InboxAsync(userId, $"?after={cursor}&limit=100", roles);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                all.Add((item.GetProperty("sequence").GetInt64(), item.GetProperty("notification").GetProperty("id").GetString()!));
            }

            cursor = page.GetProperty("cursor").GetInt64();
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                return all;
            }
        }
    }

    public static HttpRequestMessage UserRequest(HttpMethod method, string path, string userId, string? roles = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Notifier-User", userId);
        if (roles is not null)
        {
            request.Headers.Add("X-Notifier-Roles", roles);
        }

        return request;
    }
}
