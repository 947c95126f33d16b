using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifier.Functions.Connections;
using Notifier.Functions.WebPubSubEvents;
using Notifier.Functions.Cleanup;
using Notifier.Functions.Health;
using Notifier.Functions.Http;
using Notifier.Functions.Identity;
using Notifier.Functions.Inbox;
using Notifier.Functions.Limits;
using Notifier.Functions.Negotiate;
using Notifier.Functions.OpenApi;
using Notifier.Functions.Preferences;
using Notifier.Functions.Presence;
using Notifier.Functions.Publishing;
using Notifier.Functions.Push;
using Notifier.Functions.RateLimiting;
using Notifier.Functions.Runtime;
using Notifier.Functions.SignalR;
using Notifier.Functions.Storage;
using Notifier.Functions.Telemetry;
using Notifier.Functions.Transport;
using Notifier.Functions.QueueTriggers;

namespace Notifier.Functions;

/// <summary>
/// Registers the function app's services: each feature and shared part registers its own, and the transport
/// <c>Notifier:Transport</c> names (Web PubSub by default, or SignalR Service) registers its implementations of the seams. Nothing here touches the
/// network; connections open on first use.
/// </summary>
internal static class NotifierServiceCollectionExtensions
{
    public static IServiceCollection AddNotifier(this IServiceCollection services, IConfiguration configuration, HostingFacts hosting)
    {
        // Parsed now so that a malformed setting stops the app at start with a message naming it.
        var storage = StorageConnection.FromConfiguration(configuration);
        var transport = TransportSetting.FromConfiguration(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(hosting);
        services.AddTelemetry(configuration);

        // Options are validated at start in this order, so the first failure named is the same on every start.
        services.AddIdentity(configuration, hosting);
        services.AddLimits(configuration);
        services.AddRateLimiting(configuration);

        services.AddHttpAnswers();
        services.AddStorage(storage);
        services.AddPublishing();
        services.AddInbox();
        services.AddPreferences();
        services.AddCleanup(configuration);
        services.AddNegotiate();
        services.AddPresence();
        services.AddHealth();
        services.AddConnectionRecords();
        if (transport == NotifierTransport.SignalR)
        {
            services.AddSignalRTransport(configuration);
        }
        else
        {
            AddWebPubSubTransport(services, configuration);
        }

        services.AddQueueTriggers();
        services.AddApiDocument(configuration);
        return services;
    }

    private static void AddWebPubSubTransport(IServiceCollection services, IConfiguration configuration)
    {
        var webPubSub = WebPubSubConnection.FromConfiguration(configuration);
        services.AddPush(webPubSub);
        services.AddWebPubSubEvents(configuration, webPubSub);
    }
}
