namespace Notifier.Emulator.SignalR.Connections;

/// <summary>
/// Closes every SignalR connection as soon as the host begins to stop, with a close message that lets clients
/// reconnect, so Kestrel's stop does not wait for WebSockets that nobody closes.
/// </summary>
internal sealed partial class SignalRConnectionCloser : IHostedService, IDisposable
{
    public const string Reason = "The service is stopping.";

    private readonly SignalRHubRegistry _hubs;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<SignalRConnectionCloser> _logger;
    private CancellationTokenRegistration _registration;

    public SignalRConnectionCloser(SignalRHubRegistry hubs, IHostApplicationLifetime lifetime, ILogger<SignalRConnectionCloser> logger)
    {
        _hubs = hubs;
        _lifetime = lifetime;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = _lifetime.ApplicationStopping.Register(static state => ((SignalRConnectionCloser)state!).CloseAll(), this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _registration.Dispose();

    private void CloseAll()
    {
        var closed = _hubs.CloseAll(Reason);
        if (closed > 0)
        {
            Log.Closed(_logger, closed);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Stopping: closed {Count} SignalR connection(s).")]
        public static partial void Closed(ILogger logger, int count);
    }
}
