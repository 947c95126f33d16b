namespace Notifier.Functions.Storage;

/// <summary>What one clean-up run deleted.</summary>
/// <param name="InboxRows">Inbox entries and index rows.</param>
/// <param name="StreamRows">Stream entries and index rows.</param>
/// <param name="Notifications">Notification records (each with its delivery rows).</param>
/// <param name="Finished">Whether the run found nothing more to delete; otherwise the next run goes on.</param>
internal sealed record CleanupReport(int InboxRows, int StreamRows, int Notifications, bool Finished);
