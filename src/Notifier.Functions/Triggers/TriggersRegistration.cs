namespace Notifier.Functions.Triggers;

/// <summary>Registers who may invoke the queue functions; they publish through the pipeline publishing registers.</summary>
internal static class TriggersRegistration
{
    public static IServiceCollection AddQueueTriggers(this IServiceCollection services)
    {
        services.AddSingleton<HostInvocationKey>();
        return services;
    }
}
