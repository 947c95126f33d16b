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
/// <remarks>
/// The partitioned limiter runs a timer once created. Nothing resolves this type before the first request to a route
/// that names a policy (<c>CallerPipeline</c> builds the rate-limiting middleware then), so it is not created at start.
/// </remarks>
internal sealed class CallerRateLimiter : PartitionedRateLimiter<HttpContext>
{
    /// <summary>The <c>notifier.caller.kind</c> of a publisher's refusal.</summary>
    public const string PublisherKind = "publisher";

    /// <summary>The <c>notifier.caller.kind</c> of a user's refusal.</summary>
    public const string UserKind = "user";

    private readonly int _publisherBucket;
    private readonly PartitionedRateLimiter<HttpContext> _buckets;

    public CallerRateLimiter(IOptions<RateLimitOptions> options)
    {
        var value = options.Value;
        _publisherBucket = BucketSize(value.PublisherPerSecond, value.PublisherBurst);
        _buckets = Create(value);
    }

    /// <summary>
    /// Takes one permit per recipient from the publisher's bucket. A request larger than the whole bucket takes all of
    /// it, so it waits for a full bucket instead of being refused forever.
    /// </summary>
    /// <returns>Whether it was allowed, and when to retry if not.</returns>
    public (bool Allowed, TimeSpan RetryAfter) TryAcquireRecipients(HttpContext context, int recipients)
    {
        using var lease = AttemptAcquire(context, Math.Clamp(recipients, 1, _publisherBucket));
        return lease.IsAcquired ? (true, TimeSpan.Zero) : (false, RetryAfter(lease));
    }

    /// <summary>When a refused caller may try again; a second when the bucket does not say.</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);

    /// <summary>Whose bucket refused <paramref name="context"/>: the kind of caller its route group's policy names.</summary>
    public static string CallerKind(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>()?.Policy == NotifierPolicies.User ? UserKind : PublisherKind;

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => _buckets.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => _buckets.AttemptAcquire(resource, permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        _buckets.AcquireAsync(resource, permitCount, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buckets.Dispose();
        }

        base.Dispose(disposing);
    }

    private static PartitionedRateLimiter<HttpContext> Create(RateLimitOptions options)
    {
        var publishers = Bucket(options.PublisherPerSecond, options.PublisherBurst);
        var users = Bucket(options.UserPerSecond, options.UserBurst);
        return PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            // Partitioned by the policy the route's group requires, so a route outside both groups is never limited.
            var policy = context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>()?.Policy;
            return policy switch
            {
                NotifierPolicies.User when Caller.UserId(context) is { } user => RateLimitPartition.GetTokenBucketLimiter("user:" + user, _ => users),
                NotifierPolicies.Publisher when Caller.PublisherNameOrNull(context) is { } publisher => RateLimitPartition.GetTokenBucketLimiter("publisher:" + publisher, _ => publishers),
                _ => RateLimitPartition.GetNoLimiter(string.Empty),
            };
        });
    }

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
