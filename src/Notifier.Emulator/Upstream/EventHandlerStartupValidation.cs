using Microsoft.Extensions.Options;
using Notifier.Emulator.Hosting;

namespace Notifier.Emulator.Upstream;

/// <summary>
/// Validates every configured handler (abuse protection) once the server listens, and again when the handlers are
/// reloaded, in the background: start-up never waits for a handler, and a failure only shows in the log until the
/// first event needs that handler.
/// </summary>
internal sealed class EventHandlerStartupValidation : IHostedService, IDisposable
{
    private readonly AbuseProtection _abuseProtection;
    private readonly IOptionsMonitor<EmulatorOptions> _options;
    private readonly IHostApplicationLifetime _lifetime;
    private IDisposable? _onChange;
    private CancellationTokenRegistration _onStarted;

    public EventHandlerStartupValidation(AbuseProtection abuseProtection, IOptionsMonitor<EmulatorOptions> options, IHostApplicationLifetime lifetime)
    {
        _abuseProtection = abuseProtection;
        _options = options;
        _lifetime = lifetime;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // After the start, so the origin is the host the server actually listens on.
        _onStarted = _lifetime.ApplicationStarted.Register(() => ValidateAll(_options.CurrentValue));
        _onChange = _options.OnChange(ValidateAll);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _onStarted.Dispose();
        _onChange?.Dispose();
        _onChange = null;
    }

    private void ValidateAll(EmulatorOptions options)
    {
        foreach (var (hub, hubOptions) in options.Hubs)
        {
            foreach (var handler in hubOptions.EventHandlers)
            {
                if (EventHandlerResolver.ResolveUrl(handler.UrlTemplate, hub.ToLowerInvariant(), EventHandlerResolver.ValidateEventName) is { } url)
                {
                    _abuseProtection.ValidateInBackground(url);
                }
            }
        }
    }
}
