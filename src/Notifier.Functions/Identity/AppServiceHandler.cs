using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Notifier.Core.Identifiers;

namespace Notifier.Functions.Identity;

/// <summary>
/// Authenticates users by App Service authentication (Easy Auth) headers, trusted only behind App Service, which strips
/// client-sent ones. Claims of the principal's role type become <see cref="UsersOptions.RoleClaim"/>.
/// </summary>
internal sealed class AppServiceHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    private readonly UsersOptions _users;

    public AppServiceHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<UsersOptions> users)
        : base(options, logger, encoder)
    {
        _users = users.Value;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var claims = new List<Claim>();
        if (Request.Headers[PrincipalHeader].ToString() is { Length: > 0 } encoded)
        {
            try
            {
                using var document = JsonDocument.Parse(Convert.FromBase64String(encoded));
                var root = document.RootElement;
                var roleType = root.TryGetProperty("role_typ", out var rt) ? rt.GetString() : null;
                foreach (var claim in root.GetProperty("claims").EnumerateArray())
                {
                    var type = claim.GetProperty("typ").GetString() ?? string.Empty;
                    var value = claim.GetProperty("val").GetString() ?? string.Empty;
                    claims.Add(new Claim(type == roleType ? _users.RoleClaim : type, value));
                }
            }
            catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return Task.FromResult(AuthenticateResult.Fail($"The {PrincipalHeader} header is malformed."));
            }
        }

        var id = Request.Headers[PrincipalIdHeader].ToString();
        if (!Identifier.IsValid(id))
        {
            return Task.FromResult(AuthenticateResult.Fail("Sign in through App Service authentication."));
        }

        // The principal id header is the user id, whatever the principal's own claims say.
        claims.RemoveAll(c => c.Type == _users.UserIdClaim);
        claims.Add(new Claim(_users.UserIdClaim, id));
        var identity = new ClaimsIdentity(claims, Scheme.Name, _users.UserIdClaim, _users.RoleClaim);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
