namespace Notifier.Azure.SignalR.Protocol;

/// <summary>The claims of a token that <see cref="AccessKeyJwt.TryValidate"/> accepted.</summary>
public sealed class AccessTokenPayload
{
    internal AccessTokenPayload(IReadOnlyList<string> audiences, DateTimeOffset expiresAt, IReadOnlyList<KeyValuePair<string, string>> claims)
    {
        Audiences = audiences;
        ExpiresAt = expiresAt;
        Claims = claims;
        UserId = Find(SignalRClaims.UserId) ?? Find(SignalRClaims.NameIdentifier) ?? Find(SignalRClaims.Subject) ?? Find(SignalRClaims.NameIdentifierUri);
    }

    /// <summary>The <c>aud</c> values (a JWT may carry one or several).</summary>
    public IReadOnlyList<string> Audiences { get; }

    /// <summary>The <c>exp</c> claim.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>
    /// The user id, in the service's order: <c>asrs.s.uid</c>, then <c>nameid</c>, <c>sub</c> and the long
    /// name-identifier claim; null for an anonymous token.
    /// </summary>
    public string? UserId { get; }

    /// <summary>Every claim but <c>aud</c>, in token order; array claims give one entry per value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Claims { get; }

    private string? Find(string type)
    {
        foreach (var (name, value) in Claims)
        {
            if (name == type && value.Length > 0)
            {
                return value;
            }
        }

        return null;
    }
}
