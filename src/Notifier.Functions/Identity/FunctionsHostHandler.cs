using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Notifier.Functions.Identity;

/// <summary>
/// Under the Functions host the host has already checked a function key (the publisher routes have
/// <c>authLevel: function</c>, and the handler listens on loopback only), so every request it forwards is the
/// publisher <c>functions-host</c>.
/// </summary>
internal sealed class FunctionsHostHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string PublisherName = "functions-host";

    public FunctionsHostHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = new ClaimsIdentity([new Claim(Caller.PublisherClaim, PublisherName)], Scheme.Name, Caller.PublisherClaim, roleType: null);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
