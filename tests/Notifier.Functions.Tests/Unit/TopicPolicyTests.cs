using Microsoft.Extensions.Options;
using Notifier.Functions.Identity;

namespace Notifier.Functions.Tests.Unit;

public class TopicPolicyTests
{
    private static TopicPolicy Policy(params TopicRule[] rules) => Policy(new UsersOptions { Mode = UserAuthenticationMode.Development }, rules);

    private static TopicPolicy Policy(UsersOptions users, params TopicRule[] rules) =>
        new(Options.Create(rules.ToList()), Options.Create(users));

    private static UserIdentity User(params (string Type, string[] Values)[] claims) =>
        new("alice", claims.ToDictionary(c => c.Type, c => (IReadOnlyList<string>)c.Values, StringComparer.Ordinal));

    [Fact]
    public void EveryoneRule_GrantsTheGroupToAnyUser() =>
        Assert.Equal(["news"], Policy(new TopicRule { Group = "news", Everyone = true }).GroupsFor(User()));

    [Fact]
    public void RoleRule_GrantsTheGroupOnlyToHoldersOfTheRole()
    {
        var policy = Policy(new TopicRule { Group = "ops", Role = "admin" });

        Assert.Equal(["ops"], policy.GroupsFor(User(("roles", ["reader", "admin"]))));
        Assert.Empty(policy.GroupsFor(User(("roles", ["reader"]))));
        Assert.Empty(policy.GroupsFor(User()));
    }

    [Fact]
    public void RoleRule_MatchesTheRoleExactly() =>
        Assert.Empty(Policy(new TopicRule { Group = "ops", Role = "admin" }).GroupsFor(User(("roles", ["Admin", "admins"]))));

    [Fact]
    public void RoleRule_ReadsTheConfiguredRoleClaim()
    {
        var policy = Policy(new UsersOptions { Mode = UserAuthenticationMode.Jwt, RoleClaim = "groups" }, new TopicRule { Group = "ops", Role = "admin" });

        Assert.Equal(["ops"], policy.GroupsFor(User(("groups", ["admin"]))));
        Assert.Empty(policy.GroupsFor(User(("roles", ["admin"]))));
    }

    [Fact]
    public void ClaimRule_MakesOneGroupPerClaimValue() =>
        Assert.Equal(
            ["tenant.contoso", "tenant.fabrikam"],
            Policy(new TopicRule { Group = "tenant.{value}", Claim = "tid" }).GroupsFor(User(("tid", ["fabrikam", "contoso"]))));

    [Fact]
    public void ClaimRule_WithoutTheClaim_GrantsNothing() =>
        Assert.Empty(Policy(new TopicRule { Group = "tenant.{value}", Claim = "tid" }).GroupsFor(User(("roles", ["admin"]))));

    [Fact]
    public void ClaimRule_DropsGeneratedNamesThatAreNotValidGroups()
    {
        var policy = Policy(new TopicRule { Group = "tenant.{value}", Claim = "tid" });

        var groups = policy.GroupsFor(User(("tid", ["ok", "has space", "a/b", "caf\u00e9", new string('x', 122), new string('y', 121)])));

        Assert.Equal(["tenant.ok", "tenant." + new string('y', 121)], groups);
    }

    [Fact]
    public void Groups_AreSortedAndDistinct()
    {
        var policy = Policy(
            new TopicRule { Group = "zeta", Everyone = true },
            new TopicRule { Group = "alpha", Role = "admin" },
            new TopicRule { Group = "zeta", Role = "admin" },
            new TopicRule { Group = "t.{value}", Claim = "tid" },
            new TopicRule { Group = "Beta", Everyone = true });

        var groups = policy.GroupsFor(User(("roles", ["admin"]), ("tid", ["b", "a", "b"])));

        Assert.Equal(["Beta", "alpha", "t.a", "t.b", "zeta"], groups);
    }

    [Fact]
    public void NoRules_GrantNothing() => Assert.Empty(Policy().GroupsFor(User(("roles", ["admin"]))));

    [Fact]
    public void StreamsFor_IncludesAllThenOneStreamPerGroup() =>
        Assert.Equal(["all", "group:a", "group:b"], TopicPolicy.StreamsFor(["a", "b"]));

    [Fact]
    public void StreamsFor_NoGroups_IsJustAll() => Assert.Equal(["all"], TopicPolicy.StreamsFor([]));
}
