namespace Notifier.Core.Inbox;

/// <summary>A page of a user's inbox.</summary>
/// <param name="Items">The entries, in the order the query asked for; expired ones are left out.</param>
/// <param name="Cursor">The sequence to pass as <c>after</c> (catch-up) or <c>before</c> (newest first) for the next page; for catch-up it covers expired entries skipped on this page.</param>
/// <param name="HasMore">Whether more entries lie beyond the cursor.</param>
/// <param name="Latest">The inbox's latest sequence when the page was read.</param>
public sealed record InboxPage(IReadOnlyList<InboxEntry> Items, long Cursor, bool HasMore, long Latest);
