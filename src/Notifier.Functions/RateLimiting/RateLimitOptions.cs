using System.ComponentModel.DataAnnotations;

namespace Notifier.Functions.RateLimiting;

/// <summary>Token-bucket rates per publisher and per user (section <c>Notifier:RateLimits</c>), per instance.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "Notifier:RateLimits";

    /// <summary>
    /// Gets or sets the recipients per second one publisher may send to on average: a notification costs one permit per
    /// user, group or <c>all</c> it names, since each is work for storage.
    /// </summary>
    [Range(1, 1_000_000)]
    public int PublisherPerSecond { get; set; } = 1000;

    /// <summary>Gets or sets the burst of recipients a publisher may send to at once; at least a full batch of single-user notifications (100).</summary>
    [Range(100, 1_000_000)]
    public int PublisherBurst { get; set; } = 2000;

    /// <summary>Gets or sets the requests per second one user may make on average (negotiate, inbox).</summary>
    [Range(1, 100_000)]
    public int UserPerSecond { get; set; } = 20;

    /// <summary>Gets or sets the burst of requests one user may make at once.</summary>
    [Range(1, 100_000)]
    public int UserBurst { get; set; } = 60;
}
