using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>
/// An OpenID Connect issuer on a loopback port, shaped like Entra ID (<c>/{tenant}/v2.0/.well-known/openid-configuration</c>
/// and a JWKS with an RSA key), so the app's metadata download, key selection and validation run for real.
/// </summary>
public sealed class LocalOpenIdProvider : IAsyncDisposable
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;

    private LocalOpenIdProvider(WebApplication app, RsaSecurityKey key, string authority)
    {
        _app = app;
        _key = key;
        Authority = authority;
    }

    /// <summary>The authority, also the issuer of its tokens.</summary>
    public string Authority { get; }

    public static async Task<LocalOpenIdProvider> StartAsync()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key-1" };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        string? authority = null;
        app.MapGet($"/{Tenant}/v2.0/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority!,
            ["jwks_uri"] = authority + "/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet($"/{Tenant}/v2.0/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        authority = $"{address}/{Tenant}/v2.0";
        return new LocalOpenIdProvider(app, key, authority);
    }

    /// <summary>Signs a token with this issuer's key, or with a stranger's when <paramref name="foreignKey"/> is set.</summary>
    public string Issue(string audience, IDictionary<string, object> claims, TimeSpan? lifetime = null, bool foreignKey = false)
    {
        var key = foreignKey ? new RsaSecurityKey(RSA.Create(2048)) { KeyId = _key.KeyId } : _key;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.AddMinutes(-10),
            NotBefore = now.AddMinutes(-10),
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(30)),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
