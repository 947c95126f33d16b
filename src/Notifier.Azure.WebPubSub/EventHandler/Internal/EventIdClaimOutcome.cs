namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>What <see cref="EventIdCache.Claim"/> found for an event id.</summary>
internal enum EventIdClaimOutcome
{
    /// <summary>The id is new: this request runs the handler and must complete the entry.</summary>
    First,

    /// <summary>The same event was delivered before: wait for its answer and send that.</summary>
    Repeat,

    /// <summary>The id was used for a different event: refuse.</summary>
    Conflict,
}
