namespace Notifier.Functions.Inbox;

/// <summary>The answer to <c>POST /api/inbox/read</c>.</summary>
/// <param name="Marked">The ids this request marked read (not those read before).</param>
internal sealed record MarkReadResponse(IReadOnlyList<string> Marked);
