using Microsoft.Extensions.Options;
using Notifier.Emulator.Authentication;
using Notifier.Emulator.Connections;
using Notifier.Emulator.Hosting;

namespace Notifier.Emulator.DataPlane;

/// <summary>The data-plane REST API (<c>/api/hubs/{hub}/…</c>), api-version 2024-12-01 and the older GA versions.</summary>
internal static class DataPlaneApi
{
    /// <summary>
    /// Maps the 24 hub operations of api-version 2024-12-01 (health is mapped with the emulator). Action segments keep
    /// their literal colon (<c>/:send</c>), as the SDKs send them unescaped.
    /// </summary>
    public static IEndpointRouteBuilder MapDataPlane(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Notifier.Emulator.DataPlane");
        var handlers = new DataPlaneHandlers(
            services.GetRequiredService<HubRegistry>(),
            services.GetRequiredService<IOptionsMonitor<EmulatorOptions>>(),
            services.GetRequiredService<TimeProvider>(),
            logger);
        var gate = new DataPlaneGate(services.GetRequiredService<AccessTokenValidator>(), logger);

        // The SignalR mode serves the same paths: tagged, so that the signing key picks the service (SharedRouteSelector).
        var hub = endpoints.MapGroup("/api/hubs/{hub}").AddEndpointFilter(gate).WithMetadata(SharedRouteOwner.WebPubSub);
        string[] head = [HttpMethods.Head];

        hub.MapPost("/:send", handlers.SendToAllAsync);
        hub.MapPost("/:closeConnections", handlers.CloseAllConnections);
        hub.MapPost("/:addToGroups", handlers.AddConnectionsToGroupsAsync);
        hub.MapPost("/:removeFromGroups", handlers.RemoveConnectionsFromGroupsAsync);
        hub.MapPost("/:generateToken", handlers.GenerateToken);

        hub.MapMethods("/connections/{connectionId}", head, handlers.ConnectionExists);
        hub.MapDelete("/connections/{connectionId}", handlers.CloseConnection);
        hub.MapPost("/connections/{connectionId}/:send", handlers.SendToConnectionAsync);
        hub.MapDelete("/connections/{connectionId}/groups", handlers.RemoveConnectionFromAllGroups);

        hub.MapMethods("/groups/{group}", head, handlers.GroupExists);
        hub.MapPost("/groups/{group}/:send", handlers.SendToGroupAsync);
        hub.MapPost("/groups/{group}/:closeConnections", handlers.CloseGroupConnections);
        hub.MapGet("/groups/{group}/connections", handlers.ListGroupConnections);
        hub.MapPut("/groups/{group}/connections/{connectionId}", handlers.AddConnectionToGroup);
        hub.MapDelete("/groups/{group}/connections/{connectionId}", handlers.RemoveConnectionFromGroup);

        hub.MapMethods("/users/{userId}", head, handlers.UserExists);
        hub.MapPost("/users/{userId}/:send", handlers.SendToUserAsync);
        hub.MapPost("/users/{userId}/:closeConnections", handlers.CloseUserConnections);
        hub.MapPut("/users/{userId}/groups/{group}", handlers.AddUserToGroup);
        hub.MapDelete("/users/{userId}/groups/{group}", handlers.RemoveUserFromGroup);
        hub.MapDelete("/users/{userId}/groups", handlers.RemoveUserFromAllGroups);

        hub.MapPut("/permissions/{permission}/connections/{connectionId}", handlers.GrantPermission);
        hub.MapDelete("/permissions/{permission}/connections/{connectionId}", handlers.RevokePermission);
        hub.MapMethods("/permissions/{permission}/connections/{connectionId}", head, handlers.CheckPermission);
        return endpoints;
    }
}
