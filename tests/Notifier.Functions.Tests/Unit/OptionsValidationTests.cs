using System.Security.Cryptography;
using Notifier.Functions.Identity;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Tests.Unit;

public class OptionsValidationTests
{
    private static readonly string Key32 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly HostingFacts DevelopmentHost = new(UnderFunctionsHost: false, FunctionsEnvironment: "Development");

    // ---- users ----

    [Fact]
    public void Users_ValidJwtWithSigningKey_HasNoFailures() =>
        Assert.Empty(OptionsValidation.Users(new UsersOptions { Mode = UserAuthenticationMode.Jwt, Audience = "api://n", SigningKey = Key32 }, DevelopmentHost));

    [Fact]
    public void Users_ValidJwtWithAuthority_HasNoFailures() =>
        Assert.Empty(OptionsValidation.Users(new UsersOptions { Mode = UserAuthenticationMode.Jwt, Audience = "api://n", Authority = "https://login.example/t/v2.0" }, DevelopmentHost));

    [Fact]
    public void Users_JwtWithoutAudience_NamesTheAudience() =>
        Assert.Equal(
            ["Notifier:Users:Audience is required in Jwt mode."],
            OptionsValidation.Users(new UsersOptions { Mode = UserAuthenticationMode.Jwt, Audience = " ", SigningKey = Key32 }, DevelopmentHost));

    [Fact]
    public void Users_JwtWithoutAuthorityOrKey_NamesBoth() =>
        Assert.Equal(
            ["Notifier:Users:Authority (OpenID Connect) or Notifier:Users:SigningKey is required in Jwt mode."],
            OptionsValidation.Users(new UsersOptions { Mode = UserAuthenticationMode.Jwt, Audience = "api://n" }, DevelopmentHost));

    [Theory]
    [InlineData("short")]
    [InlineData("c2hvcnQtYnV0LWJhc2U2NC0yNGI=")] // base64 of 20 bytes
    public void Users_JwtWithAShortSigningKey_IsRefused(string key) =>
        Assert.Equal(
            ["Notifier:Users:SigningKey must be at least 32 bytes (256 bits)."],
            OptionsValidation.Users(new UsersOptions { Mode = UserAuthenticationMode.Jwt, Audience = "api://n", SigningKey = key }, DevelopmentHost));

    [Fact]
    public void Users_LongTextSigningKey_IsAccepted() =>
        Assert.Empty(OptionsValidation.Users(new UsersOptions { Mode = UserAuthenticationMode.Jwt, Audience = "api://n", SigningKey = "this is not base64 but is long enough!" }, DevelopmentHost));

    [Fact]
    public void Users_JwtWithNothing_ListsEveryFailure() =>
        Assert.Equal(2, OptionsValidation.Users(new UsersOptions { Mode = UserAuthenticationMode.Jwt }, DevelopmentHost).Count());

    [Theory]
    [InlineData(nameof(UserAuthenticationMode.AppService))]
    [InlineData(nameof(UserAuthenticationMode.Development))]
    public void Users_OtherModes_NeedNoJwtSettings(string mode) =>
        Assert.Empty(OptionsValidation.Users(new UsersOptions { Mode = Enum.Parse<UserAuthenticationMode>(mode) }, DevelopmentHost));

    [Theory]
    [InlineData(null, null)]
    [InlineData("Production", null)]
    [InlineData(null, "Production")]
    [InlineData(null, "Staging")]
    [InlineData("Development", "Production")]
    [InlineData("Production", "Development")]
    public void Users_DevelopmentModeOutsideDevelopment_IsRefusedNamingBothSettings(string? functionsEnvironment, string? hostEnvironment)
    {
        var failure = Assert.Single(OptionsValidation.Users(
            new UsersOptions { Mode = UserAuthenticationMode.Development },
            new HostingFacts(UnderFunctionsHost: false, functionsEnvironment, hostEnvironment)));

        Assert.Contains("Notifier:Users:Mode is Development", failure, StringComparison.Ordinal);
        Assert.Contains("AZURE_FUNCTIONS_ENVIRONMENT", failure, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_ENVIRONMENT", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", null)]
    [InlineData(null, "Development")]
    [InlineData("development", "Development")]
    public void Users_DevelopmentModeInDevelopment_IsAllowed(string? functionsEnvironment, string? hostEnvironment) =>
        Assert.Empty(OptionsValidation.Users(
            new UsersOptions { Mode = UserAuthenticationMode.Development },
            new HostingFacts(UnderFunctionsHost: false, functionsEnvironment, hostEnvironment)));

    [Theory]
    [InlineData(nameof(UserAuthenticationMode.AppService))]
    [InlineData(nameof(UserAuthenticationMode.Jwt))]
    public void Users_OtherModesInProduction_AreNotRefusedForTheEnvironment(string mode) =>
        Assert.DoesNotContain(
            OptionsValidation.Users(
                new UsersOptions { Mode = Enum.Parse<UserAuthenticationMode>(mode), Audience = "api://n", SigningKey = Key32 },
                new HostingFacts(UnderFunctionsHost: true, "Production", "Production")),
            f => f.Contains("environment", StringComparison.OrdinalIgnoreCase));

