using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.EventHandler;
using Notifier.Azure.WebPubSub.Rest;
using Notifier.Core.Envelopes;
using Notifier.Core.Identifiers;
using Notifier.Core.Inbox;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;
using Notifier.Functions.Events;
using Notifier.Functions.Identity;
using Notifier.Functions.Push;
using Notifier.Functions.RateLimiting;
using Notifier.Functions.Storage;
using Notifier.Functions.Triggers;

namespace Notifier.Functions.Hosting;

/// <summary>Registers the function app's services. Nothing here touches the network; connections open on first use.</summary>
internal static class NotifierServiceCollectionExtensions
{
    public static IServiceCollection AddNotifier(this IServiceCollection services, IConfiguration configuration, HostingFacts hosting)
    {
        // Parsed now so that a malformed setting stops the app at start with a message naming it.
        var storage = StorageConnection.FromConfiguration(configuration);
        var webPubSub = WebPubSubConnection.FromConfiguration(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(hosting);
        services.AddSingleton<HostInvocationKey>();
        services.AddSingleton(storage);
        services.AddSingleton(webPubSub);

        services.AddOptions<UsersOptions>().Bind(configuration.GetSection(UsersOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PublishersOptions>().Bind(configuration.GetSection(PublishersOptions.Section)).ValidateOnStart();
        services.AddOptions<List<TopicRule>>().Bind(configuration.GetSection(TopicRule.Section)).ValidateOnStart();
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section))
            .ValidateDataAnnotations().Validate(o => o.MaxTtl >= o.DefaultTtl, "Notifier:Limits:MaxTtl must be at least DefaultTtl.").ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<UsersOptions>>(new DelegateValidator<UsersOptions>(options => OptionsValidation.Users(options, hosting)));
        services.AddSingleton<IValidateOptions<PublishersOptions>>(new DelegateValidator<PublishersOptions>(OptionsValidation.Publishers));
        services.AddSingleton<IValidateOptions<List<TopicRule>>>(new DelegateValidator<List<TopicRule>>(OptionsValidation.Topics));

        services.AddSingleton(sp => new SortableIdGenerator(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<EnvelopeWriter>();
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<LimitsOptions>>().Value;
            return new NotificationLimits { DefaultTtl = limits.DefaultTtl, MaxTtl = limits.MaxTtl, MaxRecipientsPerRequest = limits.MaxRecipientsPerRequest };
        });
        services.AddSingleton<NotificationRequestParser>();

        services.AddAzureClients(storage.AddTableServiceClient);
        services.AddSingleton<NotifierTables>();
        services.AddSingleton(sp => new InboxOptions { InitialBacklog = sp.GetRequiredService<IOptions<LimitsOptions>>().Value.InitialBacklog });
        services.AddSingleton<INotificationRecords, TableNotificationRecords>();
        services.AddSingleton<IInboxStore, TableInboxStore>();
        services.AddSingleton(sp =>
        {
            var options = new WebPubSubRestClientOptions { TimeProvider = sp.GetRequiredService<TimeProvider>() };
            StorageConnection.ConfigureRetries(options.Retry);

            // Its requests would be logged at Information too, once AddAzureClients forwards Azure.Core's events.
            StorageConnection.ConfigureDiagnostics(options.Diagnostics);
            return webPubSub.CreateClient(options);
        });
        services.AddSingleton<INotificationPusher, WebPubSubPusher>();
        services.AddSingleton<PublishPipeline>();
        services.AddSingleton<InboxService>();

        services.AddSingleton<UserAuthenticator>();
        services.AddSingleton<PublisherAuthenticator>();
        services.AddSingleton<TopicPolicy>();
        services.AddSingleton<NotifierRateLimiter>();
        services.AddSingleton<UserConnections>();
        services.AddSingleton<ConnectionOwners>();

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

        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, FunctionsJsonContext.Default));
        return services;
    }
}
