namespace Notifier.Functions.Identity;

/// <summary>A signed-in user: the id and the claims that topic rules read.</summary>
/// <param name="UserId">The validated user id.</param>
/// <param name="Claims">Claim type → values.</param>
internal sealed record UserIdentity(string UserId, IReadOnlyDictionary<string, IReadOnlyList<string>> Claims)
{
    public IReadOnlyList<string> ValuesOf(string claimType) =>
        Claims.TryGetValue(claimType, out var values) ? values : [];
}
