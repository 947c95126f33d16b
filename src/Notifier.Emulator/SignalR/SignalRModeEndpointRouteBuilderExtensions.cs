using Notifier.Emulator.SignalR.ClientEndpoint;
using Notifier.Emulator.SignalR.DataPlane;

namespace Notifier.Emulator.SignalR;

/// <summary>
/// Maps the SignalR mode at the service's paths: <c>POST /client/negotiate?hub=</c> and the REST API under
/// <c>/api/v1</c> and, with <c>api-version</c>, under <c>/api/hubs</c> (shared with Web PubSub). Its WebSocket, <c>GET /client/?hub=&amp;id=</c>, shares <c>/client</c> with Web PubSub clients and
/// is mapped with them.
/// </summary>
internal static class SignalRModeEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapSignalRMode(this IEndpointRouteBuilder endpoints)
    {
        var negotiate = endpoints.ServiceProvider.GetRequiredService<NegotiateHandler>();
        endpoints.MapPost("/client/negotiate", negotiate.NegotiateAsync);
        endpoints.MapMethods("/client/negotiate", [HttpMethods.Options], NegotiateHandler.Preflight);
        endpoints.MapSignalRRestApi();
        return endpoints;
    }
}
