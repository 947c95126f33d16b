using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Core.Identifiers;

namespace Notifier.Functions.Identity;

/// <summary>
/// Configures the two JWT bearer schemes. This runs when a scheme first handles a request, not at start; with an
/// authority the OpenID Connect metadata is fetched on the first token and refreshed by the configuration manager.
/// </summary>
internal static class BearerSetup
{
    public static void ForUsers(JwtBearerOptions jwt, UsersOptions users)
    {
        var issuers = string.IsNullOrEmpty(users.Issuer) ? null : new[] { users.Issuer };
        Configure(jwt, users.Authority, users.Audience, users.SigningKey, issuers, NotifierSchemes.UserBearer, users.UserIdClaim, users.RoleClaim);
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var ids = context.Principal!.FindAll(users.UserIdClaim).ToList();
                if (ids.Count != 1 || !Identifier.IsValid(ids[0].Value))
                {
                    context.Fail($"The token's '{users.UserIdClaim}' claim is missing or is not a valid user id ({Identifier.Rule}).");
                }

                return Task.CompletedTask;
            },
        };
    }

    public static void ForPublishers(JwtBearerOptions jwt, PublishersOptions publishers)
    {
        Configure(jwt, publishers.Authority, publishers.Audience, signingKey: null, issuers: null, NotifierSchemes.PublisherBearer, Caller.PublisherClaim, PublisherRoleRequirement.RolesClaim);
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var identity = (ClaimsIdentity)context.Principal!.Identity!;
                var name = First(identity, "azp") ?? First(identity, "appid") ?? First(identity, AccessTokenClaims.Subject) ?? "entra-app";
                foreach (var claimed in identity.FindAll(Caller.PublisherClaim).ToList())
                {
                    identity.RemoveClaim(claimed);
                }

                identity.AddClaim(new Claim(Caller.PublisherClaim, name));
                return Task.CompletedTask;
            },
        };
    }

    private static void Configure(JwtBearerOptions jwt, string? authority, string? audience, string? signingKey, string[]? issuers, string authenticationType, string nameClaim, string roleClaim)
    {
        // Claims keep the names the token gives them: rules and settings name them as Entra ID issues them.
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = audience,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuer = issuers is not null || !string.IsNullOrEmpty(authority),
            ValidIssuers = issuers,
            ClockSkew = TimeSpan.FromMinutes(2),
            RequireSignedTokens = true,
            AuthenticationType = authenticationType,
            NameClaimType = nameClaim,
            RoleClaimType = roleClaim,
        };

        if (!string.IsNullOrEmpty(signingKey))
        {
            jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(JwtValidator.DecodeKey(signingKey));
        }
        else if (!string.IsNullOrEmpty(authority))
        {
            jwt.Authority = authority.TrimEnd('/');
            jwt.RequireHttpsMetadata = authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string? First(ClaimsIdentity identity, string type) => identity.FindFirst(type)?.Value;
}
