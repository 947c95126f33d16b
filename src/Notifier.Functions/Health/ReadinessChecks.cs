namespace Notifier.Functions.Health;

/// <summary>The dependencies readiness asks.</summary>
/// <param name="Storage">Table storage.</param>
/// <param name="WebPubSub">Web PubSub.</param>
internal sealed record ReadinessChecks(DependencyCheck Storage, DependencyCheck WebPubSub);
