using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Notifier.Core.Identifiers;

namespace Notifier.Functions.Identity;

/// <summary>
/// Takes the user from <c>X-Notifier-User</c> and roles from <c>X-Notifier-Roles</c>: anyone can act as anyone, so the
/// scheme is registered only in the Development environment, and the app refuses to start in Development mode elsewhere.
/// </summary>
internal sealed class DevelopmentHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string UserHeader = "X-Notifier-User";
    public const string RolesHeader = "X-Notifier-Roles";

    private readonly UsersOptions _users;

    public DevelopmentHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<UsersOptions> users)
        : base(options, logger, encoder)
    {
        _users = users.Value;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var id = Request.Headers[UserHeader].ToString();
        if (id.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.Fail($"Development mode: name the user in the '{UserHeader}' header."));
        }

        if (!Identifier.IsValid(id))
        {
            return Task.FromResult(AuthenticateResult.Fail($"The user id {Identifier.Rule}."));
        }

        var roles = Request.Headers[RolesHeader].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Claim[] claims = [new Claim(_users.UserIdClaim, id), .. roles.Select(role => new Claim(_users.RoleClaim, role))];
        var identity = new ClaimsIdentity(claims, Scheme.Name, _users.UserIdClaim, _users.RoleClaim);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
