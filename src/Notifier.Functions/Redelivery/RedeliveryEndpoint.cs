using System.Diagnostics;
using Microsoft.Extensions.Options;
using Notifier.Core.Publishing;
using Notifier.Functions.Http;
using Notifier.Functions.QueueTriggers;
using Notifier.Functions.Runtime;
using Notifier.Functions.Telemetry;

namespace Notifier.Functions.Redelivery;

/// <summary>
/// The redelivery timer (<c>POST /redeliver</c>, every 30 seconds): delivers the single-user notifications that were
/// accepted (record and pending marker stored, 202 answered) but whose inbox append and push no process confirmed,
/// because it died, was stopped or found storage down. Appends are idempotent by id, so delivering one twice stores and
/// pushes nothing twice.
/// </summary>
internal static partial class RedeliveryEndpoint
{
    public const string FunctionName = "redeliver";

    public static IEndpointRouteBuilder MapRedelivery(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + FunctionName, InvokeAsync);
        return app;
    }

    private static async Task<IResult> InvokeAsync(HttpContext context, HostInvocationKey key, InboxDelivery delivery, IOptions<RedeliveryOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Notifier.Functions." + FunctionName);
        if (!key.Admits(context.Request))
        {
            Log.RefusedCaller(logger, context.Connection.RemoteIpAddress?.ToString());
            return TimerInvocation.Refused(FunctionName);
        }

        var pastDue = await TimerInvocation.ReadPastDueAsync(context).ConfigureAwait(false);
        var settings = options.Value;
        using var activity = NotifierActivitySources.Cleanup.StartActivity(FunctionName);
        try
        {
            var report = await delivery.RecoverAsync(time.GetUtcNow(), settings.Grace, settings.MaxPerRun, context.RequestAborted).ConfigureAwait(false);
            activity?.SetTag(TelemetryNames.RedeliveryFound, report.Found).SetTag(TelemetryNames.RedeliveryDelivered, report.Delivered).SetTag(TelemetryNames.RedeliveryExpired, report.Expired);
            if (report.Found > 0)
            {
                Log.Recovered(logger, report.Found, report.Delivered, report.Expired, report.Failed, pastDue);
            }

            return TimerInvocation.Completed($"Found {report.Found} undelivered notifications: delivered {report.Delivered}, expired {report.Expired}, still pending {report.Failed}.");
        }
        catch (Exception ex) when (Unavailability.IsUnavailable(ex))
        {
            activity?.SetStatus(ActivityStatusCode.Error).SetTag(TelemetryNames.ErrorType, ex.GetType().FullName);
            Log.Failed(logger, ex);
            return Problems.Unavailable(context, "Storage is unavailable; the next run of the timer delivers what is pending.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Redelivery found {Found} notifications a process left undelivered: delivered {Delivered}, expired {Expired}, still pending {Failed} (past due: {PastDue}).")]
        public static partial void Recovered(ILogger logger, int found, int delivered, int expired, int failed, bool pastDue);

        [LoggerMessage(2, LogLevel.Warning, "Redelivery could not reach storage; the next run goes on.")]
        public static partial void Failed(ILogger logger, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "redeliver: refused an invocation from {RemoteAddress} that is neither the Functions host nor the local stack's timer.")]
        public static partial void RefusedCaller(ILogger logger, string? remoteAddress);
    }
}
