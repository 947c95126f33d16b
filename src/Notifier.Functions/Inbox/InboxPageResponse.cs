namespace Notifier.Functions.Inbox;

/// <summary>A page of <c>GET /api/inbox</c>.</summary>
/// <param name="Items">The entries: newest first, or oldest first after a sequence (<c>after=</c>).</param>
/// <param name="Cursor">The sequence to ask from next (<c>before=</c> or <c>after=</c>).</param>
/// <param name="HasMore">Whether another page follows in the same direction.</param>
/// <param name="Latest">The inbox's newest sequence.</param>
internal sealed record InboxPageResponse(IReadOnlyList<InboxItem> Items, long Cursor, bool HasMore, long Latest);
