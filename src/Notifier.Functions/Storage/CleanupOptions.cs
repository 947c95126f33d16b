using System.ComponentModel.DataAnnotations;

namespace Notifier.Functions.Storage;

/// <summary><c>Notifier:Cleanup</c>: how the clean-up timer (<c>Functions/cleanup</c>) bounds its work.</summary>
internal sealed class CleanupOptions
{
    public const string Section = "Notifier:Cleanup";

    /// <summary>
    /// Gets or sets how long a notification's record outlives the notification, so a publisher's late retry with the
    /// same id is still answered as a duplicate (and its status still found) instead of being delivered again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan RecordRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Gets or sets the most partitions (inboxes, streams, records) of each table one run cleans; the next run goes on.</summary>
    [Range(1, 10_000)]
    public int MaxPartitionsPerRun { get; set; } = 200;
}
