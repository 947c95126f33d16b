using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Notifier.Functions.Identity;

/// <summary>
/// Validates bearer JWTs: signature (keys from the authority's OpenID Connect metadata, fetched on first use and
/// refreshed by the configuration manager, or a configured HMAC key), issuer, audience and lifetime.
/// </summary>
internal sealed class JwtValidator
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;

    /// <param name="authority">The OpenID Connect authority whose metadata supplies signing keys (and the issuer, when none is given).</param>
    /// <param name="issuer">The accepted issuer, or <see langword="null"/> for the authority's.</param>
    /// <param name="audience">The accepted audience.</param>
    /// <param name="signingKey">An HMAC key used instead of an authority.</param>
    /// <param name="moreIssuers">Further accepted issuers, such as Entra ID's v1 issuer beside its v2 one.</param>
    public JwtValidator(string? authority, string? issuer, string audience, string? signingKey, IEnumerable<string>? moreIssuers = null)
    {
        var issuers = new[] { issuer }.Concat(moreIssuers ?? []).Where(i => !string.IsNullOrEmpty(i)).Cast<string>().ToArray();
        _parameters = new TokenValidationParameters
        {
            ValidAudience = audience,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuer = issuers.Length > 0 || authority is not null,
            ValidIssuers = issuers.Length > 0 ? issuers : null,
            ClockSkew = TimeSpan.FromMinutes(2),
            RequireSignedTokens = true,
        };

        if (!string.IsNullOrEmpty(signingKey))
        {
            _parameters.IssuerSigningKey = new SymmetricSecurityKey(DecodeKey(signingKey));
        }
        else if (!string.IsNullOrEmpty(authority))
        {
            var metadata = authority.TrimEnd('/') + "/.well-known/openid-configuration";
            _parameters.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                metadata,
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = metadata.StartsWith("https://", StringComparison.OrdinalIgnoreCase) });
        }
        else
        {
            throw new InvalidOperationException("A JWT validator needs an authority or a signing key.");
        }
    }

    /// <summary>Decodes a signing key given as base64, or as text when it is not base64.</summary>
    public static byte[] DecodeKey(string key)
    {
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var written) && written >= 16 ? buffer[..written] : Encoding.UTF8.GetBytes(key);
    }

    /// <summary>Says why a token was refused, in words safe to show the caller.</summary>
    public static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenInvalidAudienceException => "The token is for another audience.",
        SecurityTokenInvalidIssuerException => "The token is from an untrusted issuer.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        SecurityTokenMalformedException => "The token is malformed.",
        _ => "The token is not valid.",
    };

    /// <summary>Validates a token.</summary>
    /// <returns>The claims, or the reason it was refused.</returns>
    public async Task<(IReadOnlyDictionary<string, IReadOnlyList<string>>? Claims, string? Error)> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return (null, Describe(result.Exception));
        }

        var claims = result.ClaimsIdentity.Claims
            .GroupBy(c => c.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(c => c.Value)], StringComparer.Ordinal);
        return (claims, null);
    }
}
