using Microsoft.AspNetCore.Authorization;
using Notifier.Functions.RateLimiting;

namespace Notifier.Functions;

/// <summary>
/// Authentication, authorization and the callers' rate limits, built on the first request to a route that names a
/// policy. Built with the rest of the pipeline, they would cost every cold start before its first answer: the
/// authorization middleware builds every endpoint up front (its policy cache reads them all), the authentication
/// middleware reads every scheme (and loads their handlers' assemblies), and the rate-limiting middleware creates
/// partitioned limiters whose generic code is compiled then. The host's probes and <c>/api/health</c> name no policy
/// and never build them.
/// </summary>
internal static class CallerPipeline
{
    public static IApplicationBuilder UseCallerPipeline(this IApplicationBuilder app)
    {
        // Route groups name their policy; authorization authenticates with it, then the caller's bucket is known.
        // Registering a middleware only records how to create it: the branch's middleware is created when it is built.
        var branch = app.New();
        branch.UseAuthentication();
        branch.UseAuthorization();

        // WebApplication puts authentication and authorization at the front of every request's pipeline, created at
        // start, unless the app's builder is marked as already using them. The branch marked only its own copy of the
        // builder's properties; these marks say the app does use them, here.
        foreach (var (key, value) in branch.Properties)
        {
            app.Properties.TryAdd(key, value);
        }

        return app.Use(next =>
        {
            var checks = new Lazy<RequestDelegate>(() =>
            {
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
