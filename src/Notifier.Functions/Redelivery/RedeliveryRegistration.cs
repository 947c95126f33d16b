using Microsoft.Extensions.Options;

namespace Notifier.Functions.Redelivery;

internal static class RedeliveryRegistration
{
    public static IServiceCollection AddRedelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedeliveryOptions>().Bind(configuration.GetSection(RedeliveryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedeliveryOptions>, RedeliveryOptionsValidator>();
        return services;
    }
}
