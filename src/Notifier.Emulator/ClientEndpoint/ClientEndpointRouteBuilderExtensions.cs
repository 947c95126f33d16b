namespace Notifier.Emulator.ClientEndpoint;

/// <summary>
/// Maps the client WebSocket endpoint at <c>/client/hubs/{hub}</c>. Its other path, <c>/client?hub=</c>, is shared
/// with the SignalR mode and mapped with the emulator.
/// </summary>
internal static class ClientEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapClientEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/client/hubs/{hub}", (HttpContext context, string hub, ClientConnectionHandler handler) => handler.HandleAsync(context, hub));
        return endpoints;
    }
}
