namespace Notifier.Functions.Presence;

/// <summary>The answer to <c>GET /api/presence/{userId}</c>.</summary>
/// <param name="UserId">The user asked about.</param>
/// <param name="Online">Whether Web PubSub holds a connection of the user now.</param>
internal sealed record PresenceResponse(string UserId, bool Online);
