namespace Notifier.Functions.Storage;

/// <summary>How inboxes merge shared streams, and how long they keep the record of a bound id.</summary>
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
}
