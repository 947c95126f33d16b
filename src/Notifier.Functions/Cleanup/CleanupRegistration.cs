using Microsoft.Extensions.Options;
using Notifier.Functions.Storage;

namespace Notifier.Functions.Cleanup;

/// <summary>Binds the clean-up timer's options; they, and the sweeper, are storage's.</summary>
internal static class CleanupRegistration
{
    public static IServiceCollection AddCleanup(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CleanupOptions>().Bind(configuration.GetSection(CleanupOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CleanupOptions>, CleanupOptionsValidator>();
        return services;
    }
}
