namespace Notifier.Core.Notifications;

/// <summary>The limits a publish request is validated against.</summary>
public sealed class NotificationLimits
{
    /// <summary>Gets or sets the most notifications in one batch.</summary>
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Gets or sets the most users plus groups one notification may name.</summary>
    public int MaxRecipients { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the most recipients (users, groups and <c>all</c>, summed over a batch's notifications) one request may
    /// name. Each is a storage append, so this bounds how long one request or queue message can run: measured against
    /// Azurite, 1,000 recipients take about 3.4 s, well inside the Functions timeout. Never less than
    /// <see cref="MaxRecipients"/>, so any valid single notification fits.
    /// </summary>
    public int MaxRecipientsPerRequest { get; set; } = 2000;

    /// <summary>
    /// Gets or sets the most bytes of content (type, title, body, url and data as compact JSON). 64,000 leaves room for
    /// the id, timestamps and sender inside a table's 64 KiB binary property.
    /// </summary>
    public int MaxContentBytes { get; set; } = 64_000;

    /// <summary>
    /// Gets or sets the most storage calls the publish pipeline of one instance has open at once, shared fairly between
    /// publishers (<see cref="Storage.StorageCallLimiter"/>).
    /// </summary>
    public int StorageConcurrency { get; set; } = 32;

    /// <summary>Gets or sets the lifetime when the request names none.</summary>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the longest lifetime a request may ask for.</summary>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromDays(30);
}
