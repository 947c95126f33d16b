using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifier.Emulator.Hosting;

namespace Notifier.Emulator.Upstream;

/// <summary>Registers the event-handler client behind <see cref="IEventHandlerInvoker"/>.</summary>
internal static class UpstreamServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="HttpEventHandlerInvoker"/> and what it uses, with <see cref="UpstreamOptions"/> bound from the
    /// <c>WebPubSub</c> section, and the background validation of the configured handlers at start-up.
    /// </summary>
    public static IServiceCollection AddEventHandlerInvoker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UpstreamOptions>()
            .Bind(configuration.GetSection(EmulatorOptions.SectionName))
            .Validate(o => o.RetryDelays.All(d => d >= TimeSpan.Zero) && o.RetryDelays.Count <= 10, "WebPubSub:EventHandlerRetryDelays must be at most 10 non-negative delays.")
            .Validate(o => o.ValidationTimeout > TimeSpan.Zero && o.ValidationCacheDuration >= TimeSpan.Zero, "WebPubSub:ValidationTimeout must be positive and ValidationCacheDuration not negative.")
            .Validate(o => o.ValidationMinRetryInterval > TimeSpan.Zero && o.ValidationMaxRetryInterval >= o.ValidationMinRetryInterval, "WebPubSub:ValidationMinRetryInterval must be positive and at most ValidationMaxRetryInterval.")
            .Validate(o => o.MaxConcurrentNotifications > 0 && o.MaxPendingNotifications > 0, "WebPubSub:MaxConcurrentNotifications and MaxPendingNotifications must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UpstreamHttpClient>();
        services.TryAddSingleton<WebHookOrigin>();
        services.TryAddSingleton<AbuseProtection>();
        services.TryAddSingleton<CloudEventSender>();
        services.TryAddSingleton<NotificationDispatcher>();
        services.TryAddSingleton<IEventHandlerInvoker, HttpEventHandlerInvoker>();
        services.AddHostedService<EventHandlerStartupValidation>();
        return services;
    }
}
