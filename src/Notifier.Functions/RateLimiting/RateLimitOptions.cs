using System.ComponentModel.DataAnnotations;

namespace Notifier.Functions.RateLimiting;

/// <summary>Token-bucket rates per publisher and per user (section <c>Notifier:RateLimits</c>), per instance.</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "Notifier:RateLimits";

    /// <summary>Gets or sets the notifications per second one publisher may send on average.</summary>
    [Range(1, 1_000_000)]
    public int PublisherPerSecond { get; set; } = 1000;

    /// <summary>Gets or sets the burst a publisher may send at once; at least a full batch (100).</summary>
    [Range(100, 1_000_000)]
    public int PublisherBurst { get; set; } = 2000;

    /// <summary>Gets or sets the requests per second one user may make on average (negotiate, inbox).</summary>
    [Range(1, 100_000)]
    public int UserPerSecond { get; set; } = 20;

    /// <summary>Gets or sets the burst of requests one user may make at once.</summary>
    [Range(1, 100_000)]
    public int UserBurst { get; set; } = 60;
}
