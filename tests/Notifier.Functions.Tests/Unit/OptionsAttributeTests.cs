using Notifier.Functions.Identity;
using Notifier.Functions.Limits;
using Notifier.Functions.RateLimiting;

namespace Notifier.Functions.Tests.Unit;

/// <summary>The range and required checks on the options classes' attributes, run by the generated validators at start.</summary>
public sealed class OptionsAttributeTests
{
    [Fact]
    public void Defaults_pass()
    {
        Assert.True(new LimitsOptionsValidator().Validate(null, new LimitsOptions()).Succeeded);
        Assert.True(new RateLimitOptionsValidator().Validate(null, new RateLimitOptions()).Succeeded);
        Assert.True(new UsersOptionsValidator().Validate(null, new UsersOptions { Mode = UserAuthenticationMode.Jwt }).Succeeded);
    }

    [Fact]
    public void Out_of_range_limits_fail_naming_each_field()
    {
        var result = new LimitsOptionsValidator().Validate(null, new LimitsOptions
        {
            ConnectionsPerUser = 0,
            TokenLifetime = TimeSpan.FromSeconds(30),
            MaxTtl = TimeSpan.FromDays(400),
            MaxRecipientsPerRequest = 999,
        });

        Assert.True(result.Failed);
        Assert.Contains(nameof(LimitsOptions.ConnectionsPerUser), result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(nameof(LimitsOptions.TokenLifetime), result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(nameof(LimitsOptions.MaxTtl), result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(nameof(LimitsOptions.MaxRecipientsPerRequest), result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(LimitsOptions.DefaultTtl), result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_publisher_burst_below_a_batch_fails()
    {
        var result = new RateLimitOptionsValidator().Validate(null, new RateLimitOptions { PublisherBurst = 99 });

        Assert.True(result.Failed);
        Assert.Contains(nameof(RateLimitOptions.PublisherBurst), result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_user_mode_fails()
    {
        var result = new UsersOptionsValidator().Validate(null, new UsersOptions());

        Assert.True(result.Failed);
        Assert.Contains(nameof(UsersOptions.Mode), result.FailureMessage, StringComparison.Ordinal);
    }
}