    // ---- publishers ----

    private static PublishersOptions Publishers(params (string Name, string Key)[] keys)
    {
        var options = new PublishersOptions();
        foreach (var (name, key) in keys)
        {
            options.ApiKeys.Add(new ApiKeyOptions { Name = name, Key = key });
        }

        return options;
    }

    [Fact]
    public void Publishers_ValidKeys_HaveNoFailures() =>
        Assert.Empty(OptionsValidation.Publishers(Publishers(("billing", "0123456789abcdef"), ("shop", "fedcba9876543210-longer"))));

    [Fact]
    public void Publishers_NoKeysAndNoAuthority_HaveNoFailures() => Assert.Empty(OptionsValidation.Publishers(new PublishersOptions()));

    [Fact]
    public void Publishers_InvalidName_IsNamedByIndex() =>
        Assert.Equal(
            ["Notifier:Publishers:ApiKeys:1:Name must be 1 to 128 characters from A-Z, a-z, 0-9 and . _ : @ -."],
            OptionsValidation.Publishers(Publishers(("ok", "0123456789abcdef"), ("bad name", "0123456789abcdef"))));

    [Fact]
    public void Publishers_ShortKey_IsNamedByIndex() =>
        Assert.Equal(
            ["Notifier:Publishers:ApiKeys:0:Key must be at least 16 characters."],
            OptionsValidation.Publishers(Publishers(("billing", "0123456789abcde"))));

    [Fact]
    public void Publishers_EmptyNameAndKey_AreBothReported() =>
        Assert.Equal(
            [
                "Notifier:Publishers:ApiKeys:0:Name must be 1 to 128 characters from A-Z, a-z, 0-9 and . _ : @ -.",
                "Notifier:Publishers:ApiKeys:0:Key must be at least 16 characters.",
            ],
            OptionsValidation.Publishers(Publishers((string.Empty, string.Empty))));

    [Theory]
    [InlineData("https://login.example/t/v2.0", null)]
    [InlineData(null, "api://notifier")]
    [InlineData("https://login.example/t/v2.0", " ")]
    public void Publishers_AuthorityAndAudience_MustBeSetTogether(string? authority, string? audience) =>
        Assert.Equal(
            ["Notifier:Publishers:Authority and Notifier:Publishers:Audience must be set together."],
            OptionsValidation.Publishers(new PublishersOptions { Authority = authority, Audience = audience }));

    [Fact]
    public void Publishers_AuthorityWithAudience_IsValid() =>
        Assert.Empty(OptionsValidation.Publishers(new PublishersOptions { Authority = "https://login.example/t/v2.0", Audience = "api://notifier" }));

    // ---- topics ----

    private const string GrantFailure = "must set exactly one of Everyone, Role or Claim.";
    private const string GroupFailure = "Group must be a valid group name (must be 1 to 128 characters from A-Z, a-z, 0-9 and . _ : @ -); with Claim it must contain {value}.";

    [Fact]
    public void Topics_ValidRules_HaveNoFailures() =>
        Assert.Empty(OptionsValidation.Topics(
        [
            new TopicRule { Group = "news", Everyone = true },
            new TopicRule { Group = "ops", Role = "admin" },
            new TopicRule { Group = "tenant.{value}", Claim = "tid" },
            new TopicRule { Group = "{value}", Claim = "dept" },
        ]));

    [Fact]
    public void Topics_RuleGrantingToNobody_IsRefused() =>
        Assert.Equal(["Notifier:Topics:0 " + GrantFailure], OptionsValidation.Topics([new TopicRule { Group = "news" }]));

    [Theory]
    [InlineData(true, "admin", null)]
    [InlineData(true, null, "tid")]
    [InlineData(false, "admin", "tid")]
    public void Topics_RuleWithTwoGrants_IsRefused(bool everyone, string? role, string? claim)
    {
        var group = claim is null ? "news" : "news.{value}";

        Assert.Equal(["Notifier:Topics:1 " + GrantFailure], OptionsValidation.Topics([new TopicRule { Group = "ok", Everyone = true }, new TopicRule { Group = group, Everyone = everyone, Role = role, Claim = claim }]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a/b")]
    public void Topics_InvalidGroupName_IsRefused(string group) =>
        Assert.Equal(["Notifier:Topics:0:" + GroupFailure], OptionsValidation.Topics([new TopicRule { Group = group, Everyone = true }]));

    [Fact]
    public void Topics_ClaimRuleWithoutPlaceholder_IsRefused() =>
        Assert.Equal(["Notifier:Topics:0:" + GroupFailure], OptionsValidation.Topics([new TopicRule { Group = "tenant", Claim = "tid" }]));

    [Fact]
    public void Topics_PlaceholderWithoutClaim_IsRefused() =>
        Assert.Equal(["Notifier:Topics:0:" + GroupFailure], OptionsValidation.Topics([new TopicRule { Group = "tenant.{value}", Role = "admin" }]));
}
