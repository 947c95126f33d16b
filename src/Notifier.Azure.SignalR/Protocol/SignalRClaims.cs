namespace Notifier.Azure.SignalR.Protocol;

/// <summary>The claims of SignalR Service access tokens, as they appear in the JWT.</summary>
public static class SignalRClaims
{
    /// <summary>The service's system claim for the user id; the SDKs write the user id here.</summary>
    public const string UserId = "asrs.s.uid";

    /// <summary>The name identifier, where the service's documentation puts the user id.</summary>
    public const string NameIdentifier = "nameid";

    /// <summary>The JWT subject; a user id when neither of the others is present.</summary>
    public const string Subject = "sub";

    /// <summary>The long form of the name identifier, as .NET claims write it.</summary>
    public const string NameIdentifierUri = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier";

    /// <summary>The prefix of the service's own claims (<c>asrs.s.</c>); they are not passed on to upstream.</summary>
    public const string SystemPrefix = "asrs.s.";

    /// <summary>The endpoint the token is for: the client URL of a hub, or the REST request URL.</summary>
    public const string Audience = "aud";

    /// <summary>Expiry, in Unix seconds.</summary>
    public const string Expires = "exp";

    /// <summary>Start of validity, in Unix seconds.</summary>
    public const string NotBefore = "nbf";

    /// <summary>Issue time, in Unix seconds.</summary>
    public const string IssuedAt = "iat";
}
