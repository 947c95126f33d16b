using Notifier.Functions.Http;
using Notifier.Functions.RateLimiting;

namespace Notifier.Functions.Identity;

/// <summary>The authentication and rate-limit checks every user and publisher route starts with.</summary>
internal static class CallerChecks
{
    public static async Task<(UserIdentity? User, IResult? Refusal)> UserAsync(HttpContext context, UserAuthenticator users, NotifierRateLimiter limiter)
    {
        var result = await users.AuthenticateAsync(context.Request).ConfigureAwait(false);
        if (result.Caller is not { } user)
        {
            return (null, Problems.Unauthorized(context, result.Error!, users.Mode == UserAuthenticationMode.Jwt ? "Bearer" : "Notifier-User"));
        }

        var (allowed, retryAfter) = limiter.TryUser(user.UserId);
        return allowed ? (user, null) : (null, Problems.TooManyRequests(context, retryAfter));
    }

    public static async Task<(Publisher? Publisher, IResult? Refusal)> PublisherAsync(HttpContext context, PublisherAuthenticator publishers, NotifierRateLimiter limiter, int permits)
    {
        var result = await publishers.AuthenticateAsync(context.Request).ConfigureAwait(false);
        if (result.Caller is not { } publisher)
        {
            return (null, Problems.Unauthorized(context, result.Error!, "ApiKey"));
        }

        var (allowed, retryAfter) = limiter.TryPublisher(publisher.Name, permits);
        return allowed ? (publisher, null) : (null, Problems.TooManyRequests(context, retryAfter));
    }
}
