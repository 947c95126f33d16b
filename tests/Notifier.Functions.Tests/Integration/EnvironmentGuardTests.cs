using Microsoft.Extensions.Options;
using Notifier.Functions.Tests.Infrastructure;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Integration;

/// <summary>Development user mode (any caller names any user) never starts outside a Development environment.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class EnvironmentGuardTests
{
    private readonly AzuriteFixture _azurite;

    public EnvironmentGuardTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("")]
    public async Task Development_users_in_production_stop_the_app_at_start_naming_both_settings(string environment)
    {
        var settings = StackSettings.For(_azurite.ConnectionString, new Uri("http://127.0.0.1:9"), new Dictionary<string, string?>
        {
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = environment,
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () => await NotifierServer.StartAsync(settings));

        Assert.Contains("Notifier:Users:Mode is Development", failure.Message, StringComparison.Ordinal);
        Assert.Contains("AZURE_FUNCTIONS_ENVIRONMENT", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_ENVIRONMENT", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_users_in_development_start()
    {
        var settings = StackSettings.For(_azurite.ConnectionString, new Uri("http://127.0.0.1:9"));
        await using var app = await NotifierServer.StartAsync(settings);

        using var request = NotifierClient.UserRequest(HttpMethod.Get, "api/inbox/unread-count", NotifierClient.NewUser());
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
