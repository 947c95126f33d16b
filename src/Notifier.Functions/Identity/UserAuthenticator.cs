using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifier.Core.Identifiers;

namespace Notifier.Functions.Identity;

/// <summary>Identifies the end user of a request in the configured <see cref="UserAuthenticationMode"/>.</summary>
internal sealed class UserAuthenticator
{
    public const string DevelopmentUserHeader = "X-Notifier-User";
    public const string DevelopmentRolesHeader = "X-Notifier-Roles";
    private const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";
    private const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    private readonly UsersOptions _options;
    private readonly Lazy<JwtValidator> _jwt;

    public UserAuthenticator(IOptions<UsersOptions> options)
    {
        _options = options.Value;
        _jwt = new Lazy<JwtValidator>(() => new JwtValidator(_options.Authority, _options.Issuer, _options.Audience!, _options.SigningKey));
    }

    public UserAuthenticationMode Mode => _options.Mode!.Value;

    public async Task<AuthenticationResult<UserIdentity>> AuthenticateAsync(HttpRequest request)
    {
        return Mode switch
        {
            UserAuthenticationMode.Jwt => await FromBearerAsync(request).ConfigureAwait(false),
            UserAuthenticationMode.AppService => FromAppService(request),
            _ => FromDevelopmentHeaders(request),
        };
    }

    /// <summary>Reads a bearer token from <c>Authorization</c>.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    private async Task<AuthenticationResult<UserIdentity>> FromBearerAsync(HttpRequest request)
    {
        if (BearerToken(request) is not { Length: > 0 } token)
        {
            return AuthenticationResult<UserIdentity>.Fail("Send the user's token as 'Authorization: Bearer <token>'.");
        }

        var (claims, error) = await _jwt.Value.ValidateAsync(token).ConfigureAwait(false);
        return claims is null ? AuthenticationResult<UserIdentity>.Fail(error!) : FromClaims(claims);
    }

    private AuthenticationResult<UserIdentity> FromClaims(IReadOnlyDictionary<string, IReadOnlyList<string>> claims)
    {
        if (!claims.TryGetValue(_options.UserIdClaim, out var ids) || ids.Count != 1 || !Identifier.IsValid(ids[0]))
        {
            return AuthenticationResult<UserIdentity>.Fail($"The token's '{_options.UserIdClaim}' claim is missing or is not a valid user id ({Identifier.Rule}).");
        }

        return AuthenticationResult<UserIdentity>.Success(new UserIdentity(ids[0], claims));
    }

    private AuthenticationResult<UserIdentity> FromAppService(HttpRequest request)
    {
        var claims = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (request.Headers[PrincipalHeader].ToString() is { Length: > 0 } encoded)
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
                    var key = type == roleType ? _options.RoleClaim : type;
                    (claims.TryGetValue(key, out var list) ? list : claims[key] = []).Add(value);
                }
            }
            catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return AuthenticationResult<UserIdentity>.Fail($"The {PrincipalHeader} header is malformed.");
            }
        }

        var id = request.Headers[PrincipalIdHeader].ToString();
        if (!Identifier.IsValid(id))
        {
            return AuthenticationResult<UserIdentity>.Fail("Sign in through App Service authentication.");
        }

        claims[_options.UserIdClaim] = [id];
        return AuthenticationResult<UserIdentity>.Success(new UserIdentity(id, claims.ToDictionary(c => c.Key, c => (IReadOnlyList<string>)c.Value, StringComparer.Ordinal)));
    }

    private AuthenticationResult<UserIdentity> FromDevelopmentHeaders(HttpRequest request)
    {
        var id = request.Headers[DevelopmentUserHeader].ToString();
        if (id.Length == 0)
        {
            return AuthenticationResult<UserIdentity>.Fail($"Development mode: name the user in the '{DevelopmentUserHeader}' header.");
        }

        if (!Identifier.IsValid(id))
        {
            return AuthenticationResult<UserIdentity>.Fail($"The user id {Identifier.Rule}.");
        }

        var roles = request.Headers[DevelopmentRolesHeader].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var claims = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [_options.UserIdClaim] = [id],
            [_options.RoleClaim] = roles,
        };
        return AuthenticationResult<UserIdentity>.Success(new UserIdentity(id, claims));
    }
}
