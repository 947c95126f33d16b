using System.Net;

namespace Notifier.Bench.LoadGenerator;

/// <summary>Triggers broadcasts over HTTP: one POST per broadcast, body = the payload, as <c>text/plain</c>.</summary>
internal sealed class Broadcaster : IDisposable
{
    private readonly HttpClient _http;
    private readonly ServerTarget _target;
    private string? _firstFailure;

    public Broadcaster(ServerTarget target, int maxConnections)
    {
        _target = target;
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>The first failed request's status or error, for the report.</summary>
    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    public async Task<bool> SendAsync(byte[] payload)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _target.BroadcastUri)
            {
                Content = new ByteArrayContent(payload),
                Version = HttpVersion.Version11,
            };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "text/plain");
            if (_target.Authorization is { } authorization)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            Interlocked.CompareExchange(ref _firstFailure, $"HTTP {(int)response.StatusCode} from {_target.BroadcastUri}", null);
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Interlocked.CompareExchange(ref _firstFailure, e.Message, null);
            return false;
        }
    }

    public void Dispose() => _http.Dispose();
}
