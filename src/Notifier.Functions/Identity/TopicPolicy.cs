using Microsoft.Extensions.Options;
using Notifier.Core.Identifiers;
using Notifier.Core.Notifications;

namespace Notifier.Functions.Identity;

/// <summary>Decides which topic groups a user may receive. A user's own stream is never a group, so no rule can expose it.</summary>
internal sealed class TopicPolicy
{
    private readonly IReadOnlyList<TopicRule> _rules;
    private readonly string _roleClaim;

    public TopicPolicy(IOptions<List<TopicRule>> rules, IOptions<UsersOptions> users)
    {
        _rules = rules.Value;
        _roleClaim = users.Value.RoleClaim;
    }

    public IReadOnlyList<string> GroupsFor(UserIdentity user)
    {
        var groups = new SortedSet<string>(StringComparer.Ordinal);
        var roles = user.ValuesOf(_roleClaim);
        foreach (var rule in _rules)
        {
            if (rule.Claim is { Length: > 0 } claim)
            {
                foreach (var value in user.ValuesOf(claim))
                {
                    if (!Identifier.IsValid(value))
                    {
                        continue;
                    }

                    var group = rule.Group.Replace(TopicRule.ValuePlaceholder, value, StringComparison.Ordinal);
                    if (Identifier.IsValid(group))
                    {
                        groups.Add(group);
                    }
                }
            }
            else if (rule.Everyone || (rule.Role is { } role && roles.Contains(role, StringComparer.Ordinal)))
            {
                groups.Add(rule.Group);
            }
        }

        return [.. groups];
    }

    /// <summary>The shared streams a user reads: everyone's, and one per group.</summary>
    public static IReadOnlyList<string> StreamsFor(IEnumerable<string> groups) =>
        [StreamNames.All, .. groups.Select(StreamNames.ForGroup)];
}
