namespace Notifier.Functions.QueueTriggers;

/// <summary>Registers who may invoke the queue functions; they publish through the pipeline publishing registers.</summary>
internal static class QueueTriggersRegistration
{
    public static IServiceCollection AddQueueTriggers(this IServiceCollection services)
    {
        services.AddSingleton<HostInvocationKey>();
        return services;
    }
}
