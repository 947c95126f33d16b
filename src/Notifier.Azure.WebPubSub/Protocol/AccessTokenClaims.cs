namespace Notifier.Azure.WebPubSub.Protocol;

/// <summary>The claims of Web PubSub access tokens (client tokens and REST tokens), as they appear in the JWT.</summary>
public static class AccessTokenClaims
{
    /// <summary>The subject: the user id of a client token (the JWT registered claim, so also that of Entra ID tokens).</summary>
    public const string Subject = "sub";

    /// <summary>The roles (permissions) of a client token, one value per role.</summary>
    public const string Role = "role";

    /// <summary>The groups a client joins on connect, one value per group.</summary>
    public const string Group = "webpubsub.group";

    /// <summary>The endpoint the token is for: the client endpoint, or the full REST request URL.</summary>
    public const string Audience = "aud";

    /// <summary>Expiry, in Unix seconds.</summary>
    public const string Expires = "exp";

    /// <summary>Start of validity, in Unix seconds.</summary>
    public const string NotBefore = "nbf";

    /// <summary>Issue time, in Unix seconds.</summary>
    public const string IssuedAt = "iat";
}
