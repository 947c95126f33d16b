namespace Notifier.Core.Publishing;

/// <summary>The answer to a publish request.</summary>
/// <param name="Id">The notification id.</param>
/// <param name="Status">What happened.</param>
/// <param name="CreatedAt">When it was first accepted (for a conflict: when the id's first use was).</param>
/// <param name="ExpiresAt">When it stops being delivered or listed.</param>
/// <param name="Pushed">Whether connected clients were sent it (inboxes have it either way).</param>
/// <param name="BoundTo">For a conflict because the id is bound to another recipient: the user it is bound to.</param>
public sealed record PublishResult(string Id, PublishStatus Status, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, bool Pushed, string? BoundTo = null)
{
    /// <summary>Gets what a conflict means, in the words every source (HTTP, queues) reports it with.</summary>
    public string ConflictMessage => BoundTo is { } user
        ? $"The id '{Id}' names the user '{user}' and can only be published to that user alone."
        : $"The id '{Id}' was already used for a different notification.";
}
