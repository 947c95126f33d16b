namespace Notifier.Functions.Inbox;

/// <summary>The answer to <c>GET /api/inbox/unread-count</c>.</summary>
/// <param name="Unread">Unread, unexpired entries.</param>
internal sealed record UnreadCountResponse(int Unread);
