using System.Diagnostics;
using Azure.Data.Tables;
using Notifier.Azure.WebPubSub.Rest;
using Notifier.Functions.Http;
using Notifier.Functions.Storage;

namespace Notifier.Functions.Health;

/// <summary>
/// <c>GET /api/health</c>: liveness, with no network calls (the cold-start benchmark and the host's probes hit it);
/// <c>GET /api/health/ready</c>: readiness, which reaches Table storage and Web PubSub and answers 503 if either fails.
/// </summary>
internal static class HealthEndpoints
{
    private const string ProbeUser = "notifier-health-probe";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", () => new JsonBodyResult(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("status", "healthy");
            writer.WriteEndObject();
        }));
        app.MapGet("/api/health/ready", ReadyAsync);
        return app;
    }

    private static async Task<IResult> ReadyAsync(HttpContext context, NotifierTables tables, WebPubSubRestClient webPubSub)
    {
        var storage = CheckAsync(async ct =>
        {
            var table = await tables.GetAsync(TableNames.Notifications, ct).ConfigureAwait(false);
            await table.GetEntityIfExistsAsync<TableEntity>(ProbeUser, ProbeUser, cancellationToken: ct).ConfigureAwait(false);
        }, context.RequestAborted);
        var pubSub = CheckAsync(async ct => await webPubSub.UserExistsAsync(ProbeUser, ct).ConfigureAwait(false), context.RequestAborted);
        var results = await Task.WhenAll(storage, pubSub).ConfigureAwait(false);
        var healthy = results.All(r => r.Error is null);
        return new JsonBodyResult(healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("status", healthy ? "healthy" : "unhealthy");
            writer.WriteStartObject("checks");
            Write(writer, "storage", results[0]);
            Write(writer, "webPubSub", results[1]);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static void Write(System.Text.Json.Utf8JsonWriter writer, string name, (string? Error, double Milliseconds) result)
    {
        writer.WriteStartObject(name);
        writer.WriteString("status", result.Error is null ? "healthy" : "unhealthy");
        writer.WriteNumber("durationMs", Math.Round(result.Milliseconds, 1));
        if (result.Error is not null)
        {
            writer.WriteString("error", result.Error);
        }

        writer.WriteEndObject();
    }

    private static async Task<(string? Error, double Milliseconds)> CheckAsync(Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await check(timeout.Token).ConfigureAwait(false);
            return (null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (ex.GetType().Name + ": " + ex.Message.Split('\n')[0], Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
