using Microsoft.AspNetCore.Authorization;
using Notifier.Functions.RateLimiting;

namespace Notifier.Functions;

/// <summary>
/// Authentication, authorization and the callers' rate limits, built on the first request to a route that names a
/// policy. Built with the rest of the pipeline, they would cost every cold start before its first answer: the
/// authorization middleware builds every endpoint up front (its policy cache reads them all), and the rate-limiting
/// middleware creates partitioned limiters whose generic code is compiled then. The host's probes and
/// <c>/api/health</c> name no policy and never build them.
/// </summary>
internal static class CallerPipeline
{
    public static IApplicationBuilder UseCallerPipeline(this IApplicationBuilder app)
    {
        var branch = app.New();
        return app.Use(next =>
        {
            var checks = new Lazy<RequestDelegate>(() =>
            {
                // Route groups name their policy; authorization authenticates with it, then the caller's bucket is known.
                branch.UseAuthentication();
                branch.UseAuthorization();
                branch.UseCallerRateLimits();
                branch.Run(next);
                return branch.Build();
            });

            return context => context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null
                ? next(context)
                : checks.Value(context);
        });
    }
}
