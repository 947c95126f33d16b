namespace Notifier.Functions.Telemetry;

/// <summary>Values of <c>notifier.outcome</c>.</summary>
internal static class Outcomes
{
    /// <summary>A new notification, stored for every recipient.</summary>
    public const string Accepted = "accepted";

    /// <summary>A repeat of a published id with the same content; nothing new stored.</summary>
    public const string Replayed = "replayed";

    /// <summary>The id was used before for other content; nothing stored.</summary>
    public const string Conflicted = "conflicted";

    /// <summary>Accepted and in every inbox, but left in state <c>stored</c>: the push failed, clients catch up.</summary>
    public const string Stored = "stored";

    /// <summary>Sent to the recipients' connections through the transport (Web PubSub or SignalR Service).</summary>
    public const string Pushed = "pushed";

    /// <summary>The transport's REST call failed (the notification is stored either way).</summary>
    public const string PushFailed = "push_failed";

    /// <summary>
    /// Its lifetime ran out: before it arrived (nothing stored or sent; counted with the publish's source), or after
    /// it was stored, when the clean-up deleted its record (counted with source <c>cleanup</c>).
    /// </summary>
    public const string Expired = "expired";

    /// <summary>Storage or Web PubSub was unavailable: nothing answered as stored (publish duration only).</summary>
    public const string Unavailable = "unavailable";
}
