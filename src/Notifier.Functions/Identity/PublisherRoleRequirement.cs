using Microsoft.AspNetCore.Authorization;

namespace Notifier.Functions.Identity;

/// <summary>An Entra ID publisher token must carry the publisher app role; API keys and the Functions host need none.</summary>
internal sealed class PublisherRoleRequirement : AuthorizationHandler<PublisherRoleRequirement>, IAuthorizationRequirement
{
    /// <summary>The claim Entra ID puts app roles in, whatever <see cref="UsersOptions.RoleClaim"/> says about users.</summary>
    public const string RolesClaim = "roles";

    public PublisherRoleRequirement(string appRole)
    {
        AppRole = appRole;
    }

    public string AppRole { get; }

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PublisherRoleRequirement requirement)
    {
        var identity = context.User.Identities.FirstOrDefault(i => i.IsAuthenticated);
        if (identity is null)
        {
            return Task.CompletedTask;
        }

        if (identity.AuthenticationType != NotifierSchemes.PublisherBearer || identity.HasClaim(RolesClaim, AppRole))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, $"The token lacks the '{AppRole}' app role."));
        }

        return Task.CompletedTask;
    }
}
