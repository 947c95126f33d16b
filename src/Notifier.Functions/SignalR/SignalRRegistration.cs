using Notifier.Azure.SignalR.Rest;
using Notifier.Azure.SignalR.Upstream;
using Notifier.Core.Push;
using Notifier.Functions.AzureClients;
using Notifier.Functions.Telemetry;
using Notifier.Functions.Transport;
using Notifier.Functions.WebPubSubEvents;

namespace Notifier.Functions.SignalR;

/// <summary>
/// Registers and maps the SignalR Service transport (<c>Notifier:Transport=SignalR</c>): its REST client, the pusher,
/// negotiate's issuer, the connection directory and the upstream at <c>/api/signalr/{category}/{event}</c>. Only
/// called when configured, so the default transport's cold start never loads SignalR types.
/// </summary>
internal static class SignalRRegistration
{
    public const string Route = "/api/signalr/{category}/{event}";

    public static IServiceCollection AddSignalRTransport(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = SignalRConnection.FromConfiguration(configuration);

        // The upstream is checked like the Web PubSub event handler: by signature with a key, else by the resource's
        // managed-identity token (the same Notifier:EventHandler settings).
        var upstream = configuration.GetSection(EventHandlerOptions.Section).Get<EventHandlerOptions>() ?? new EventHandlerOptions();
        if (signalR.ConnectionString is null && !upstream.IsConfigured)
        {
            throw new InvalidOperationException(
                $"'{SignalRConnection.SettingName}' is identity-based, so SignalR Service cannot sign its calls to /api/signalr: set {EventHandlerOptions.Section}:Authority, :Audience and :CallerObjectId to check its managed-identity token instead.");
        }

        services.AddSingleton(signalR);
        services.AddSingleton(sp =>
        {
            var options = new SignalRRestClientOptions { TimeProvider = sp.GetRequiredService<TimeProvider>() };
            AzureClientPolicy.ConfigureRetries(options.Retry);
            AzureClientPolicy.ConfigureDiagnostics(options.Diagnostics);
            return signalR.CreateClient(options);
        });
        services.AddSingleton<UserTopics>();
        services.AddSingleton<SignalRPusher>();
        services.AddSingleton<INotificationPusher>(sp => new MeasuredPusher(sp.GetRequiredService<SignalRPusher>(), PushTransports.SignalR, PushTargets.FanOut, sp.GetRequiredService<NotifierMetrics>()));
        services.AddSingleton<IClientAccessIssuer, SignalRClientAccessIssuer>();
        services.AddSingleton<IConnectionDirectory, SignalRDirectory>();
        services.AddSignalRUpstreamHandler<NotifierUpstream>(options =>
        {
            options.Hubs.Add(signalR.Hub);
            if (signalR.ConnectionString is not null)
            {
                options.ConnectionStrings.Add(signalR.ConnectionString);
            }

            if (upstream.IsConfigured)
            {
                options.AuthorizeUpstream = new UpstreamAuthorizer(upstream).AuthorizeAsync;
            }
        });
        return services;
    }

    public static IEndpointRouteBuilder MapSignalRTransport(this IEndpointRouteBuilder app)
    {
        app.MapSignalRUpstream<NotifierUpstream>(Route);
        return app;
    }
}
