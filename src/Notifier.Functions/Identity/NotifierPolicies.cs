namespace Notifier.Functions.Identity;

/// <summary>The authorization policies route groups require.</summary>
internal static class NotifierPolicies
{
    /// <summary>A signed-in end user.</summary>
    public const string User = "User";

    /// <summary>A publisher: an API key, an Entra ID token with the publisher app role, or the Functions host.</summary>
    public const string Publisher = "Publisher";
}
