using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifier.Functions.Identity;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Tests.Fakes;

/// <summary>
/// Runs a request through the app's real authentication schemes and policies, as the authorization middleware does, and
/// answers with the caller or the refusal's detail the 401 would carry.
/// </summary>
internal sealed class SchemeHarness
{
    private readonly ServiceProvider _services;

    public SchemeHarness(UsersOptions? users = null, PublishersOptions? publishers = null, HostingFacts? hosting = null, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                builder.AddProvider(logs);
            }
        });
        hosting ??= new HostingFacts(false, "Development");
        services.AddSingleton(hosting);
        services.AddIdentity(new ConfigurationBuilder().Build(), hosting);
        services.AddSingleton(Options.Create(users ?? new UsersOptions { Mode = UserAuthenticationMode.Development }));
        services.AddSingleton(Options.Create(publishers ?? new PublishersOptions()));
        _services = services.BuildServiceProvider();
    }

    public CallerSchemes Schemes => _services.GetRequiredService<CallerSchemes>();

    public async Task<IReadOnlyList<string>> SchemeNamesAsync() =>
        [.. (await _services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync()).Select(s => s.Name)];

    public static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }

    public async Task<(UserIdentity? Caller, string? Error)> AuthenticateUserAsync(HttpRequest request)
    {
        var (context, error) = await AuthorizeAsync(request, NotifierSchemes.User, NotifierPolicies.User);
        return error is null ? (Caller.User(context), null) : (null, error);
    }

    public async Task<(string? Caller, string? Error)> AuthenticatePublisherAsync(HttpRequest request)
    {
        var (context, error) = await AuthorizeAsync(request, NotifierSchemes.Publisher, NotifierPolicies.Publisher);
        return error is null ? (Caller.PublisherName(context), null) : (null, error);
    }

    private async Task<(HttpContext Context, string? Error)> AuthorizeAsync(HttpRequest request, string scheme, string policy)
    {
        var context = request.HttpContext;
        context.RequestServices = _services.CreateScope().ServiceProvider;
        var result = await context.AuthenticateAsync(scheme);
        string? forbidden = null;
        if (result.Succeeded)
        {
            context.User = result.Principal!;
            var authorization = await context.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(context.User, policy);
            if (authorization.Succeeded)
            {
                return (context, null);
            }

            forbidden = authorization.Failure!.FailureReasons.First().Message;
        }

        return (context, (await Schemes.RefusalAsync(context, policy, forbidden)).Detail);
    }
}
