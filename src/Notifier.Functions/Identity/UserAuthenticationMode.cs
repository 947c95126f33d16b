namespace Notifier.Functions.Identity;

/// <summary>Where the signed-in user's identity comes from.</summary>
internal enum UserAuthenticationMode
{
    /// <summary>A bearer JWT validated against an OpenID Connect authority (Entra ID) or a configured signing key.</summary>
    Jwt,

    /// <summary>App Service authentication (Easy Auth) headers, trusted only behind App Service, which strips client-sent ones.</summary>
    AppService,

    /// <summary>Any user id the caller names. For local development only; logged loudly.</summary>
    Development,
}
