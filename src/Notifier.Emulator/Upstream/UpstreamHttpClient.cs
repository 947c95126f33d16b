using System.Text;

namespace Notifier.Emulator.Upstream;

/// <summary>
/// The one pooled HTTP client of all event-handler calls. Redirects are not followed (a webhook answers itself) and
/// cookies are not kept across connections. Timeouts are the callers', per event.
/// </summary>
internal sealed class UpstreamHttpClient : IDisposable
{
    public UpstreamHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxConnectionsPerServer = 256,

            // User ids and connection states are the application's strings; send and read them as UTF-8.
            RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8,
            ResponseHeaderEncodingSelector = static (_, _) => Encoding.UTF8,
        };
        Client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
