
namespace Notifier.Functions.Http;

/// <summary>Turns an unreachable dependency into a 503 problem with <c>Retry-After</c>, and any other failure into a 500 problem without internals.</summary>
internal sealed partial class UnavailableMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger<UnavailableMiddleware> _logger;

    public UnavailableMiddleware(RequestDelegate next, ILogger<UnavailableMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unavailability.IsUnavailable(ex) && !context.Response.HasStarted)
        {
            Log.Unavailable(_logger, ex, context.Request.Path);
            await Problems.Unavailable(context, "A dependency (storage or Web PubSub) is unavailable; retry shortly.").ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            Log.Failed(_logger, ex, context.Request.Path);
            await Problems.Problem(StatusCodes.Status500InternalServerError, "Internal error.", "The request failed unexpectedly; the error is logged.")
                .ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "{Path}: a dependency is unavailable; answered 503.")]
        public static partial void Unavailable(ILogger logger, Exception exception, string path);

        [LoggerMessage(2, LogLevel.Error, "{Path}: the request failed.")]
        public static partial void Failed(ILogger logger, Exception exception, string path);
    }
}
