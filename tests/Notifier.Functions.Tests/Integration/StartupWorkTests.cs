using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Notifier.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Notifier.Functions.Tests.Integration;

/// <summary>
/// What the app's building blocks must not bring to a cold start. ASP.NET Core's <c>AddAuthentication()</c> registers
/// Data Protection, whose hosted service loads the key ring at start and, on a fresh instance, generates a key and
/// writes it to disk: work every Functions cold start would pay for a feature no scheme here uses.
/// </summary>
public sealed class StartupWorkTests
{
    [Fact]
    public async Task Authentication_brings_no_data_protection_key_ring()
    {
        var settings = StackSettings.For("UseDevelopmentStorage=true", new Uri("http://127.0.0.1:9"));
        await using var app = await NotifierServer.StartAsync(settings);

        Assert.Null(app.Services.GetService(typeof(IDataProtectionProvider)));
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), service => service.GetType().Assembly.GetName().Name!.Contains("DataProtection", StringComparison.Ordinal));
    }
}
