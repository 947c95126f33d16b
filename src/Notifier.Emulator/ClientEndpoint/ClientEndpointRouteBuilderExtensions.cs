namespace Notifier.Emulator.ClientEndpoint;

/// <summary>Maps the client WebSocket endpoint at the service's paths.</summary>
internal static class ClientEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapClientEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/client/hubs/{hub}", (HttpContext context, string hub, ClientConnectionHandler handler) => handler.HandleAsync(context, hub));
        endpoints.MapGet("/client", (HttpContext context, ClientConnectionHandler handler) => handler.HandleAsync(context, context.Request.Query["hub"].ToString()));
        return endpoints;
    }
}
