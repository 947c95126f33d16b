using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Notifier.Functions.Identity;

namespace Notifier.Functions.RateLimiting;

/// <summary>
/// The token buckets, one per publisher and one per user, partitioned by the caller of the route group's policy. The
/// rate-limiting middleware takes one permit per request from it (it is the middleware's global limiter); a publish
/// takes its permits, one per recipient, from the same buckets through <see cref="TryAcquireRecipients"/>.
/// </summary>
internal sealed class CallerRateLimiter : IDisposable
{
    private readonly int _publisherBucket;

    public CallerRateLimiter(IOptions<RateLimitOptions> options)
    {
        var value = options.Value;
        _publisherBucket = BucketSize(value.PublisherPerSecond, value.PublisherBurst);
        var publishers = Bucket(value.PublisherPerSecond, value.PublisherBurst);
        var users = Bucket(value.UserPerSecond, value.UserBurst);
        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            // Routes are partitioned by the policy their group requires, so a route outside both groups is never limited.
            var policy = context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>()?.Policy;
            return policy switch
            {
                NotifierPolicies.User when Caller.UserId(context) is { } user => RateLimitPartition.GetTokenBucketLimiter("user:" + user, _ => users),
                NotifierPolicies.Publisher when Caller.PublisherNameOrNull(context) is { } publisher => RateLimitPartition.GetTokenBucketLimiter("publisher:" + publisher, _ => publishers),
                _ => RateLimitPartition.GetNoLimiter(string.Empty),
            };
        });
    }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>
    /// Takes one permit per recipient from the publisher's bucket. A request larger than the whole bucket takes all of
    /// it, so it waits for a full bucket instead of being refused forever.
    /// </summary>
    /// <returns>Whether it was allowed, and when to retry if not.</returns>
    public (bool Allowed, TimeSpan RetryAfter) TryAcquireRecipients(HttpContext context, int recipients)
    {
        using var lease = Limiter.AttemptAcquire(context, Math.Clamp(recipients, 1, _publisherBucket));
        return lease.IsAcquired ? (true, TimeSpan.Zero) : (false, RetryAfter(lease));
    }

    /// <summary>When a refused caller may try again; a second when the bucket does not say.</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);

    public void Dispose() => Limiter.Dispose();

    private static int BucketSize(int perSecond, int burst) => Math.Max(burst, perSecond);

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = BucketSize(perSecond, burst),
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
