using System.ComponentModel.DataAnnotations;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Functions.Identity;

/// <summary>How end users are identified (section <c>Notifier:Users</c>).</summary>
internal sealed class UsersOptions
{
    public const string Section = "Notifier:Users";

    /// <summary>Gets or sets the mode. There is no default: an app that names none does not start.</summary>
    [Required]
    public UserAuthenticationMode? Mode { get; set; }

    /// <summary>Gets or sets the OpenID Connect authority, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>Gets or sets the accepted issuer; defaults to the authority's.</summary>
    public string? Issuer { get; set; }

    /// <summary>Gets or sets the accepted audience (the app's client id or URI).</summary>
    public string? Audience { get; set; }

    /// <summary>Gets or sets a base64 HMAC key for tokens signed by the app's own identity provider, instead of an authority.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Gets or sets the claim holding the user id (Entra ID: <c>oid</c> or <c>sub</c>).</summary>
    public string UserIdClaim { get; set; } = AccessTokenClaims.Subject;

    /// <summary>Gets or sets the claim holding roles.</summary>
    public string RoleClaim { get; set; } = "roles";
}
