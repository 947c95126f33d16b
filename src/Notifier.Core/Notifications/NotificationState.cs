namespace Notifier.Core.Notifications;

/// <summary>How far a notification got. Each step is written after the work it names is done.</summary>
public enum NotificationState
{
    /// <summary>The record exists; inbox writes may be under way or interrupted (a retry with the same id completes them).</summary>
    Accepted,

    /// <summary>Every recipient's inbox or shared stream holds it.</summary>
    Stored,

    /// <summary>Stored, and the push to connected clients was sent.</summary>
    Pushed,

    /// <summary>It had expired before it could be stored; nobody receives it.</summary>
    Expired,
}
