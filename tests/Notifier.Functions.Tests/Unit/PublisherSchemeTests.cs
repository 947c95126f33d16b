using Microsoft.AspNetCore.Http;
using Notifier.Functions.Identity;
using Notifier.Functions.Runtime;
using Notifier.Functions.Tests.Fakes;

namespace Notifier.Functions.Tests.Unit;

/// <summary>The publisher schemes behind the <c>Publisher</c> policy.</summary>
public class PublisherSchemeTests
{
    private const string BillingKey = "billing-key-0123456789";
    private const string ShopKey = "shop-key-abcdefghijkl";

    private static SchemeHarness Authenticator(bool underFunctionsHost = false, string? authority = null, string? audience = null, params (string Name, string Key)[] keys)
    {
        var options = new PublishersOptions { Authority = authority, Audience = audience };
        foreach (var (name, key) in keys)
        {
            options.ApiKeys.Add(new ApiKeyOptions { Name = name, Key = key });
        }

        return new SchemeHarness(publishers: options, hosting: new HostingFacts(underFunctionsHost));
    }

    private static SchemeHarness TwoKeys() => Authenticator(keys: [("billing", BillingKey), ("shop", ShopKey)]);

    private static HttpRequest Request(params (string Name, string Value)[] headers) => SchemeHarness.Request(headers);

    [Fact]
    public async Task RightKey_IsAcceptedAsItsPublisher()
    {
        var result = await Authenticator(keys: [("billing", BillingKey)]).AuthenticatePublisherAsync(Request(("X-Api-Key", BillingKey)));

        Assert.Null(result.Error);
        Assert.Equal("billing", result.Caller);
    }

    [Fact]
    public async Task TwoKeys_EachMapToTheirOwnName()
    {
        var authenticator = TwoKeys();

        Assert.Equal("billing", (await authenticator.AuthenticatePublisherAsync(Request(("X-Api-Key", BillingKey)))).Caller);
        Assert.Equal("shop", (await authenticator.AuthenticatePublisherAsync(Request(("X-Api-Key", ShopKey)))).Caller);
    }

    [Theory]
    [InlineData("wrong-key-0123456789")]
    [InlineData("billing-key-012345678")]
    [InlineData("billing-key-01234567890")]
    [InlineData("BILLING-KEY-0123456789")]
    [InlineData(" billing-key-0123456789")]
    public async Task WrongKey_IsRefused(string key)
    {
        var result = await TwoKeys().AuthenticatePublisherAsync(Request(("X-Api-Key", key)));

        Assert.Null(result.Caller);
        Assert.Equal("The API key is not valid.", result.Error);
    }

    [Fact]
    public async Task MissingKey_IsRefusedNamingTheHeader()
    {
        var result = await TwoKeys().AuthenticatePublisherAsync(Request());

        Assert.Null(result.Caller);
        Assert.Equal("Send a publisher API key in the 'X-Api-Key' header.", result.Error);
    }

    [Fact]
    public async Task BearerTokenWithoutEntraConfigured_IsRefusedAskingForAKey()
    {
        var result = await TwoKeys().AuthenticatePublisherAsync(Request(("Authorization", "Bearer abc.def.ghi")));

        Assert.Null(result.Caller);
        Assert.Equal("Send a publisher API key in the 'X-Api-Key' header.", result.Error);
    }

    [Fact]
    public async Task WithEntraConfigured_TheRefusalMentionsTheAppRole()
    {
        var authenticator = Authenticator(authority: "https://login.example/tenant/v2.0", audience: "api://notifier");

        var result = await authenticator.AuthenticatePublisherAsync(Request());

        Assert.True(authenticator.Schemes.CanAuthenticatePublishers);
        Assert.Equal("Send a publisher API key in the 'X-Api-Key' header or an Entra ID token with the 'Notifications.Publish' role.", result.Error);
    }

    [Fact]
    public async Task UnderTheFunctionsHost_EveryRequestIsTrusted()
    {
        var authenticator = Authenticator(underFunctionsHost: true);

        Assert.True(authenticator.Schemes.CanAuthenticatePublishers);
        Assert.Equal("functions-host", (await authenticator.AuthenticatePublisherAsync(Request())).Caller);
        Assert.Equal("functions-host", (await authenticator.AuthenticatePublisherAsync(Request(("X-Api-Key", "anything")))).Caller);
    }

    [Fact]
    public async Task WithNoKeys_NobodyCanPublish()
    {
        var authenticator = Authenticator();

        Assert.False(authenticator.Schemes.CanAuthenticatePublishers);
        Assert.Null((await authenticator.AuthenticatePublisherAsync(Request())).Caller);
        Assert.Null((await authenticator.AuthenticatePublisherAsync(Request(("X-Api-Key", "anything-at-all-123")))).Caller);
        Assert.Null((await authenticator.AuthenticatePublisherAsync(Request(("X-Api-Key", string.Empty)))).Caller);
    }

    [Fact]
    public void WithKeys_SomeoneCanPublish() => Assert.True(TwoKeys().Schemes.CanAuthenticatePublishers);

    [Fact]
    public void AuthorityWithoutAudience_DoesNotEnableTokens() =>
        Assert.False(Authenticator(authority: "https://login.example/tenant/v2.0").Schemes.CanAuthenticatePublishers);

    [Fact]
    public async Task TheLog_NamesTheKey_ButNeverHoldsAKey()
    {
        using var logs = new CapturingLoggerProvider();
        var options = new PublishersOptions();
        options.ApiKeys.Add(new ApiKeyOptions { Name = "billing", Key = BillingKey });
        var harness = new SchemeHarness(publishers: options, hosting: new HostingFacts(false), logs: logs);

        Assert.Equal("billing", (await harness.AuthenticatePublisherAsync(Request(("X-Api-Key", BillingKey)))).Caller);
        Assert.Null((await harness.AuthenticatePublisherAsync(Request(("X-Api-Key", "wrong-key-0123456789")))).Caller);

        Assert.Contains(logs.Messages, m => m.Contains("billing", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains("matches none", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains(BillingKey, StringComparison.Ordinal) || m.Contains("wrong-key-0123456789", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnApiKeyWins_OverABearerToken()
    {
        var harness = Authenticator(authority: "https://login.example/tenant/v2.0", audience: "api://notifier", keys: [("billing", BillingKey)]);

        var result = await harness.AuthenticatePublisherAsync(Request(("X-Api-Key", BillingKey), ("Authorization", "Bearer abc.def.ghi")));

        Assert.Equal("billing", result.Caller);
    }
}
