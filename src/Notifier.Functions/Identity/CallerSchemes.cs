using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Identity;

/// <summary>
/// Picks the concrete scheme behind <see cref="NotifierSchemes.User"/> and <see cref="NotifierSchemes.Publisher"/> for
/// a request, and words a refusal the way the API always has.
/// </summary>
internal sealed class CallerSchemes
{
    private readonly UserAuthenticationMode _mode;
    private readonly bool _underFunctionsHost;
    private readonly bool _publisherTokens;
    private readonly bool _apiKeys;
    private readonly string _appRole;

    public CallerSchemes(IOptions<UsersOptions> users, IOptions<PublishersOptions> publishers, HostingFacts hosting)
    {
        _mode = users.Value.Mode!.Value;
        _underFunctionsHost = hosting.UnderFunctionsHost;
        _publisherTokens = !string.IsNullOrEmpty(publishers.Value.Authority) && !string.IsNullOrEmpty(publishers.Value.Audience);
        _apiKeys = publishers.Value.ApiKeys.Count > 0;
        _appRole = publishers.Value.AppRole;
    }

    /// <summary>Gets whether any request could authenticate as a publisher; with none, nobody can publish.</summary>
    public bool CanAuthenticatePublishers => _underFunctionsHost || _apiKeys || _publisherTokens;

    /// <summary>Gets the <c>WWW-Authenticate</c> value of a refused user request.</summary>
    public string UserChallenge => _mode == UserAuthenticationMode.Jwt ? "Bearer" : "Notifier-User";

    /// <summary>Gets the <c>WWW-Authenticate</c> value of a refused publisher request, whatever it sent.</summary>
    public static string PublisherChallenge => "ApiKey";

    /// <summary>Gets the refusal of a publisher request that sent no credentials the app accepts.</summary>
    public string MissingPublisherCredentials => _publisherTokens
        ? $"Send a publisher API key in the '{ApiKeyHandler.Header}' header or an Entra ID token with the '{_appRole}' role."
        : $"Send a publisher API key in the '{ApiKeyHandler.Header}' header.";

    public string ForUser(HttpContext context) => _mode switch
    {
        UserAuthenticationMode.Jwt => NotifierSchemes.UserBearer,
        UserAuthenticationMode.AppService => NotifierSchemes.AppService,
        _ => NotifierSchemes.Development,
    };

    public string ForPublisher(HttpContext context)
    {
        if (_underFunctionsHost)
        {
            return NotifierSchemes.FunctionsHost;
        }

        // A key wins over a token; without a key, the API key scheme answers with what to send.
        var request = context.Request;
        return request.Headers[ApiKeyHandler.Header].ToString().Length == 0 && _publisherTokens && BearerToken.From(request) is { Length: > 0 }
            ? NotifierSchemes.PublisherBearer
            : NotifierSchemes.ApiKey;
    }

    /// <summary>Says why a request failed a policy, and which <c>WWW-Authenticate</c> value to send.</summary>
    /// <param name="context">The request.</param>
    /// <param name="policy">The policy it failed, <see cref="NotifierPolicies.User"/> or <see cref="NotifierPolicies.Publisher"/>.</param>
    /// <param name="forbidden">Why an authenticated caller was still refused, if it was.</param>
    public async Task<(string Detail, string Challenge)> RefusalAsync(HttpContext context, string policy, string? forbidden)
    {
        var user = policy == NotifierPolicies.User;
        var challenge = user ? UserChallenge : PublisherChallenge;
        if (forbidden is not null)
        {
            return (forbidden, challenge);
        }

        // The handler caches its result per request: this reads the outcome the policy saw, it does not validate again.
        var result = await context.AuthenticateAsync(user ? ForUser(context) : ForPublisher(context)).ConfigureAwait(false);
        var detail = result.Failure switch
        {
            null => user ? "Send the user's token as 'Authorization: Bearer <token>'." : MissingPublisherCredentials,
            AuthenticationFailureException own => own.Message,
            var token => JwtValidator.Describe(token),
        };
        return (detail, challenge);
    }
}
