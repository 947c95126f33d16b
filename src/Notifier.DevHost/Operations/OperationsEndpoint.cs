using System.Net;

namespace Notifier.DevHost.Operations;

/// <summary>
/// <c>GET /ops/metrics.json</c>, the operations page's data, for callers on this machine only: the local stack listens
/// on localhost, but a developer may bind it wider with <c>--urls</c>-style port options, and load figures are nobody
/// else's business.
/// </summary>
internal static class OperationsEndpoint
{
    public const string Path = "/ops/metrics.json";

    public static void Map(WebApplication app)
    {
        var monitor = app.Services.GetRequiredService<OperationsMonitor>();
        app.MapGet(Path, (HttpContext context) =>
            context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
                ? Results.Json(monitor.Snapshot(), OperationsJsonContext.Default.OperationsSnapshot)
                : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Local only.", detail: "The operations figures are served to this machine only."));
    }
}
