using Notifier.Core.Notifications;

namespace Notifier.Core.Publishing;

/// <summary>An accepted single-user notification on its way to the inbox and the user's connections.</summary>
internal sealed class DeliveryItem
{
    public DeliveryItem(NotificationRecord record, long startedAt, bool reportsCompletion)
    {
        Record = record;
        StartedAt = startedAt;

        // The publish's trace and telemetry context: the push runs in it, long after the request has been answered.
        Context = ExecutionContext.Capture();
        Completion = reportsCompletion ? new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously) : null;
    }

    public NotificationRecord Record { get; }

    public long StartedAt { get; }

    public ExecutionContext? Context { get; }

    /// <summary>Gets what a recovery run waits on: <see langword="true"/> once delivered, <see langword="false"/> when left pending.</summary>
    public TaskCompletionSource<bool>? Completion { get; }
}
