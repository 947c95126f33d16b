namespace Notifier.Functions.Inbox;

/// <summary>The answer to <c>POST /api/inbox/unread</c>, <c>/archive</c>, <c>/unarchive</c> and <c>/delete</c>.</summary>
/// <param name="Changed">The ids this request changed (not those already in that state, nor ids not in the inbox).</param>
internal sealed record InboxChangeResponse(IReadOnlyList<string> Changed);
