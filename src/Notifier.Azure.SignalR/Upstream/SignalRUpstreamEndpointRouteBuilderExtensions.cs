using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifier.Azure.SignalR.Upstream.Internal;

namespace Notifier.Azure.SignalR.Upstream;

/// <summary>Maps SignalR upstream handlers to endpoints.</summary>
public static class SignalRUpstreamEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <typeparamref name="THandler"/> at <paramref name="pattern"/> for <c>POST</c>. The pattern may hold
    /// <c>{category}</c> and <c>{event}</c> as the URL template does; dispatch uses the signed request's headers only.
    /// </summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="THandler"/> was not registered.</exception>
    public static IEndpointConventionBuilder MapSignalRUpstream<THandler>(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern)
        where THandler : SignalRUpstreamHandler
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var services = endpoints.ServiceProvider;
        if (services.GetService<IServiceProviderIsService>() is { } isService && !isService.IsService(typeof(THandler)))
        {
            throw new InvalidOperationException(
                $"The SignalR upstream handler '{typeof(THandler).Name}' is not registered. Call services.AddSignalRUpstreamHandler<{typeof(THandler).Name}>() first.");
        }

        var endpoint = new SignalRUpstreamEndpoint(
            SignalRUpstreamOptions.GetName(typeof(THandler)),
            services.GetRequiredService<IOptionsMonitor<SignalRUpstreamOptions>>(),
            static provider => provider.GetRequiredService<THandler>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignalRUpstreamHandler).FullName!));
        return endpoints
            .MapMethods(pattern, [HttpMethods.Post], endpoint.InvokeAsync)
            .WithDisplayName($"SignalR upstream {typeof(THandler).Name}");
    }
}
