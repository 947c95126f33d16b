namespace Notifier.Core.Inbox;

/// <summary>Where a notification landed in a user's inbox.</summary>
/// <param name="Sequence">Its sequence in the inbox.</param>
/// <param name="Muted">Whether the user's preferences muted it, so it must not be pushed live.</param>
/// <param name="Existed">Whether an earlier append had stored it already (this one changed nothing).</param>
/// <param name="Fingerprint">The stored entry's <see cref="InboxEntry.Fingerprint"/> (the first append's, when <paramref name="Existed"/>).</param>
public sealed record InboxAppend(long Sequence, bool Muted, bool Existed = false, string? Fingerprint = null);
