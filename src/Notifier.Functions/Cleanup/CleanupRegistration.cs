using Microsoft.Extensions.Options;

namespace Notifier.Functions.Cleanup;

/// <summary>Registers the clean-up timer's options; the sweeper itself is storage's.</summary>
internal static class CleanupRegistration
{
    public static IServiceCollection AddCleanup(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CleanupOptions>().Bind(configuration.GetSection(CleanupOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CleanupOptions>, CleanupOptionsValidator>();
        return services;
    }
}
