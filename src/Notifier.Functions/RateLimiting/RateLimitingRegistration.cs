using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Notifier.Functions.Http;
using Notifier.Functions.Telemetry;

namespace Notifier.Functions.RateLimiting;

/// <summary>Registers the per-publisher and per-user token buckets as the rate-limiting middleware's limiter.</summary>
internal static class RateLimitingRegistration
{
    public static IServiceCollection AddRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<CallerRateLimiter>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<NotifierMetrics>().RateLimitRefused(CallerRateLimiter.CallerKind(context.HttpContext));
                return new ValueTask(Problems.TooManyRequests(context.HttpContext, CallerRateLimiter.RetryAfter(context.Lease)).ExecuteAsync(context.HttpContext));
            };
        });
        services.AddOptions<RateLimiterOptions>().Configure<CallerRateLimiter>((options, limiter) => options.GlobalLimiter = limiter);
        return services;
    }

    /// <summary>Limits requests after authorization, which decides whose bucket they take from.</summary>
    public static IApplicationBuilder UseCallerRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();
}
