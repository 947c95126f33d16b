namespace Notifier.Core.Inbox;

/// <summary>What a user does to entries of their inbox.</summary>
public enum InboxChange
{
    /// <summary>Marks them read; an entry read before keeps its first read time.</summary>
    Read,

    /// <summary>Marks them unread again.</summary>
    Unread,

    /// <summary>Moves them out of the inbox into the archive; they stop counting as unread.</summary>
    Archive,

    /// <summary>Moves them back into the inbox.</summary>
    Unarchive,

    /// <summary>Deletes them for this user; other recipients keep theirs.</summary>
    Delete,
}
