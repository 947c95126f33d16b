using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.EventHandler.Internal;

namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>Maps Web PubSub event handlers to endpoints.</summary>
public static class WebPubSubEventHandlerEndpointRouteBuilderExtensions
{
    // OPTIONS is the abuse-protection handshake; GET is the emulator's fallback when OPTIONS answers 404.
    private static readonly string[] Methods = [HttpMethods.Options, HttpMethods.Get, HttpMethods.Post];

    /// <summary>
    /// Maps the CloudEvents event handler <typeparamref name="THandler"/> at <paramref name="pattern"/>: abuse
    /// protection on <c>OPTIONS</c> and <c>GET</c>, verified events on <c>POST</c>. Register the handler first with
    /// <see cref="WebPubSubEventHandlerServiceCollectionExtensions.AddWebPubSubEventHandler{THandler}(IServiceCollection)"/>.
    /// </summary>
    /// <typeparam name="THandler">The handler type.</typeparam>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route, for example <c>/api/webpubsub</c>; the service's URL template points at it.</param>
    /// <returns>A builder to add conventions (authorization policies, rate limiting, metadata) to the endpoint.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="THandler"/> was not registered.</exception>
    public static IEndpointConventionBuilder MapWebPubSubEventHandler<THandler>(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern)
        where THandler : WebPubSubEventHandler
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var services = endpoints.ServiceProvider;
        if (services.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(THandler)))
        {
            throw new InvalidOperationException(
                $"The Web PubSub event handler '{typeof(THandler).Name}' is not registered. Call services.AddWebPubSubEventHandler<{typeof(THandler).Name}>() first.");
        }

        var endpoint = new WebPubSubEventEndpoint(
            WebPubSubEventHandlerOptions.GetName(typeof(THandler)),
            services.GetRequiredService<IOptionsMonitor<WebPubSubEventHandlerOptions>>(),
            static provider => provider.GetRequiredService<THandler>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebPubSubEventHandler).FullName!),
            services.GetService<TimeProvider>());
        return endpoints
            .MapMethods(pattern, Methods, endpoint.InvokeAsync)
            .WithDisplayName($"Web PubSub event handler {typeof(THandler).Name}");
    }
}
