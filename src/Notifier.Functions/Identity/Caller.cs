using System.Security.Claims;

namespace Notifier.Functions.Identity;

/// <summary>Who the request's caller is, read from <see cref="HttpContext.User"/> after the route group's policy passed.</summary>
internal static class Caller
{
    /// <summary>
    /// The claim holding a publisher's name. A URN, so that no token's own claim can be taken for it (Entra publisher
    /// tokens have theirs removed before it is added).
    /// </summary>
    public const string PublisherClaim = "urn:notifier:publisher";

    /// <summary>The signed-in user. Every user scheme makes the user id claim the identity's name claim.</summary>
    public static UserIdentity User(HttpContext context)
    {
        var identity = Identity(context);
        var claims = identity.Claims
            .GroupBy(c => c.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(c => c.Value)], StringComparer.Ordinal);
        return new UserIdentity(identity.Name!, claims);
    }

    /// <summary>The user id, or <see langword="null"/> when the caller is not a user.</summary>
    public static string? UserId(HttpContext context) =>
        context.User.Identity is ClaimsIdentity { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;

    /// <summary>The publisher's name: the API key's name, the Entra app's id, or <c>functions-host</c>.</summary>
    public static string PublisherName(HttpContext context) => PublisherNameOrNull(context)!;

    public static string? PublisherNameOrNull(HttpContext context) => context.User.FindFirst(PublisherClaim)?.Value;

    private static ClaimsIdentity Identity(HttpContext context) =>
        context.User.Identity as ClaimsIdentity ?? throw new InvalidOperationException("The route has no authenticated caller: its group must require a policy.");
}
