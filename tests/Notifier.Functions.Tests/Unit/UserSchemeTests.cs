using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Notifier.Functions.Identity;
using Notifier.Functions.Runtime;
using Notifier.Functions.Tests.Fakes;

namespace Notifier.Functions.Tests.Unit;

/// <summary>The user schemes behind the <c>User</c> policy, each refusal worded as the 401 says it.</summary>
public class UserSchemeTests
{
    private const string Audience = "api://notifier";
    private const string RoleType = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private static SchemeHarness Authenticator(UsersOptions options) => new(users: options);

    private static SchemeHarness JwtAuthenticator(Action<UsersOptions>? configure = null)
    {
        var options = new UsersOptions { Mode = UserAuthenticationMode.Jwt, Audience = Audience, SigningKey = Convert.ToBase64String(Key) };
        configure?.Invoke(options);
        return Authenticator(options);
    }

    private static HttpRequest Request(params (string Name, string Value)[] headers) => SchemeHarness.Request(headers);

    private static string Token(Action<SecurityTokenDescriptor>? configure = null, byte[]? key = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Audience = Audience,
            Issuer = "https://issuer.example",
            Claims = new Dictionary<string, object> { ["sub"] = "alice" },
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256),
        };
        configure?.Invoke(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static Task<(UserIdentity? Caller, string? Error)> AuthenticateBearerAsync(string token, SchemeHarness? authenticator = null) =>
        (authenticator ?? JwtAuthenticator()).AuthenticateUserAsync(Request(("Authorization", "Bearer " + token)));

    private static void AssertRefused((UserIdentity? Caller, string? Error) result, string error)
    {
        Assert.Null(result.Caller);
        Assert.Equal(error, result.Error);
    }

    // ---- Jwt ----

    [Fact]
    public async Task Jwt_ValidToken_IsAcceptedWithTheUserIdFromSub()
    {
        var result = await AuthenticateBearerAsync(Token());

        Assert.Null(result.Error);
        Assert.Equal("alice", result.Caller!.UserId);
        Assert.Equal(["alice"], result.Caller.ValuesOf("sub"));
    }

    [Fact]
    public async Task Jwt_RolesAndOtherClaims_AreKept()
    {
        var token = Token(d =>
        {
            d.Claims["roles"] = new[] { "admin", "editor" };
            d.Claims["tid"] = "contoso";
        });

        var result = await AuthenticateBearerAsync(token);

        Assert.Equal(["admin", "editor"], result.Caller!.ValuesOf("roles"));
        Assert.Equal(["contoso"], result.Caller.ValuesOf("tid"));
    }

    [Fact]
    public async Task Jwt_BearerSchemeIsCaseInsensitive()
    {
        var result = await JwtAuthenticator().AuthenticateUserAsync(Request(("Authorization", "bearer " + Token())));

        Assert.Equal("alice", result.Caller!.UserId);
    }

    [Fact]
    public async Task Jwt_ConfiguredUserIdClaim_IsUsed()
    {
        var token = Token(d => d.Claims["oid"] = "00000000-0000-0000-0000-000000000042");

        var result = await AuthenticateBearerAsync(token, JwtAuthenticator(o => o.UserIdClaim = "oid"));

        Assert.Equal("00000000-0000-0000-0000-000000000042", result.Caller!.UserId);
    }

    [Fact]
    public async Task Jwt_ExpiredToken_IsRefused()
    {
        var token = Token(d =>
        {
            d.IssuedAt = DateTime.UtcNow.AddHours(-2);
            d.NotBefore = DateTime.UtcNow.AddHours(-2);
            d.Expires = DateTime.UtcNow.AddMinutes(-10);
        });

        AssertRefused(await AuthenticateBearerAsync(token), "The token has expired.");
    }

    [Fact]
    public async Task Jwt_TokenForAnotherAudience_IsRefused() =>
        AssertRefused(await AuthenticateBearerAsync(Token(d => d.Audience = "api://someone-else")), "The token is for another audience.");

    [Fact]
    public async Task Jwt_TokenSignedWithAnotherKey_IsRefused() =>
        AssertRefused(await AuthenticateBearerAsync(Token(key: RandomNumberGenerator.GetBytes(32))), "The token's signature is not valid.");

    [Fact]
    public async Task Jwt_UnsignedToken_IsRefused()
    {
        var result = await AuthenticateBearerAsync(Token(d => d.SigningCredentials = null));

        Assert.Null(result.Caller);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public async Task Jwt_TamperedPayload_IsRefused()
    {
        var parts = Token().Split('.');
        var claims = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"alice\"", "\"mallory\"", StringComparison.Ordinal);
        Assert.Contains("mallory", claims, StringComparison.Ordinal);
        var payload = Base64UrlEncoder.Encode(claims);

        AssertRefused(await AuthenticateBearerAsync($"{parts[0]}.{payload}.{parts[2]}"), "The token's signature is not valid.");
    }

    [Fact]
    public async Task Jwt_MissingSub_IsRefused()
    {
        var token = Token(d => d.Claims.Remove("sub"));

        AssertRefused(await AuthenticateBearerAsync(token), "The token's 'sub' claim is missing or is not a valid user id (must be 1 to 128 characters from A-Z, a-z, 0-9 and . _ : @ -).");
    }

    [Fact]
    public async Task Jwt_SubThatIsNotAValidUserId_IsRefused()
    {
        var result = await AuthenticateBearerAsync(Token(d => d.Claims["sub"] = "alice smith"));

        Assert.Null(result.Caller);
        Assert.StartsWith("The token's 'sub' claim is missing or is not a valid user id", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jwt_WrongIssuer_IsRefusedWhenAnIssuerIsConfigured()
    {
        var authenticator = JwtAuthenticator(o => o.Issuer = "https://trusted.example");

        AssertRefused(await AuthenticateBearerAsync(Token(), authenticator), "The token is from an untrusted issuer.");
        Assert.Equal("alice", (await AuthenticateBearerAsync(Token(d => d.Issuer = "https://trusted.example"), authenticator)).Caller!.UserId);
    }

    [Fact]
    public async Task Jwt_MalformedToken_IsRefused() =>
        AssertRefused(await AuthenticateBearerAsync("not-a-jwt"), "The token is malformed.");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic YWxpY2U6cGFzcw==")]
    [InlineData("Bearer ")]
    public async Task Jwt_WithoutABearerToken_IsRefused(string? authorization)
    {
        var request = authorization is null ? Request() : Request(("Authorization", authorization));

        AssertRefused(await JwtAuthenticator().AuthenticateUserAsync(request), "Send the user's token as 'Authorization: Bearer <token>'.");
    }

    [Fact]
    public void Jwt_RefusalsChallengeBearer_OtherModesNotifierUser()
    {
        Assert.Equal("Bearer", JwtAuthenticator().Schemes.UserChallenge);
        Assert.Equal("Notifier-User", AppService().Schemes.UserChallenge);
        Assert.Equal("Notifier-User", Development().Schemes.UserChallenge);
    }

    // ---- App Service ----

    private static SchemeHarness AppService() => Authenticator(new UsersOptions { Mode = UserAuthenticationMode.AppService });

    private static string Principal(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    [Fact]
    public async Task AppService_UserIdComesFromThePrincipalIdHeader_AndRoleTypeClaimsBecomeRoles()
    {
        var principal = Principal($$"""
            {
              "auth_typ": "aad",
              "claims": [
                { "typ": "{{RoleType}}", "val": "admin" },
                { "typ": "tid", "val": "contoso" },
                { "typ": "{{RoleType}}", "val": "editor" }
              ],
              "name_typ": "name",
              "role_typ": "{{RoleType}}"
            }
            """);

        var result = await AppService().AuthenticateUserAsync(Request(("X-MS-CLIENT-PRINCIPAL-ID", "alice-oid"), ("X-MS-CLIENT-PRINCIPAL", principal)));

        Assert.Null(result.Error);
        var user = result.Caller!;
        Assert.Equal("alice-oid", user.UserId);
        Assert.Equal(["admin", "editor"], user.ValuesOf("roles"));
        Assert.Equal(["contoso"], user.ValuesOf("tid"));
        Assert.Equal(["alice-oid"], user.ValuesOf("sub"));
        Assert.Empty(user.ValuesOf(RoleType));
    }

    [Fact]
    public async Task AppService_RolesGoToTheConfiguredRoleClaim()
    {
        var authenticator = Authenticator(new UsersOptions { Mode = UserAuthenticationMode.AppService, RoleClaim = "groups" });
        var principal = Principal($$"""{"claims":[{"typ":"r","val":"admin"}],"role_typ":"r"}""");

        var result = await authenticator.AuthenticateUserAsync(Request(("X-MS-CLIENT-PRINCIPAL-ID", "alice"), ("X-MS-CLIENT-PRINCIPAL", principal)));

        Assert.Equal(["admin"], result.Caller!.ValuesOf("groups"));
    }

    [Fact]
    public async Task AppService_PrincipalIdHeaderAlone_IsEnough()
    {
        var result = await AppService().AuthenticateUserAsync(Request(("X-MS-CLIENT-PRINCIPAL-ID", "alice")));

        Assert.Equal("alice", result.Caller!.UserId);
        Assert.Empty(result.Caller.ValuesOf("roles"));
    }

    [Fact]
    public async Task AppService_UserIdClaimInThePrincipal_CannotOverrideThePrincipalId()
    {
        var principal = Principal("""{"claims":[{"typ":"sub","val":"mallory"}]}""");

        var result = await AppService().AuthenticateUserAsync(Request(("X-MS-CLIENT-PRINCIPAL-ID", "alice"), ("X-MS-CLIENT-PRINCIPAL", principal)));

        Assert.Equal("alice", result.Caller!.UserId);
        Assert.Equal(["alice"], result.Caller.ValuesOf("sub"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("alice smith")]
    [InlineData("a/b")]
    public async Task AppService_WithoutAValidPrincipalId_IsRefused(string? id)
    {
        var request = id is null ? Request() : Request(("X-MS-CLIENT-PRINCIPAL-ID", id));

        AssertRefused(await AppService().AuthenticateUserAsync(request), "Sign in through App Service authentication.");
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bm90IGpzb24=")] // "not json"
    [InlineData("e30=")] // "{}": no claims
    [InlineData("W10=")] // "[]"
    [InlineData("eyJjbGFpbXMiOlt7InR5cCI6MX1dfQ==")] // {"claims":[{"typ":1}]}
    public async Task AppService_MalformedPrincipal_IsRefused(string principal)
    {
        var result = await AppService().AuthenticateUserAsync(Request(("X-MS-CLIENT-PRINCIPAL-ID", "alice"), ("X-MS-CLIENT-PRINCIPAL", principal)));

        AssertRefused(result, "The X-MS-CLIENT-PRINCIPAL header is malformed.");
    }

    // ---- Development ----

    private static SchemeHarness Development() => Authenticator(new UsersOptions { Mode = UserAuthenticationMode.Development });

    [Fact]
    public async Task Development_UserAndRolesComeFromHeaders()
    {
        var result = await Development().AuthenticateUserAsync(Request(("X-Notifier-User", "alice"), ("X-Notifier-Roles", " admin, editor ,,")));

        Assert.Equal("alice", result.Caller!.UserId);
        Assert.Equal(["admin", "editor"], result.Caller.ValuesOf("roles"));
        Assert.Equal(["alice"], result.Caller.ValuesOf("sub"));
    }

    [Fact]
    public async Task Development_WithoutRoles_HasNone()
    {
        var result = await Development().AuthenticateUserAsync(Request(("X-Notifier-User", "alice")));

        Assert.Empty(result.Caller!.ValuesOf("roles"));
    }

    [Fact]
    public async Task Development_WithoutTheUserHeader_IsRefused() =>
        AssertRefused(await Development().AuthenticateUserAsync(Request()), "Development mode: name the user in the 'X-Notifier-User' header.");

    [Fact]
    public async Task Development_InvalidUserId_IsRefused() =>
        AssertRefused(
            await Development().AuthenticateUserAsync(Request(("X-Notifier-User", "alice smith"))),
            "The user id must be 1 to 128 characters from A-Z, a-z, 0-9 and . _ : @ -.");

    [Fact]
    public async Task Development_IgnoresBearerTokens()
    {
        var result = await Development().AuthenticateUserAsync(Request(("Authorization", "Bearer " + Token())));

        AssertRefused(result, "Development mode: name the user in the 'X-Notifier-User' header.");
    }

    [Fact]
    public async Task Development_SchemeIsRegisteredOnlyInTheDevelopmentEnvironment()
    {
        var appService = new UsersOptions { Mode = UserAuthenticationMode.AppService };

        Assert.Contains(NotifierSchemes.Development, await new SchemeHarness(users: appService, hosting: new HostingFacts(false, "Development")).SchemeNamesAsync());
        Assert.DoesNotContain(NotifierSchemes.Development, await new SchemeHarness(users: appService, hosting: new HostingFacts(false, "Production")).SchemeNamesAsync());
        Assert.DoesNotContain(NotifierSchemes.Development, await new SchemeHarness(users: appService, hosting: new HostingFacts(true)).SchemeNamesAsync());
    }
}
