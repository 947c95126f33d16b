using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.EventHandler.Internal;

namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>Registers Web PubSub event handlers and their options.</summary>
public static class WebPubSubEventHandlerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="THandler"/> (scoped: one instance per event) and its
    /// <see cref="WebPubSubEventHandlerOptions"/>, which are validated when the host starts. Configure the options
    /// through the returned builder, for example <c>.BindConfiguration("WebPubSub:EventHandler")</c>.
    /// </summary>
    /// <typeparam name="THandler">The handler type, mapped later with
    /// <see cref="WebPubSubEventHandlerEndpointRouteBuilderExtensions.MapWebPubSubEventHandler{THandler}"/>.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>The builder of the handler's options, which are named after <typeparamref name="THandler"/>.</returns>
    public static OptionsBuilder<WebPubSubEventHandlerOptions> AddWebPubSubEventHandler<THandler>(this IServiceCollection services)
        where THandler : WebPubSubEventHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddScoped<THandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebPubSubEventHandlerOptions>, WebPubSubEventHandlerOptionsValidator<THandler>>());
        return services
            .AddOptions<WebPubSubEventHandlerOptions>(WebPubSubEventHandlerOptions.GetName(typeof(THandler)))
            .ValidateOnStart();
    }

    /// <summary>
    /// Registers <typeparamref name="THandler"/> with options bound from the configuration section at
    /// <paramref name="configSectionPath"/>, for example <c>"WebPubSub:EventHandler"</c>.
    /// </summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configSectionPath">The configuration section holding <see cref="WebPubSubEventHandlerOptions"/>.</param>
    /// <returns>The builder of the handler's options.</returns>
    public static OptionsBuilder<WebPubSubEventHandlerOptions> AddWebPubSubEventHandler<THandler>(this IServiceCollection services, string configSectionPath)
        where THandler : WebPubSubEventHandler
    {
        ArgumentException.ThrowIfNullOrEmpty(configSectionPath);
        return services.AddWebPubSubEventHandler<THandler>().BindConfiguration(configSectionPath);
    }

    /// <summary>Registers <typeparamref name="THandler"/> with options set in code.</summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the handler's options.</param>
    /// <returns>The builder of the handler's options.</returns>
    public static OptionsBuilder<WebPubSubEventHandlerOptions> AddWebPubSubEventHandler<THandler>(this IServiceCollection services, Action<WebPubSubEventHandlerOptions> configure)
        where THandler : WebPubSubEventHandler
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddWebPubSubEventHandler<THandler>().Configure(configure);
    }
}
