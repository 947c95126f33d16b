using Notifier.Azure.WebPubSub.Rest;
using Notifier.Core.Push;
using Notifier.Functions.AzureClients;
using Notifier.Functions.Telemetry;
using Notifier.Functions.Transport;

namespace Notifier.Functions.Push;

/// <summary>Registers the Web PubSub transport: its client, and the pusher, negotiate's issuer and the connection directory on it.</summary>
internal static class PushRegistration
{
    public static IServiceCollection AddPush(this IServiceCollection services, WebPubSubConnection webPubSub)
    {
        services.AddSingleton(webPubSub);
        services.AddSingleton(sp =>
        {
            var options = new WebPubSubRestClientOptions { TimeProvider = sp.GetRequiredService<TimeProvider>() };
            AzureClientPolicy.ConfigureRetries(options.Retry);

            // Its requests would be logged at Information too, once AddAzureClients forwards Azure.Core's events.
            AzureClientPolicy.ConfigureDiagnostics(options.Diagnostics);
            return webPubSub.CreateClient(options);
        });
        services.AddSingleton<WebPubSubPusher>();
        services.AddSingleton<INotificationPusher>(sp => new MeasuredPusher(sp.GetRequiredService<WebPubSubPusher>(), PushTransports.WebPubSub, PushTargets.Filter, sp.GetRequiredService<NotifierMetrics>()));
        services.AddSingleton<IClientAccessIssuer, WebPubSubClientAccessIssuer>();
        services.AddSingleton<IConnectionDirectory, WebPubSubDirectory>();
        return services;
    }
}
