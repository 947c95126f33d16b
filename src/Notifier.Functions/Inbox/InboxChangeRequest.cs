namespace Notifier.Functions.Inbox;

/// <summary>
/// The body of <c>POST /api/inbox/unread</c>, <c>/archive</c>, <c>/unarchive</c> and <c>/delete</c>: <c>ids</c> (1 to
/// 100), or <c>all: true</c> alone, as for <c>/read</c>. Read by <see cref="IdsRequest"/>; this record is its shape for
/// the OpenAPI document.
/// </summary>
/// <param name="Ids">The notification ids to change; ids not in the inbox are ignored.</param>
/// <param name="All"><c>true</c> to change every entry the change applies to.</param>
internal sealed record InboxChangeRequest(IReadOnlyList<string>? Ids, bool? All);
