using Notifier.Emulator.DataPlane;
using Notifier.Emulator.SignalR.Authentication;

namespace Notifier.Emulator.SignalR.DataPlane;

/// <summary>
/// Maps the REST API of the SignalR mode twice, as the service serves it: the stable <c>/api/v1/hubs/{hub}</c> routes,
/// and the <c>/api/hubs/{hub}</c> routes with a required <c>api-version</c>, which Web PubSub's routes share here
/// (<see cref="SharedRouteSelector"/> tells them apart by the signing key). The two families differ in a few success
/// codes, passed to the handlers here.
/// </summary>
internal static class SignalRRestApi
{
    public static IEndpointRouteBuilder MapSignalRRestApi(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var handlers = services.GetRequiredService<SignalRRestHandlers>();
        var tokens = services.GetRequiredService<SignalRTokenValidator>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Notifier.Emulator.SignalR.DataPlane");

        endpoints.MapMethods("/api/v1/health", [HttpMethods.Get, HttpMethods.Head], () => Results.Ok());
        MapV1(endpoints.MapGroup("/api/v1/hubs/{hub}").AddEndpointFilter(new SignalRRestGate(tokens, logger, requiresApiVersion: false)), handlers);
        MapApiVersion(
            endpoints.MapGroup("/api/hubs/{hub}").AddEndpointFilter(new SignalRRestGate(tokens, logger, requiresApiVersion: true)).WithMetadata(SharedRouteOwner.SignalR),
            handlers);
        return endpoints;
    }

    private static void MapV1(RouteGroupBuilder hub, SignalRRestHandlers handlers)
    {
        string[] probe = [HttpMethods.Get, HttpMethods.Head];
        hub.MapPost(string.Empty, handlers.SendToAllAsync);

        hub.MapPost("/users/{userId}", handlers.SendToUserAsync);
        hub.MapMethods("/users/{userId}", probe, handlers.UserExists);
        hub.MapDelete("/users/{userId}/groups", (string hub, string userId) => handlers.RemoveUserFromAllGroups(hub, userId, StatusCodes.Status202Accepted));
        hub.MapMethods("/users/{userId}/groups/{group}", probe, (string hub, string userId, string group) => handlers.UserInGroup(hub, group, userId));
        hub.MapPut("/users/{userId}/groups/{group}", (string hub, string userId, string group, string? ttl) => handlers.AddUserToGroup(hub, group, userId, ttl, StatusCodes.Status202Accepted));
        hub.MapDelete("/users/{userId}/groups/{group}", (string hub, string userId, string group) => handlers.RemoveUserFromGroup(hub, group, userId, StatusCodes.Status202Accepted));

        hub.MapPost("/connections/{connectionId}", handlers.SendToConnectionAsync);
        hub.MapMethods("/connections/{connectionId}", probe, handlers.ConnectionExists);
        hub.MapDelete("/connections/{connectionId}", (string hub, string connectionId, string? reason) => handlers.CloseConnection(hub, connectionId, reason, StatusCodes.Status202Accepted));
        hub.MapPut("/connections/{connectionId}/groups/{group}", (string hub, string connectionId, string group) => handlers.AddConnectionToGroup(hub, group, connectionId));
        hub.MapDelete("/connections/{connectionId}/groups/{group}", (string hub, string connectionId, string group) => handlers.RemoveConnectionFromGroup(hub, group, connectionId));

        hub.MapPost("/groups/{group}", handlers.SendToGroupAsync);
        hub.MapMethods("/groups/{group}", probe, handlers.GroupExists);
        hub.MapPut("/groups/{group}/connections/{connectionId}", handlers.AddConnectionToGroup);
        hub.MapDelete("/groups/{group}/connections/{connectionId}", handlers.RemoveConnectionFromGroup);
        hub.MapMethods("/groups/{group}/users/{userId}", probe, handlers.UserInGroup);
        hub.MapPut("/groups/{group}/users/{userId}", (string hub, string group, string userId, string? ttl) => handlers.AddUserToGroup(hub, group, userId, ttl, StatusCodes.Status202Accepted));
        hub.MapDelete("/groups/{group}/users/{userId}", (string hub, string group, string userId) => handlers.RemoveUserFromGroup(hub, group, userId, StatusCodes.Status202Accepted));
    }

    /// <summary>The operations of api-version 2024-12-01 that Microsoft's Management SDK and our client use, plus the alternate membership routes the official emulator also serves.</summary>
    private static void MapApiVersion(RouteGroupBuilder hub, SignalRRestHandlers handlers)
    {
        string[] head = [HttpMethods.Head];
        hub.MapPost("/:send", handlers.SendToAllAsync);
        hub.MapPost("/:generateToken", handlers.GenerateToken);

        hub.MapPost("/users/{userId}/:send", handlers.SendToUserAsync);
        hub.MapMethods("/users/{userId}", head, handlers.UserExists);
        hub.MapDelete("/users/{userId}/groups", (string hub, string userId) => handlers.RemoveUserFromAllGroups(hub, userId, StatusCodes.Status204NoContent));
        hub.MapMethods("/users/{userId}/groups/{group}", head, (string hub, string userId, string group) => handlers.UserInGroup(hub, group, userId));
        hub.MapPut("/users/{userId}/groups/{group}", (string hub, string userId, string group, string? ttl) => handlers.AddUserToGroup(hub, group, userId, ttl, StatusCodes.Status200OK));
        hub.MapDelete("/users/{userId}/groups/{group}", (string hub, string userId, string group) => handlers.RemoveUserFromGroup(hub, group, userId, StatusCodes.Status204NoContent));

        hub.MapPost("/connections/{connectionId}/:send", handlers.SendToConnectionAsync);
        hub.MapMethods("/connections/{connectionId}", head, handlers.ConnectionExists);
        hub.MapDelete("/connections/{connectionId}", (string hub, string connectionId, string? reason) => handlers.CloseConnection(hub, connectionId, reason, StatusCodes.Status200OK));
        hub.MapDelete("/connections/{connectionId}/groups", handlers.RemoveConnectionFromAllGroups);
        hub.MapPut("/connections/{connectionId}/groups/{group}", (string hub, string connectionId, string group) => handlers.AddConnectionToGroup(hub, group, connectionId));
        hub.MapDelete("/connections/{connectionId}/groups/{group}", (string hub, string connectionId, string group) => handlers.RemoveConnectionFromGroup(hub, group, connectionId));

        hub.MapPost("/groups/{group}/:send", handlers.SendToGroupAsync);
        hub.MapMethods("/groups/{group}", head, handlers.GroupExists);
        hub.MapPut("/groups/{group}/connections/{connectionId}", handlers.AddConnectionToGroup);
        hub.MapDelete("/groups/{group}/connections/{connectionId}", handlers.RemoveConnectionFromGroup);
        hub.MapMethods("/groups/{group}/users/{userId}", head, handlers.UserInGroup);
        hub.MapPut("/groups/{group}/users/{userId}", (string hub, string group, string userId, string? ttl) => handlers.AddUserToGroup(hub, group, userId, ttl, StatusCodes.Status200OK));
        hub.MapDelete("/groups/{group}/users/{userId}", (string hub, string group, string userId) => handlers.RemoveUserFromGroup(hub, group, userId, StatusCodes.Status204NoContent));
    }
}
