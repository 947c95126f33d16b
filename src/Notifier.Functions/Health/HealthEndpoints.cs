using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http.HttpResults;
using Notifier.Functions.OpenApi;
using Notifier.Functions.Storage;
using Notifier.Functions.Transport;

namespace Notifier.Functions.Health;

/// <summary>
/// <c>GET /api/health</c>: liveness, with no network calls (the cold-start benchmark and the host's probes hit it);
/// <c>GET /api/health/ready</c>: readiness, which reaches Table storage and the transport (Web PubSub, or SignalR Service,
/// reported under the same <c>webPubSub</c> key) and answers 503 if either fails.
/// </summary>
internal static class HealthEndpoints
{
    private const string ProbeUser = "notifier-health-probe";
    private const string Unhealthy = "unhealthy";

    // One instance: liveness allocates nothing.
    private static readonly HealthResponse Healthy = new("healthy");

    /// <summary>Registers this feature's answers with the JSON options (source-generated: no reflection at the first request).</summary>
    public static IServiceCollection AddHealth(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, HealthJsonContext.Default));

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", () => TypedResults.Ok(Healthy))
            .WithName("health")
            .WithSummary("Liveness: the process answers (no network call)")
            .WithTags("Health")
            .WithResponseExample(200, "The process answers.", """{ "status": "healthy" }""");
        app.MapGet("/api/health/ready", ReadyAsync)
            .WithName("ready")
            .WithSummary("Readiness: Table storage and Web PubSub answer")
            .WithTags("Health")
            .Produces<ReadinessResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithResponseExample(200, "Both dependencies answered.", """{ "status": "healthy", "checks": { "storage": { "status": "healthy", "durationMs": 4.2 }, "webPubSub": { "status": "healthy", "durationMs": 12.5 } } }""")
            .WithResponseExample(503, "A dependency failed; error says how.", """{ "status": "unhealthy", "checks": { "storage": { "status": "unhealthy", "durationMs": 2.1, "error": "RequestFailedException: Connection refused" }, "webPubSub": { "status": "healthy", "durationMs": 12.5 } } }""");
        return app;
    }

    private static async Task<Results<Ok<ReadinessResponse>, JsonHttpResult<ReadinessResponse>>> ReadyAsync(HttpContext context, NotifierTables tables, IConnectionDirectory directory)
    {
        var storage = CheckAsync(async ct =>
        {
            var table = await tables.GetAsync(TableNames.Notifications, ct).ConfigureAwait(false);
            await table.GetEntityIfExistsAsync<TableEntity>(ProbeUser, ProbeUser, cancellationToken: ct).ConfigureAwait(false);
        }, context.RequestAborted);
        var pubSub = CheckAsync(async ct => await directory.UserExistsAsync(ProbeUser, ct).ConfigureAwait(false), context.RequestAborted);
        var results = await Task.WhenAll(storage, pubSub).ConfigureAwait(false);
        var healthy = results.All(r => r.Status == Healthy.Status);
        var answer = new ReadinessResponse(healthy ? Healthy.Status : Unhealthy, new ReadinessChecks(results[0], results[1]));
        return healthy ? TypedResults.Ok(answer) : TypedResults.Json(answer, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<DependencyCheck> CheckAsync(Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await check(timeout.Token).ConfigureAwait(false);
            return new DependencyCheck(Healthy.Status, Elapsed(started), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new DependencyCheck(Unhealthy, Elapsed(started), ex.GetType().Name + ": " + ex.Message.Split('\n')[0]);
        }
    }

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
}
