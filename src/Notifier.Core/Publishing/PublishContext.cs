namespace Notifier.Core.Publishing;

/// <summary>Where a publish request came from.</summary>
/// <param name="Publisher">The publisher's name (API key name, app id, or the queue).</param>
/// <param name="FallbackId">The id its source derives (<see cref="NotificationIds.FromMessage"/>), used when the request has none, so that a redelivered queue message is recognised.</param>
/// <param name="AcceptedAt">When the notification was handed over, if earlier than now (a queue message's enqueue time); lifetimes count from it.</param>
/// <param name="FallbackIsNew">Whether <paramref name="FallbackId"/> was made for this request (<see cref="NotificationIds.Choose"/>, before storing, so that a 503 can name it) rather than derived from a source that may deliver the request again. Only its publisher can send it again, and only as its own id.</param>
public sealed record PublishContext(string Publisher, string? FallbackId = null, DateTimeOffset? AcceptedAt = null, bool FallbackIsNew = false);
