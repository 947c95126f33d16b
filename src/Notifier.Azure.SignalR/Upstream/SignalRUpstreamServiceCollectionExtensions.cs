using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifier.Azure.SignalR.Upstream.Internal;

namespace Notifier.Azure.SignalR.Upstream;

/// <summary>Registers SignalR upstream handlers and their options.</summary>
public static class SignalRUpstreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="THandler"/> (scoped: one instance per event) and its
    /// <see cref="SignalRUpstreamOptions"/>, validated when the host starts. Configure them through the returned builder.
    /// </summary>
    public static OptionsBuilder<SignalRUpstreamOptions> AddSignalRUpstreamHandler<THandler>(this IServiceCollection services)
        where THandler : SignalRUpstreamHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddScoped<THandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignalRUpstreamOptions>, SignalRUpstreamOptionsValidator<THandler>>());
        return services
            .AddOptions<SignalRUpstreamOptions>(SignalRUpstreamOptions.GetName(typeof(THandler)))
            .ValidateOnStart();
    }

    /// <summary>Registers <typeparamref name="THandler"/> with options bound from the section at <paramref name="configSectionPath"/>.</summary>
    public static OptionsBuilder<SignalRUpstreamOptions> AddSignalRUpstreamHandler<THandler>(this IServiceCollection services, string configSectionPath)
        where THandler : SignalRUpstreamHandler
    {
        ArgumentException.ThrowIfNullOrEmpty(configSectionPath);
        return services.AddSignalRUpstreamHandler<THandler>().BindConfiguration(configSectionPath);
    }

    /// <summary>Registers <typeparamref name="THandler"/> with options set in code.</summary>
    public static OptionsBuilder<SignalRUpstreamOptions> AddSignalRUpstreamHandler<THandler>(this IServiceCollection services, Action<SignalRUpstreamOptions> configure)
        where THandler : SignalRUpstreamHandler
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddSignalRUpstreamHandler<THandler>().Configure(configure);
    }
}
