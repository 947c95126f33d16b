namespace Notifier.Functions.Storage;

/// <summary>How inboxes merge shared streams.</summary>
internal sealed class InboxOptions
{
    /// <summary>
    /// Gets or sets how many of a stream's latest entries a user sees the first time their inbox merges that stream
    /// (a new user, or a group they were just given). Later merges take every entry, so nothing is skipped after that.
    /// </summary>
    public int InitialBacklog { get; set; } = 100;
}
