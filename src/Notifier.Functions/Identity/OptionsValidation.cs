using Notifier.Core.Identifiers;
using Notifier.Functions.Runtime;

namespace Notifier.Functions.Identity;

/// <summary>Start-up checks of options that data annotations cannot express; each message names the setting to fix.</summary>
internal static class OptionsValidation
{
    public static IEnumerable<string> Users(UsersOptions options, HostingFacts hosting)
    {
        if (options.Mode == UserAuthenticationMode.Development && !hosting.IsDevelopment)
        {
            // Development mode takes the user from a request header: anyone could act as anyone.
            yield return $"Notifier:Users:Mode is Development, which lets any caller act as any user, but the environment is not Development ({hosting.DescribeEnvironment()}). " +
                $"Development mode runs only when {HostingFacts.FunctionsEnvironmentVariable} or ASPNETCORE_ENVIRONMENT is Development and neither says otherwise; anywhere else use Jwt or AppService.";
        }

        if (options.Mode == UserAuthenticationMode.Jwt)
        {
            if (string.IsNullOrWhiteSpace(options.Audience))
            {
                yield return "Notifier:Users:Audience is required in Jwt mode.";
            }

            if (string.IsNullOrWhiteSpace(options.Authority) && string.IsNullOrWhiteSpace(options.SigningKey))
            {
                yield return "Notifier:Users:Authority (OpenID Connect) or Notifier:Users:SigningKey is required in Jwt mode.";
            }

            if (!string.IsNullOrWhiteSpace(options.SigningKey) && JwtValidator.DecodeKey(options.SigningKey).Length < 32)
            {
                yield return "Notifier:Users:SigningKey must be at least 32 bytes (256 bits).";
            }
        }
    }

    public static IEnumerable<string> Publishers(PublishersOptions options)
    {
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            if (!Identifier.IsValid(key.Name))
            {
                yield return $"Notifier:Publishers:ApiKeys:{i}:Name {Identifier.Rule}.";
            }

            if (key.Key.Length < 16)
            {
                yield return $"Notifier:Publishers:ApiKeys:{i}:Key must be at least 16 characters.";
            }
        }

        if (!string.IsNullOrWhiteSpace(options.Authority) != !string.IsNullOrWhiteSpace(options.Audience))
        {
            yield return "Notifier:Publishers:Authority and Notifier:Publishers:Audience must be set together.";
        }
    }

    public static IEnumerable<string> Topics(IReadOnlyList<TopicRule> rules)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var grants = (rule.Everyone ? 1 : 0) + (string.IsNullOrEmpty(rule.Role) ? 0 : 1) + (string.IsNullOrEmpty(rule.Claim) ? 0 : 1);
            if (grants != 1)
            {
                yield return $"Notifier:Topics:{i} must set exactly one of Everyone, Role or Claim.";
            }

            var template = !string.IsNullOrEmpty(rule.Claim);
            var sample = rule.Group.Replace(TopicRule.ValuePlaceholder, "x", StringComparison.Ordinal);
            if (!Identifier.IsValid(sample) || (template != rule.Group.Contains(TopicRule.ValuePlaceholder, StringComparison.Ordinal)))
            {
                yield return $"Notifier:Topics:{i}:Group must be a valid group name ({Identifier.Rule}); with Claim it must contain {TopicRule.ValuePlaceholder}.";
            }
        }
    }
}
