namespace Notifier.Core.Envelopes;

/// <summary>The <c>type</c> values of the envelopes Notifier pushes to clients.</summary>
public static class EnvelopeTypes
{
    /// <summary>A notification for this user.</summary>
    public const string Notification = "notification";

    /// <summary>Another device of this user read these notifications.</summary>
    public const string Read = "read";

    /// <summary>Another device of this user marked these notifications unread.</summary>
    public const string Unread = "unread";

    /// <summary>Another device of this user archived these notifications.</summary>
    public const string Archived = "archived";

    /// <summary>Another device of this user moved these notifications back into the inbox.</summary>
    public const string Unarchived = "unarchived";

    /// <summary>Another device of this user deleted these notifications.</summary>
    public const string Deleted = "deleted";

    /// <summary>This user's preferences changed on another device.</summary>
    public const string Preferences = "preferences";

    /// <summary>A recipient read a notification this user sent.</summary>
    public const string Receipt = "receipt";

    /// <summary>Something the client sent was refused.</summary>
    public const string Error = "error";
}
