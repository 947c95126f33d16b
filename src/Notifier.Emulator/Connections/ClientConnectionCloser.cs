using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Emulator.Connections;

/// <summary>
/// Closes every client connection as soon as the host begins to stop. Kestrel's stop waits for open connections, and a
/// WebSocket stays open until one side closes it, so without this a stop with a client connected waits out the whole
/// shutdown timeout and the client then sees its socket drop (1006) rather than a close frame. With a close frame
/// (1001, going away) the client answers at once and Kestrel's wait ends with it.
/// </summary>
internal sealed partial class ClientConnectionCloser : IHostedService, IDisposable
{
    public const string Reason = "The service is stopping.";

    private readonly HubRegistry _hubs;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<ClientConnectionCloser> _logger;
    private CancellationTokenRegistration _registration;

    public ClientConnectionCloser(HubRegistry hubs, IHostApplicationLifetime lifetime, ILogger<ClientConnectionCloser> logger)
    {
        _hubs = hubs;
        _lifetime = lifetime;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // ApplicationStopping fires before any hosted service stops, the server included: hosted services stop in
        // reverse order, and the server's would otherwise wait for the connections before this one's StopAsync ran.
        _registration = _lifetime.ApplicationStopping.Register(static state => ((ClientConnectionCloser)state!).CloseAll(), this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _registration.Dispose();

    private void CloseAll()
    {
        var closed = _hubs.CloseAll(WebPubSubCloseStatus.GoingAway, Reason);
        if (closed > 0)
        {
            Log.Closed(_logger, closed);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Stopping: closed {Count} client connection(s).")]
        public static partial void Closed(ILogger logger, int count);
    }
}
