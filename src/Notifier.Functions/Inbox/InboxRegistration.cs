using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifier.Core.Envelopes;
using Notifier.Core.Identifiers;
using Notifier.Core.Inbox;

namespace Notifier.Functions.Inbox;

/// <summary>Registers read state and acknowledgements, shared by the inbox routes and the <c>ack</c>/<c>read</c> events.</summary>
internal static class InboxRegistration
{
    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        // Tried, not added: publishing registers the same building blocks.
        services.TryAddSingleton(sp => new SortableIdGenerator(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<EnvelopeWriter>();
        services.AddSingleton<InboxService>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, InboxJsonContext.Default));
        return services;
    }
}
