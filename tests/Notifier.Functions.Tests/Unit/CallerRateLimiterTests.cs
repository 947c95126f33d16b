using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Notifier.Functions.Identity;
using Notifier.Functions.RateLimiting;

namespace Notifier.Functions.Tests.Unit;

/// <summary>The buckets behind the rate-limiting middleware, and a publish's permits per recipient from the same ones.</summary>
public class CallerRateLimiterTests
{
    private static CallerRateLimiter Limiter(int publisherBurst = 100, int userBurst = 3) => new(Options.Create(new RateLimitOptions
    {
        PublisherPerSecond = 1,
        PublisherBurst = publisherBurst,
        UserPerSecond = 1,
        UserBurst = userBurst,
    }));

    private static DefaultHttpContext Request(string policy, Claim claim, string nameType)
    {
        var context = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([claim], "test", nameType, roleType: null)),
        };
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new AuthorizeAttribute(policy)), policy));
        return context;
    }

    private static DefaultHttpContext Publisher(string name) => Request(NotifierPolicies.Publisher, new Claim(Caller.PublisherClaim, name), Caller.PublisherClaim);

    private static DefaultHttpContext User(string id) => Request(NotifierPolicies.User, new Claim("sub", id), "sub");

    [Fact]
    public void A_publish_larger_than_the_bucket_takes_all_of_it_and_the_next_waits()
    {
        using var limiter = Limiter();

        Assert.True(limiter.TryAcquireRecipients(Publisher("billing"), 5000).Allowed);
        var (allowed, retryAfter) = limiter.TryAcquireRecipients(Publisher("billing"), 50);

        Assert.False(allowed);
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Requests_and_recipients_share_the_publishers_bucket_but_not_another_publishers()
    {
        using var limiter = Limiter();

        using (var lease = limiter.AttemptAcquire(Publisher("billing")))
        {
            Assert.True(lease.IsAcquired);
        }

        Assert.False(limiter.TryAcquireRecipients(Publisher("billing"), 100).Allowed);
        Assert.True(limiter.TryAcquireRecipients(Publisher("billing"), 99).Allowed);
        Assert.True(limiter.TryAcquireRecipients(Publisher("shop"), 100).Allowed);
    }

    [Fact]
    public void Each_user_has_a_bucket_of_their_own()
    {
        using var limiter = Limiter();
        var granted = Enumerable.Range(0, 4).Select(_ =>
        {
            using var lease = limiter.AttemptAcquire(User("alice"));
            return lease.IsAcquired;
        }).ToList();

        Assert.Equal([true, true, true, false], granted);
        using var other = limiter.AttemptAcquire(User("bob"));
        Assert.True(other.IsAcquired);
    }

    [Fact]
    public void Routes_outside_the_caller_groups_are_not_limited()
    {
        using var limiter = Limiter();
        var context = new DefaultHttpContext();

        for (var i = 0; i < 1000; i++)
        {
            using var lease = limiter.AttemptAcquire(context);
            Assert.True(lease.IsAcquired);
        }
    }
}
