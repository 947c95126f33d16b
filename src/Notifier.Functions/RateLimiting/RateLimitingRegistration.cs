namespace Notifier.Functions.RateLimiting;

/// <summary>Registers the per-publisher and per-user token buckets.</summary>
internal static class RateLimitingRegistration
{
    public static IServiceCollection AddRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NotifierRateLimiter>();
        return services;
    }
}
