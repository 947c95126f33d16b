using Notifier.Emulator.SignalR.Authentication;

namespace Notifier.Emulator.SignalR.DataPlane;

/// <summary>
/// Maps the REST API of the SignalR mode at the service's stable <c>/api/v1</c> routes. (The <c>api-version</c> routes
/// under <c>/api/hubs</c> are the Web PubSub emulator's; both services use that prefix.)
/// </summary>
internal static class SignalRRestApi
{
    public static IEndpointRouteBuilder MapSignalRRestApi(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var handlers = services.GetRequiredService<SignalRRestHandlers>();
        var gate = new SignalRRestGate(
            services.GetRequiredService<SignalRTokenValidator>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Notifier.Emulator.SignalR.DataPlane"));
        string[] probe = [HttpMethods.Get, HttpMethods.Head];

        endpoints.MapMethods("/api/v1/health", probe, () => Results.Ok());

        var hub = endpoints.MapGroup("/api/v1/hubs/{hub}").AddEndpointFilter(gate);
        hub.MapPost(string.Empty, handlers.SendToAllAsync);

        hub.MapPost("/users/{userId}", handlers.SendToUserAsync);
        hub.MapMethods("/users/{userId}", probe, handlers.UserExists);
        hub.MapDelete("/users/{userId}/groups", handlers.RemoveUserFromAllGroups);
        hub.MapMethods("/users/{userId}/groups/{group}", probe, (string hub, string userId, string group) => handlers.UserInGroup(hub, group, userId));
        hub.MapPut("/users/{userId}/groups/{group}", (string hub, string userId, string group, string? ttl) => handlers.AddUserToGroup(hub, group, userId, ttl));
        hub.MapDelete("/users/{userId}/groups/{group}", (string hub, string userId, string group) => handlers.RemoveUserFromGroup(hub, group, userId));

        hub.MapPost("/connections/{connectionId}", handlers.SendToConnectionAsync);
        hub.MapMethods("/connections/{connectionId}", probe, handlers.ConnectionExists);
        hub.MapDelete("/connections/{connectionId}", handlers.CloseConnection);
        hub.MapPut("/connections/{connectionId}/groups/{group}", (string hub, string connectionId, string group) => handlers.AddConnectionToGroup(hub, group, connectionId));
        hub.MapDelete("/connections/{connectionId}/groups/{group}", (string hub, string connectionId, string group) => handlers.RemoveConnectionFromGroup(hub, group, connectionId));

        hub.MapPost("/groups/{group}", handlers.SendToGroupAsync);
        hub.MapMethods("/groups/{group}", probe, handlers.GroupExists);
        hub.MapPut("/groups/{group}/connections/{connectionId}", handlers.AddConnectionToGroup);
        hub.MapDelete("/groups/{group}/connections/{connectionId}", handlers.RemoveConnectionFromGroup);
        hub.MapMethods("/groups/{group}/users/{userId}", probe, handlers.UserInGroup);
        hub.MapPut("/groups/{group}/users/{userId}", handlers.AddUserToGroup);
        hub.MapDelete("/groups/{group}/users/{userId}", handlers.RemoveUserFromGroup);
        return endpoints;
    }
}
