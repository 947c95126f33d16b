namespace Notifier.Core.Inbox;

/// <summary>A page request: newest first (optionally older than <see cref="Before"/>), or oldest first after <see cref="After"/>.</summary>
/// <param name="After">Return entries with a greater sequence, oldest first: the catch-up query.</param>
/// <param name="Before">Return entries with a smaller sequence, newest first.</param>
/// <param name="Limit">The most entries to return.</param>
/// <param name="UnreadOnly">Return only unread entries.</param>
/// <param name="Archived">Return archived entries only (<see langword="true"/>) or those in the inbox only (<see langword="false"/>).</param>
public sealed record InboxQuery(long? After, long? Before, int Limit, bool UnreadOnly = false, bool Archived = false);
