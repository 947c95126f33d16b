namespace Notifier.Core.Notifications;

/// <summary>The limits a publish request is validated against.</summary>
public sealed class NotificationLimits
{
    /// <summary>Gets or sets the most notifications in one batch.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Gets or sets the most users plus groups one notification may name.</summary>
    public int MaxRecipients { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the most bytes of content (type, title, body, url and data as compact JSON). 64,000 leaves room for
    /// the id, timestamps and sender inside a table's 64 KiB binary property.
    /// </summary>
    public int MaxContentBytes { get; set; } = 64_000;

    /// <summary>Gets or sets the lifetime when the request names none.</summary>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the longest lifetime a request may ask for.</summary>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromDays(30);
}
