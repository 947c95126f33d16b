namespace Notifier.Core.Publishing;

/// <summary>Where a publish request came from.</summary>
/// <param name="Publisher">The publisher's name (API key name, app id, or the queue).</param>
/// <param name="FallbackId">The id to use when the request has none; queue triggers pass the message id so that a redelivered message is recognised.</param>
/// <param name="AcceptedAt">When the notification was handed over, if earlier than now (a queue message's enqueue time); lifetimes count from it.</param>
public sealed record PublishContext(string Publisher, string? FallbackId = null, DateTimeOffset? AcceptedAt = null);
