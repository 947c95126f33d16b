namespace Notifier.Core.Envelopes;

/// <summary>The <c>type</c> values of the envelopes Notifier pushes to clients.</summary>
public static class EnvelopeTypes
{
    /// <summary>A notification for this user.</summary>
    public const string Notification = "notification";

    /// <summary>Another device of this user read these notifications.</summary>
    public const string Read = "read";

    /// <summary>A recipient read a notification this user sent.</summary>
    public const string Receipt = "receipt";

    /// <summary>Something the client sent was refused.</summary>
    public const string Error = "error";
}
