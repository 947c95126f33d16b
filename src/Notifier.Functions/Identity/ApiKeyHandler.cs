using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Notifier.Functions.Identity;

/// <summary>Authenticates a publisher by its <c>X-Api-Key</c>. Logs the key's name, never a key.</summary>
internal sealed partial class ApiKeyHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string Header = "X-Api-Key";

    private readonly ApiKeyRing _keys;
    private readonly CallerSchemes _schemes;

    public ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys, CallerSchemes schemes)
        : base(options, logger, encoder)
    {
        _keys = keys;
        _schemes = schemes;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers[Header].ToString() is not { Length: > 0 } key)
        {
            return Task.FromResult(AuthenticateResult.Fail(_schemes.MissingPublisherCredentials));
        }

        if (_keys.Match(key) is not { } name)
        {
            Log.KeyRefused(Logger, _keys.Count);
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        Log.KeyAccepted(Logger, name);
        var identity = new ClaimsIdentity([new Claim(Caller.PublisherClaim, name)], Scheme.Name, Caller.PublisherClaim, roleType: null);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Publisher {Name} authenticated with its API key.")]
        public static partial void KeyAccepted(ILogger logger, string name);

        [LoggerMessage(2, LogLevel.Information, "Refused an API key that matches none of the {Count} configured keys.")]
        public static partial void KeyRefused(ILogger logger, int count);
    }
}
