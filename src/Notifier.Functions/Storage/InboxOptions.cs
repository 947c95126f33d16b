namespace Notifier.Functions.Storage;

/// <summary>How inboxes merge shared streams, how long they keep the record of a bound id, and how long an instance appends under a head it read.</summary>
internal sealed class InboxOptions
{
    /// <summary>
    /// Gets or sets how many of a stream's latest entries a user sees the first time their inbox merges that stream
    /// (a new user, or a group they were just given). Later merges take every entry, so nothing is skipped after that.
    /// </summary>
    public int InitialBacklog { get; set; } = 100;

    /// <summary>
    /// Gets or sets how long after its notification expires a bound id's index row (its record) is kept, so that a late
    /// retry under the id is still recognised: the clean-up's retention for notification records.
    /// </summary>
    public TimeSpan RecordRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets how long an instance appends to an inbox under the head it last read or wrote there: the user's
    /// mutes and streams as of then. Appends write no head, so a change made through another instance reaches this
    /// one's appends when its copy is this old; a change made through this instance reaches them at once
    /// (<c>Notifier:Limits:InboxHeadLifetime</c>).
    /// </summary>
    public TimeSpan HeadLifetime { get; set; } = TimeSpan.FromMinutes(1);
}
