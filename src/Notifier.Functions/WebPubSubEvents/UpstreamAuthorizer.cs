using Notifier.Functions.Identity;

namespace Notifier.Functions.WebPubSubEvents;

/// <summary>Checks the Entra ID token Web PubSub sends with managed-identity upstream auth (see <see cref="EventHandlerOptions"/>).</summary>
internal sealed class UpstreamAuthorizer
{
    private readonly JwtValidator _validator;
    private readonly string _callerObjectId;

    public UpstreamAuthorizer(EventHandlerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var authority = options.Authority!.TrimEnd('/');

        // Entra issues v1 tokens (sts.windows.net) unless the app registration asks for v2; accept both for this tenant.
        var tenant = new Uri(authority).AbsolutePath.Trim('/').Split('/')[0];
        _validator = new JwtValidator(authority, issuer: authority, options.Audience!, signingKey: null, [$"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0"]);
        _callerObjectId = options.CallerObjectId!;
    }

    public async ValueTask<string?> AuthorizeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (BearerToken.From(request) is not { Length: > 0 } token)
        {
            return "Expected the Web PubSub resource's managed-identity token in 'Authorization: Bearer'.";
        }

        var (claims, error) = await _validator.ValidateAsync(token).ConfigureAwait(false);
        if (claims is null)
        {
            return error;
        }

        return claims.TryGetValue("oid", out var oid) && oid.Count == 1 && string.Equals(oid[0], _callerObjectId, StringComparison.OrdinalIgnoreCase)
            ? null
            : "The token is not the Web PubSub resource's identity.";
    }
}
