using Notifier.Functions.Telemetry;

namespace Notifier.Functions.Tests.Unit;

/// <summary><c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> as infra/ sets it, and as the Application Insights SDKs accept it.</summary>
public sealed class AzureMonitorAuthenticationTests
{
    [Theory]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD", true, "11111111-2222-3333-4444-555555555555")]
    [InlineData("Authorization=AAD", true, null)]
    [InlineData(" authorization = aad ; clientid = abc ", true, "abc")]
    [InlineData("ClientId=abc", false, "abc")]
    [InlineData("", false, null)]
    [InlineData(null, false, null)]
    [InlineData("garbage;=;Authorization", false, null)]
    public void Parses_the_authentication_string(string? value, bool entra, string? clientId)
    {
        var parsed = AzureMonitorAuthentication.Parse(value);

        Assert.Equal(entra, parsed.UsesEntraId);
        Assert.Equal(clientId, parsed.ClientId);
    }
}
