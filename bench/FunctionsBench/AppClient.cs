using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Notifier.Bench.FunctionsBench;

/// <summary>HTTP calls to the function app, over one connection pool without a connection limit.</summary>
internal sealed class AppClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly Uri _negotiate;
    private readonly Uri _notifications;
    private readonly Uri _inbox;
    private readonly string _apiKey;

    public AppClient(Uri app, string apiKey)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AllowAutoRedirect = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        _negotiate = new Uri(app, "/api/negotiate");
        _notifications = new Uri(app, "/api/notifications");
        _inbox = new Uri(app, "/api/inbox");
        _apiKey = apiKey;
    }

    /// <summary>Negotiates as <paramref name="userId"/> (development mode: the user is named in a header).</summary>
    /// <returns>The status code and, on 200, the client URL.</returns>
    public async Task<(HttpStatusCode Status, Uri? Url)> NegotiateAsync(string userId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _negotiate);
        request.Headers.TryAddWithoutValidation("X-Notifier-User", userId);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null);
        }

        using var document = JsonDocument.Parse(body);
        return (response.StatusCode, new Uri(document.RootElement.GetProperty("url").GetString()!));
    }

    /// <summary>Reads the newest page of <paramref name="userId"/>'s inbox (development mode); returns the status code.</summary>
    public async Task<HttpStatusCode> InboxAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_inbox, string.Create(CultureInfo.InvariantCulture, $"?limit={limit}")));
        request.Headers.TryAddWithoutValidation("X-Notifier-User", userId);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    /// <summary>Publishes one notification; returns the status code.</summary>
    // The title carries the benchmark's tag (DeliverySink); the id is the publisher's own only when given, else the app
    // chooses it (for one user alone, an id bound to that user).
    public async Task<HttpStatusCode> PublishAsync(string? id, string usersJson, string tag, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(id is null
            ? $"{{\"to\":{{\"users\":[{usersJson}]}},\"title\":\"{tag}\"}}"
            : $"{{\"id\":\"{id}\",\"to\":{{\"users\":[{usersJson}]}},\"title\":\"{tag}\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, _notifications)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
        };
        request.Headers.TryAddWithoutValidation("X-Api-Key", _apiKey);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    public void Dispose() => _http.Dispose();
}
