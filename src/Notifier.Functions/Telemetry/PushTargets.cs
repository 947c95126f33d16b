namespace Notifier.Functions.Telemetry;

/// <summary>Values of <c>notifier.push.target</c> and <c>notifier.push.kind</c>: what one push addressed, and why it was sent.</summary>
internal static class PushTargets
{
    /// <summary>A publish's notification.</summary>
    public const string NotificationKind = "notification";

    /// <summary>Read state and receipts, to one user's connections.</summary>
    public const string SyncKind = "sync";

    /// <summary>One user's connections: one call.</summary>
    public const string User = "user";

    /// <summary>Every connection: one call.</summary>
    public const string All = "all";

    /// <summary>Any other mix on Web PubSub: one filtered send per filter (usually one).</summary>
    public const string Filter = "filter";

    /// <summary>Any other mix on SignalR Service, which has no filters: one call per user and per group.</summary>
    public const string FanOut = "fanout";
}
