using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Notifier.Functions.Tests.Infrastructure;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// What the app's building blocks must not bring to a cold start. ASP.NET Core's <c>AddAuthentication()</c> registers
/// Data Protection, whose hosted service loads the key ring at start and, on a fresh instance, generates a key and
/// writes it to disk: work every Functions cold start would pay for a feature no scheme here uses. WebApplication puts
/// authentication and authorization in front of every request, built at start, unless the app says it uses them
/// itself; the host's probes must not wait for either.
/// </summary>
public sealed class StartupWorkTests
{
    private static readonly Uri NoWebPubSub = new("http://127.0.0.1:9");

    [Fact]
    public async Task Authentication_brings_no_data_protection_key_ring()
    {
        var settings = StackSettings.For("UseDevelopmentStorage=true", NoWebPubSub);
        await using var app = await NotifierServer.StartAsync(settings);

        Assert.Null(app.Services.GetService(typeof(IDataProtectionProvider)));
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), service => service.GetType().Assembly.GetName().Name!.Contains("DataProtection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_and_health_build_no_caller_checks_until_a_route_names_a_policy()
    {
        var built = new BuiltServices();
        var settings = StackSettings.For("UseDevelopmentStorage=true", NoWebPubSub);
        await using var app = await NotifierServer.StartAsync(settings, services =>
        {
            // The same implementations, created through a factory that says when it first runs.
            services.AddSingleton<IAuthenticationSchemeProvider>(provider =>
            {
                built.Schemes = true;
                return ActivatorUtilities.CreateInstance<AuthenticationSchemeProvider>(provider);
            });
            services.AddSingleton<IAuthorizationPolicyProvider>(provider =>
            {
                built.Policies = true;
                return ActivatorUtilities.CreateInstance<DefaultAuthorizationPolicyProvider>(provider);
            });
        });

        using (var health = await app.Http.GetAsync(new Uri("api/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        Assert.False(built.Schemes, "authentication was built before a request to a route that names a policy");
        Assert.False(built.Policies, "authorization was built before a request to a route that names a policy");

        // A user route without a user: the checks are built now, and refuse it as always.
        using var refused = await app.Http.GetAsync(new Uri("api/inbox/unread-count", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.True(built.Schemes);
        Assert.True(built.Policies);
    }

    private sealed class BuiltServices
    {
        public bool Schemes { get; set; }

        public bool Policies { get; set; }
    }
}
