using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifier.Functions.Http;
using Notifier.Functions.QueueTriggers;
using Notifier.Functions.Storage;
using Notifier.Functions.Telemetry;

namespace Notifier.Functions.Cleanup;

/// <summary>
/// The clean-up timer (<c>POST /cleanup</c>, the Functions host's timer invocation in the wrapped protocol): deletes
/// expired inbox entries (keeping unread counters right), stream entries and, after their retention, notification
/// records, at most <see cref="CleanupOptions.MaxPartitionsPerRun"/> partitions of each table per run. The work is
/// idempotent, so the host's extra runs (run on start-up, manual runs, a lease changing hands) do no harm. Only the
/// host, or standalone a caller holding this process's invocation key, may invoke it.
/// </summary>
internal static partial class CleanupEndpoint
{
    public const string FunctionName = "cleanup";

    public static IEndpointRouteBuilder MapCleanup(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + FunctionName, InvokeAsync);
        return app;
    }

    private static async Task<IResult> InvokeAsync(HttpContext context, HostInvocationKey key, ExpiredRowSweeper sweeper, IOptions<CleanupOptions> options, TimeProvider time, NotifierMetrics metrics, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Notifier.Functions." + FunctionName);
        if (!key.Admits(context.Request))
        {
            Log.RefusedCaller(logger, context.Connection.RemoteIpAddress?.ToString());
            return Problems.Problem(
                StatusCodes.Status403Forbidden,
                "Only the Functions host may invoke this function.",
                $"'/{FunctionName}' takes timer invocations from the Functions host, or standalone from the local stack's timer holding this process's invocation key.");
        }

        // The timer's payload says only when it fired and whether it is a catch-up run; the work is the same either way.
        var pastDue = await ReadPastDueAsync(context).ConfigureAwait(false);
        var settings = options.Value;
        using var activity = CleanupTelemetry.Start();
        try
        {
            var report = await sweeper.SweepAsync(time.GetUtcNow(), settings.RecordRetention, settings.MaxPartitionsPerRun, context.RequestAborted).ConfigureAwait(false);
            CleanupTelemetry.Swept(activity, metrics, report.InboxRows, report.StreamRows, report.Notifications, report.Finished);
            Log.Swept(logger, report.InboxRows, report.StreamRows, report.Notifications, report.Finished, pastDue);
            var line = $"Deleted {report.InboxRows} inbox rows, {report.StreamRows} stream rows and {report.Notifications} notification records{(report.Finished ? "." : "; more is left for the next run.")}";
            return new JsonBodyResult(StatusCodes.Status200OK, writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartObject("Outputs");
                writer.WriteEndObject();
                writer.WriteStartArray("Logs");
                writer.WriteStringValue(line);
                writer.WriteEndArray();
                writer.WriteNull("ReturnValue");
                writer.WriteEndObject();
            });
        }
        catch (Exception ex) when (Unavailability.IsUnavailable(ex))
        {
            // A failed run is only logged by the host; the next occurrence does the work.
            CleanupTelemetry.Failed(activity, ex);
            Log.Failed(logger, ex);
            return Problems.Unavailable(context, "Storage is unavailable; the next run of the timer cleans up.");
        }
    }

    private static async Task<bool> ReadPastDueAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, 64 * 1024, context.RequestAborted).ConfigureAwait(false);
        if (body is not { Length: > 0 } bytes)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("Data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("timer", out var timer) && timer.ValueKind == JsonValueKind.Object
                && timer.TryGetProperty("IsPastDue", out var pastDue) && pastDue.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Clean-up deleted {InboxRows} inbox rows, {StreamRows} stream rows and {Records} notification records (finished: {Finished}, past due: {PastDue}).")]
        public static partial void Swept(ILogger logger, int inboxRows, int streamRows, int records, bool finished, bool pastDue);

        [LoggerMessage(2, LogLevel.Warning, "Clean-up could not reach storage; the next run goes on.")]
        public static partial void Failed(ILogger logger, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "cleanup: refused an invocation from {RemoteAddress} that is neither the Functions host nor the local stack's timer.")]
        public static partial void RefusedCaller(ILogger logger, string? remoteAddress);
    }
}
