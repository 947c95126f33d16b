using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Notifier.Functions.Http;

namespace Notifier.Functions.Identity;

/// <summary>
/// Answers every refusal of <see cref="NotifierPolicies.User"/> or <see cref="NotifierPolicies.Publisher"/> with a 401
/// problem that says what to send, instead of the schemes' own challenges. A publisher token without the app role is a
/// 401 too, as it always was: the caller has to send different credentials, not ask for more rights.
/// </summary>
internal sealed class UnauthorizedResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly CallerSchemes _schemes;
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public UnauthorizedResultHandler(CallerSchemes schemes)
    {
        _schemes = schemes;
    }

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var name = policy.AuthenticationSchemes.Contains(NotifierSchemes.User) ? NotifierPolicies.User
            : policy.AuthenticationSchemes.Contains(NotifierSchemes.Publisher) ? NotifierPolicies.Publisher
            : null;
        if (authorizeResult.Succeeded || name is null)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }

        var forbidden = authorizeResult.Forbidden
            ? authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message ?? "The caller may not use this route."
            : null;
        var (detail, challenge) = await _schemes.RefusalAsync(context, name, forbidden).ConfigureAwait(false);
        await Problems.Unauthorized(context, detail, challenge).ExecuteAsync(context).ConfigureAwait(false);
    }
}
