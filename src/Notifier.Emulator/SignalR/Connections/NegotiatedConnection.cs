namespace Notifier.Emulator.SignalR.Connections;

/// <summary>A negotiate that has not been followed by its WebSocket yet.</summary>
internal sealed record NegotiatedConnection(string ConnectionId, string Hub, string? UserId, DateTimeOffset ExpiresAt);
