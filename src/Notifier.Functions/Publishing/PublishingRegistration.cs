using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifier.Core.Envelopes;
using Notifier.Core.Identifiers;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;
using Notifier.Functions.Limits;

namespace Notifier.Functions.Publishing;

/// <summary>Registers the publish pipeline, which the HTTP endpoint and the queue triggers both feed.</summary>
internal static class PublishingRegistration
{
    public static IServiceCollection AddPublishing(this IServiceCollection services)
    {
        // Tried, not added: the inbox registers the same building blocks.
        services.TryAddSingleton(sp => new SortableIdGenerator(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<EnvelopeWriter>();
        services.AddSingleton<NotificationIds>();
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<LimitsOptions>>().Value;
            return new NotificationLimits { DefaultTtl = limits.DefaultTtl, MaxTtl = limits.MaxTtl, MaxRecipientsPerRequest = limits.MaxRecipientsPerRequest, StorageConcurrency = limits.StorageConcurrency };
        });
        services.AddSingleton<NotificationRequestParser>();
        services.AddSingleton<PublishPipeline>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, PublishingJsonContext.Default));
        return services;
    }
}
