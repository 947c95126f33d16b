using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Identity;

/// <summary>
/// Authenticates publishers. Under the Functions host the host has already checked a function key (the routes have
/// <c>authLevel: function</c>, and the handler listens on loopback only), so requests it forwards are trusted.
/// Standalone, a request needs an API key (<c>X-Api-Key</c>, compared in constant time) or an Entra ID token with the
/// publisher app role. With neither configured nobody can publish: there is no anonymous publishing.
/// </summary>
internal sealed class PublisherAuthenticator
{
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly (string Name, byte[] Hash)[] _keys;
    private readonly bool _underFunctionsHost;
    private readonly string _appRole;
    private readonly JwtValidator? _jwt;

    public PublisherAuthenticator(IOptions<PublishersOptions> options, HostingFacts hosting)
    {
        var value = options.Value;
        _keys = [.. value.ApiKeys.Select(k => (k.Name, SHA256.HashData(Encoding.UTF8.GetBytes(k.Key))))];
        _underFunctionsHost = hosting.UnderFunctionsHost;
        _appRole = value.AppRole;
        _jwt = !string.IsNullOrEmpty(value.Authority) && !string.IsNullOrEmpty(value.Audience)
            ? new JwtValidator(value.Authority, null, value.Audience, null)
            : null;
    }

    public bool CanAuthenticateAnyone => _underFunctionsHost || _keys.Length > 0 || _jwt is not null;

    public async Task<AuthenticationResult<Publisher>> AuthenticateAsync(HttpRequest request)
    {
        if (_underFunctionsHost)
        {
            return AuthenticationResult<Publisher>.Success(new Publisher("functions-host"));
        }

        if (request.Headers[ApiKeyHeader].ToString() is { Length: > 0 } key)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
            string? match = null;

            // Compare with every key, so the time taken says nothing about which one (if any) matched.
            foreach (var (name, expected) in _keys)
            {
                if (CryptographicOperations.FixedTimeEquals(hash, expected))
                {
                    match ??= name;
                }
            }

            return match is null
                ? AuthenticationResult<Publisher>.Fail("The API key is not valid.")
                : AuthenticationResult<Publisher>.Success(new Publisher(match));
        }

        if (UserAuthenticator.BearerToken(request) is { Length: > 0 } token && _jwt is not null)
        {
            var (claims, error) = await _jwt.ValidateAsync(token).ConfigureAwait(false);
            if (claims is null)
            {
                return AuthenticationResult<Publisher>.Fail(error!);
            }

            if (!claims.TryGetValue("roles", out var roles) || !roles.Contains(_appRole, StringComparer.Ordinal))
            {
                return AuthenticationResult<Publisher>.Fail($"The token lacks the '{_appRole}' app role.");
            }

            var name = First(claims, "azp") ?? First(claims, "appid") ?? First(claims, AccessTokenClaims.Subject) ?? "entra-app";
            return AuthenticationResult<Publisher>.Success(new Publisher(name));
        }

        return AuthenticationResult<Publisher>.Fail(_jwt is null
            ? $"Send a publisher API key in the '{ApiKeyHeader}' header."
            : $"Send a publisher API key in the '{ApiKeyHeader}' header or an Entra ID token with the '{_appRole}' role.");
    }

    private static string? First(IReadOnlyDictionary<string, IReadOnlyList<string>> claims, string type) =>
        claims.TryGetValue(type, out var values) && values.Count > 0 ? values[0] : null;
}
