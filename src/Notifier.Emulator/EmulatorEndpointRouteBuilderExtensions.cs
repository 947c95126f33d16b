using Notifier.Emulator.ClientEndpoint;
using Notifier.Emulator.DataPlane;
using Notifier.Emulator.SignalR;
using Notifier.Emulator.SignalR.ClientEndpoint;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps the emulator's endpoints: the client WebSocket endpoint, the data-plane REST API and health, for Web PubSub
/// and for the SignalR Service mode.
/// </summary>
public static class EmulatorEndpointRouteBuilderExtensions
{
    /// <summary>Maps every endpoint of the emulator at the paths the service uses.</summary>
    public static IEndpointRouteBuilder MapWebPubSubEmulator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapClientEndpoint();
        endpoints.MapDataPlane();
        endpoints.MapSignalRMode();

        // Both services put clients on /client with ?hub=; a SignalR transport request also carries its negotiated id.
        endpoints.MapGet("/client", (HttpContext context, ClientConnectionHandler webPubSub, SignalRConnectionHandler signalR) =>
            SignalRConnectionHandler.IsSignalRRequest(context.Request)
                ? signalR.HandleAsync(context)
                : webPubSub.HandleAsync(context, context.Request.Query["hub"].ToString()));
        endpoints.MapMethods("/api/health", ["GET", "HEAD"], () => Results.Ok());
        return endpoints;
    }
}
