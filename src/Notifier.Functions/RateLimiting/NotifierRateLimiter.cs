using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Notifier.Functions.RateLimiting;

/// <summary>Token buckets partitioned by publisher and by user. Callers answer 429 with the lease's retry-after.</summary>
internal sealed class NotifierRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _publishers;
    private readonly PartitionedRateLimiter<string> _users;
    private readonly int _publisherBucket;

    public NotifierRateLimiter(IOptions<RateLimitOptions> options)
    {
        var value = options.Value;
        _publisherBucket = BucketSize(value.PublisherPerSecond, value.PublisherBurst);
        _publishers = Create(value.PublisherPerSecond, value.PublisherBurst);
        _users = Create(value.UserPerSecond, value.UserBurst);
    }

    /// <summary>
    /// Takes <paramref name="permits"/> (one per recipient) from a publisher's bucket. A request larger than the whole
    /// bucket takes all of it, so it waits for a full bucket instead of being refused forever.
    /// </summary>
    /// <returns>Whether it was allowed, and when to retry if not.</returns>
    public (bool Allowed, TimeSpan RetryAfter) TryPublisher(string publisher, int permits) =>
        TryAcquire(_publishers, publisher, Math.Min(permits, _publisherBucket));

    /// <summary>Takes one permit from a user's bucket.</summary>
    /// <returns>Whether it was allowed, and when to retry if not.</returns>
    public (bool Allowed, TimeSpan RetryAfter) TryUser(string userId) => TryAcquire(_users, userId, 1);

    public void Dispose()
    {
        _publishers.Dispose();
        _users.Dispose();
    }

    private static (bool, TimeSpan) TryAcquire(PartitionedRateLimiter<string> limiter, string key, int permits)
    {
        using var lease = limiter.AttemptAcquire(key, permits);
        if (lease.IsAcquired)
        {
            return (true, TimeSpan.Zero);
        }

        return (false, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1));
    }

    private static int BucketSize(int perSecond, int burst) => Math.Max(burst, perSecond);

    private static PartitionedRateLimiter<string> Create(int perSecond, int burst) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = BucketSize(perSecond, burst),
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
