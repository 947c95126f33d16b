using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Functions.Push;

namespace Notifier.Functions.WebPubSubEvents;

/// <summary>Registers and maps the Web PubSub event handler (<c>/api/webpubsub</c>) and what only it uses.</summary>
internal static class WebPubSubEventsRegistration
{
    public const string Route = "/api/webpubsub";

    public static IServiceCollection AddWebPubSubEvents(this IServiceCollection services, IConfiguration configuration, WebPubSubConnection webPubSub)
    {
        var upstream = configuration.GetSection(EventHandlerOptions.Section).Get<EventHandlerOptions>() ?? new EventHandlerOptions();
        if (webPubSub.ConnectionString is null && !upstream.IsConfigured)
        {
            throw new InvalidOperationException(
                $"'{WebPubSubConnection.SettingName}' is identity-based, so Web PubSub cannot sign its calls to /api/webpubsub: set {EventHandlerOptions.Section}:Authority, :Audience and :CallerObjectId to check its managed-identity token instead.");
        }

        services.AddWebPubSubEventHandler<NotifierEventHandler>(options =>
        {
            options.Hubs.Add(webPubSub.Hub);
            options.EventTimeWindow = upstream.EventTimeWindow;
            if (webPubSub.ConnectionString is not null)
            {
                options.ConnectionStrings.Add(configuration[WebPubSubConnection.SettingName]!);
            }
            else
            {
                options.Endpoints.Add(new WebPubSubServiceEndpoint(webPubSub.Endpoint));
            }

            if (upstream.IsConfigured)
            {
                options.AuthorizeUpstream = new UpstreamAuthorizer(upstream).AuthorizeAsync;
            }
        });
        return services;
    }

    public static IEndpointRouteBuilder MapWebPubSubEvents(this IEndpointRouteBuilder app)
    {
        app.MapWebPubSubEventHandler<NotifierEventHandler>(Route);
        return app;
    }
}
