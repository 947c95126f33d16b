namespace Notifier.Emulator.Tests.SignalR.Infrastructure;

/// <summary>One upstream call the test app received, verified by the library (its signature included).</summary>
public sealed record UpstreamEvent(string Event, string ConnectionId, string? UserId, string? Argument, string? Error, IReadOnlyList<KeyValuePair<string, string>> Claims, string ClientQuery);
