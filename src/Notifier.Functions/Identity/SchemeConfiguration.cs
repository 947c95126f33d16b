using Microsoft.AspNetCore.Authentication;

namespace Notifier.Functions.Identity;

/// <summary>
/// The "Authentication" configuration section, where JwtBearer looks for per-scheme settings. AddAuthentication()
/// registers the framework's own provider of it, but that method also brings Data Protection (see
/// <see cref="IdentityRegistration"/>), so the app registers this one instead.
/// </summary>
internal sealed class SchemeConfiguration(IConfiguration authentication) : IAuthenticationConfigurationProvider
{
    public const string Section = "Authentication";

    public IConfiguration AuthenticationConfiguration { get; } = authentication;
}
