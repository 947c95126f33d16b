using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Notifier.Functions.Identity;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Tests.Unit;

public class PublisherAuthenticatorTests
{
    private const string BillingKey = "billing-key-0123456789";
    private const string ShopKey = "shop-key-abcdefghijkl";

    private static PublisherAuthenticator Authenticator(bool underFunctionsHost = false, string? authority = null, string? audience = null, params (string Name, string Key)[] keys)
    {
        var options = new PublishersOptions { Authority = authority, Audience = audience };
        foreach (var (name, key) in keys)
        {
            options.ApiKeys.Add(new ApiKeyOptions { Name = name, Key = key });
        }

        return new PublisherAuthenticator(Options.Create(options), new HostingFacts(underFunctionsHost));
    }

    private static PublisherAuthenticator TwoKeys() => Authenticator(keys: [("billing", BillingKey), ("shop", ShopKey)]);

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }

    [Fact]
    public async Task RightKey_IsAcceptedAsItsPublisher()
    {
        var result = await Authenticator(keys: [("billing", BillingKey)]).AuthenticateAsync(Request(("X-Api-Key", BillingKey)));

        Assert.Null(result.Error);
        Assert.Equal(new Publisher("billing"), result.Caller);
    }

    [Fact]
    public async Task TwoKeys_EachMapToTheirOwnName()
    {
        var authenticator = TwoKeys();

        Assert.Equal("billing", (await authenticator.AuthenticateAsync(Request(("X-Api-Key", BillingKey)))).Caller!.Name);
        Assert.Equal("shop", (await authenticator.AuthenticateAsync(Request(("X-Api-Key", ShopKey)))).Caller!.Name);
    }

    [Theory]
    [InlineData("wrong-key-0123456789")]
    [InlineData("billing-key-012345678")]
    [InlineData("billing-key-01234567890")]
    [InlineData("BILLING-KEY-0123456789")]
    [InlineData(" billing-key-0123456789")]
    public async Task WrongKey_IsRefused(string key)
    {
        var result = await TwoKeys().AuthenticateAsync(Request(("X-Api-Key", key)));

        Assert.Null(result.Caller);
        Assert.Equal("The API key is not valid.", result.Error);
    }

    [Fact]
    public async Task MissingKey_IsRefusedNamingTheHeader()
    {
        var result = await TwoKeys().AuthenticateAsync(Request());

        Assert.Null(result.Caller);
        Assert.Equal("Send a publisher API key in the 'X-Api-Key' header.", result.Error);
    }

    [Fact]
    public async Task BearerTokenWithoutEntraConfigured_IsRefusedAskingForAKey()
    {
        var result = await TwoKeys().AuthenticateAsync(Request(("Authorization", "Bearer abc.def.ghi")));

        Assert.Null(result.Caller);
        Assert.Equal("Send a publisher API key in the 'X-Api-Key' header.", result.Error);
    }

    [Fact]
    public async Task WithEntraConfigured_TheRefusalMentionsTheAppRole()
    {
        var authenticator = Authenticator(authority: "https://login.example/tenant/v2.0", audience: "api://notifier");

        var result = await authenticator.AuthenticateAsync(Request());

        Assert.True(authenticator.CanAuthenticateAnyone);
        Assert.Equal("Send a publisher API key in the 'X-Api-Key' header or an Entra ID token with the 'Notifications.Publish' role.", result.Error);
    }

    [Fact]
    public async Task UnderTheFunctionsHost_EveryRequestIsTrusted()
    {
        var authenticator = Authenticator(underFunctionsHost: true);

        Assert.True(authenticator.CanAuthenticateAnyone);
        Assert.Equal(new Publisher("functions-host"), (await authenticator.AuthenticateAsync(Request())).Caller);
        Assert.Equal(new Publisher("functions-host"), (await authenticator.AuthenticateAsync(Request(("X-Api-Key", "anything")))).Caller);
    }

    [Fact]
    public async Task WithNoKeys_NobodyCanPublish()
    {
        var authenticator = Authenticator();

        Assert.False(authenticator.CanAuthenticateAnyone);
        Assert.Null((await authenticator.AuthenticateAsync(Request())).Caller);
        Assert.Null((await authenticator.AuthenticateAsync(Request(("X-Api-Key", "anything-at-all-123")))).Caller);
        Assert.Null((await authenticator.AuthenticateAsync(Request(("X-Api-Key", string.Empty)))).Caller);
    }

    [Fact]
    public void WithKeys_SomeoneCanPublish() => Assert.True(TwoKeys().CanAuthenticateAnyone);

    [Fact]
    public void AuthorityWithoutAudience_DoesNotEnableTokens() =>
        Assert.False(Authenticator(authority: "https://login.example/tenant/v2.0").CanAuthenticateAnyone);
}
