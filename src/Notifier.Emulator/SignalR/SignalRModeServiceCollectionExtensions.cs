using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifier.Emulator.SignalR.Authentication;
using Notifier.Emulator.SignalR.ClientEndpoint;
using Notifier.Emulator.SignalR.Connections;
using Notifier.Emulator.SignalR.DataPlane;
using Notifier.Emulator.SignalR.Hosting;
using Notifier.Emulator.SignalR.Upstream;

namespace Notifier.Emulator.SignalR;

/// <summary>Registers the SignalR Service mode, which runs beside the Web PubSub emulator in the same process.</summary>
internal static class SignalRModeServiceCollectionExtensions
{
    /// <summary>Adds the SignalR mode's services, with <see cref="SignalROptions"/> bound from the <c>SignalR</c> section and validated at start-up.</summary>
    public static IServiceCollection AddSignalRMode(this IServiceCollection services, IConfiguration configuration, Action<SignalROptions>? configure)
    {
        var options = services.AddOptions<SignalROptions>().Bind(configuration.GetSection(SignalROptions.SectionName)).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignalROptions>, SignalROptionsValidator>());
        services.TryAddSingleton<SignalRHubRegistry>();
        services.TryAddSingleton<NegotiatedConnections>();
        services.TryAddSingleton<SignalRTokenValidator>();
        services.TryAddSingleton<SignalRUpstreamInvoker>();
        services.TryAddSingleton<NegotiateHandler>();
        services.TryAddSingleton<SignalRConnectionHandler>();
        services.TryAddSingleton<SignalRRestHandlers>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, SharedRouteSelector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SignalRConnectionCloser>());
        return services;
    }
}
