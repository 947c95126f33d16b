namespace Notifier.Functions.Transport;

/// <summary>Where a client connects and with what.</summary>
/// <param name="Url">The client URL (Web PubSub: with the token in its query; SignalR: the hub's client endpoint).</param>
/// <param name="AccessToken">The token a SignalR client sends with it; null for Web PubSub, whose URL carries it.</param>
/// <param name="ExpiresAt">When the token expires.</param>
internal sealed record IssuedAccess(Uri Url, string? AccessToken, DateTimeOffset ExpiresAt);
