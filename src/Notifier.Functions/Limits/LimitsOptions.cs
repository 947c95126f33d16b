using System.ComponentModel.DataAnnotations;

namespace Notifier.Functions.Limits;

/// <summary>Limits and lifetimes (section <c>Notifier:Limits</c>).</summary>
internal sealed class LimitsOptions
{
    public const string Section = "Notifier:Limits";

    /// <summary>Gets or sets how many connections one user may hold at once.</summary>
    [Range(1, 1000)]
    public int ConnectionsPerUser { get; set; } = 10;

    /// <summary>Gets or sets how long a negotiated client URL stays valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the lifetime of a notification that names none.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the longest lifetime a notification may ask for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Gets or sets the most recipients one publish request or queue message may name, summed over a batch. It bounds the
    /// storage work one request can ask for, so it ends well inside the function timeout; at least 1,000, the most one
    /// notification may name.
    /// </summary>
    [Range(1000, 100_000)]
    public int MaxRecipientsPerRequest { get; set; } = 2000;

    /// <summary>
    /// Gets or sets the most storage calls the publish pipeline of one instance keeps open at once, shared round robin
    /// between publishers. Fan-outs queue here instead of at the storage service.
    /// </summary>
    [Range(1, 1000)]
    public int StorageConcurrency { get; set; } = 32;

    /// <summary>Gets or sets how many of a shared stream's latest entries a user sees when their inbox first merges it.</summary>
    [Range(0, 10_000)]
    public int InitialBacklog { get; set; } = 100;

    /// <summary>
    /// Gets or sets how long an instance appends to an inbox under the head it last read or wrote there (the user's mutes
    /// and streams). Appends write no head, so a change made through another instance reaches this one's appends within
    /// this time; through the same instance, at once. Shorter costs a head read per user that often.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan InboxHeadLifetime { get; set; } = TimeSpan.FromMinutes(1);
}
