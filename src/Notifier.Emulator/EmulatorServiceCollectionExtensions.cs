using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifier.Emulator.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Notifier.Emulator.ClientEndpoint;
using Notifier.Emulator.ClientEndpoint.RawConnections;
using Notifier.Emulator.Connections;
using Notifier.Emulator.Hosting;
using Notifier.Emulator.SignalR;
using Notifier.Emulator.SignalR.Hosting;
using Notifier.Emulator.Upstream;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Web PubSub emulator, for its own executable or hosted inside another app or a test.</summary>
public static class EmulatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the emulator's services, with options bound from the <c>WebPubSub</c> section of
    /// <paramref name="configuration"/> (and the SignalR Service mode's from <c>SignalR</c>) and validated at start-up.
    /// </summary>
    public static IServiceCollection AddWebPubSubEmulator(this IServiceCollection services, IConfiguration configuration, Action<EmulatorOptions>? configure = null, Action<SignalROptions>? configureSignalR = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<EmulatorOptions>().Bind(configuration.GetSection(EmulatorOptions.SectionName)).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmulatorOptions>, EmulatorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HubRegistry>();
        services.TryAddSingleton<AccessTokenValidator>();
        services.AddEventHandlerInvoker(configuration);
        services.TryAddSingleton<ClientConnectionHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClientConnectionCloser>());
        services.AddSignalRMode(configuration, configureSignalR);

        // Client upgrades that open a connection are served below Kestrel's HTTP layer (see the middleware); every
        // other request passes through to the app untouched.
        services.AddOptions<KestrelServerOptions>().Configure<IServiceProvider>((kestrel, provider) =>
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => ActivatorUtilities
                .CreateInstance<ClientUpgradeConnectionMiddleware>(provider, next).OnConnectionAsync)));
        return services;
    }
}
