namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>The result of <see cref="EventIdCache.Claim"/>: the outcome and, unless it is a conflict, the entry.</summary>
/// <param name="Outcome">What was found.</param>
/// <param name="Entry">The remembered event; null for <see cref="EventIdClaimOutcome.Conflict"/>.</param>
internal readonly record struct EventIdClaim(EventIdClaimOutcome Outcome, RememberedEvent? Entry);
