using Microsoft.Extensions.Options;

namespace Notifier.Functions.Limits;

/// <summary>Binds <c>Notifier:Limits</c>, which several features read; each turns its part into what it needs.</summary>
internal static class LimitsRegistration
{
    public static IServiceCollection AddLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>();
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section))
            .Validate(o => o.MaxTtl >= o.DefaultTtl, "Notifier:Limits:MaxTtl must be at least DefaultTtl.").ValidateOnStart();
        return services;
    }
}
