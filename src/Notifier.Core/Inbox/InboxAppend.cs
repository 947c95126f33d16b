namespace Notifier.Core.Inbox;

/// <summary>Where a notification landed in a user's inbox.</summary>
/// <param name="Sequence">Its sequence in the inbox.</param>
/// <param name="Muted">Whether the user's preferences muted it, so it must not be pushed live.</param>
public sealed record InboxAppend(long Sequence, bool Muted);
