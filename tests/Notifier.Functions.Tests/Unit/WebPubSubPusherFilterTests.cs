using System.Text.RegularExpressions;
using Notifier.Core.Notifications;
using Notifier.Functions.Push;

namespace Notifier.Functions.Tests.Unit;

public partial class WebPubSubPusherFilterTests
{
    [GeneratedRegex(@"^(?:userId in \((?<user>'[A-Za-z0-9._:@-]+')(?:,(?<user>'[A-Za-z0-9._:@-]+'))*\)|(?<group>'[A-Za-z0-9._:@-]+') in groups)$")]
    private static partial Regex Clause();

    private static List<string> Filters(IEnumerable<string> users, IEnumerable<string> groups) =>
        WebPubSubPusher.BuildFilters(new Recipients([.. users], [.. groups], all: false));

    private static IEnumerable<string> Names(string prefix, int count, int length) =>
        Enumerable.Range(0, count).Select(i => (prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).PadRight(length, 'x'));

    /// <summary>Checks the shape and limits of every filter and that each recipient appears in exactly one.</summary>
    private static void AssertCoversExactlyOnce(List<string> filters, IReadOnlyCollection<string> users, IReadOnlyCollection<string> groups)
    {
        var seenUsers = new List<string>();
        var seenGroups = new List<string>();
        foreach (var filter in filters)
        {
            Assert.InRange(filter.Length, 1, WebPubSubPusher.MaxFilterLength);
            var clauses = filter.Split(" or ");
            Assert.InRange(clauses.Length, 1, WebPubSubPusher.MaxClausesPerFilter);
            foreach (var clause in clauses)
            {
                var match = Clause().Match(clause);
                Assert.True(match.Success, $"Unexpected clause: {clause}");
                seenUsers.AddRange(match.Groups["user"].Captures.Select(c => c.Value.Trim('\'')));
                seenGroups.AddRange(match.Groups["group"].Captures.Select(c => c.Value.Trim('\'')));
            }
        }

        Assert.Equal(users.Order(StringComparer.Ordinal), seenUsers.Order(StringComparer.Ordinal));
        Assert.Equal(groups.Order(StringComparer.Ordinal), seenGroups.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FewUsersAndGroups_MakeOneFilter() =>
        Assert.Equal(["userId in ('a','b') or 'g1' in groups or 'g2' in groups"], Filters(["a", "b"], ["g1", "g2"]));

    [Fact]
    public void UsersOnly_MakeOneInList() =>
        Assert.Equal(["userId in ('a','b','c')"], Filters(["a", "b", "c"], []));

    [Fact]
    public void OneUserAndOneGroup_MakeOneFilter() =>
        Assert.Equal(["userId in ('alice') or 'g1' in groups"], Filters(["alice"], ["g1"]));

    [Fact]
    public void GroupsOnly_AreJoinedWithOr() =>
        Assert.Equal(["'g1' in groups or 'g2' in groups"], Filters([], ["g1", "g2"]));

    [Fact]
    public void NoRecipients_MakeNoFilter() => Assert.Empty(Filters([], []));

    [Fact]
    public void ManyLongUserIds_AreSplitByLength()
    {
        var users = Names("u", 200, 128).ToList();

        var filters = Filters(users, []);

        Assert.True(filters.Count > 1);
        Assert.All(filters, f => Assert.StartsWith("userId in (", f, StringComparison.Ordinal));
        AssertCoversExactlyOnce(filters, users, []);
    }

    [Fact]
    public void ManyUsers_AreSplitIntoAsFewFiltersAsTheLengthAllows()
    {
        // Each user adds 131 characters ('id', and a comma); "userId in (" and ")" add 12: 13 users fit in 1,800.
        var users = Names("u", 26, 128).ToList();

        var filters = Filters(users, []);

        Assert.Equal(2, filters.Count);
        AssertCoversExactlyOnce(filters, users, []);
    }

    [Fact]
    public void ManyShortGroups_AreSplitByClauseCount()
    {
        var groups = Names("g", 120, 2).ToList();

        var filters = Filters([], groups);

        Assert.Equal([50, 50, 20], filters.Select(f => f.Split(" or ").Length));
        AssertCoversExactlyOnce(filters, [], groups);
    }

    [Fact]
    public void UserList_CountsAsOneClause()
    {
        var groups = Names("g", 50, 2).ToList();

        var filters = Filters(["a", "b"], groups);

        Assert.Equal([50, 1], filters.Select(f => f.Split(" or ").Length));
        Assert.StartsWith("userId in ('a','b') or 'g0' in groups", filters[0], StringComparison.Ordinal);
        AssertCoversExactlyOnce(filters, ["a", "b"], groups);
    }

    [Fact]
    public void ManyLongGroups_AreSplitByLength()
    {
        var groups = Names("g", 40, 128).ToList();

        var filters = Filters([], groups);

        Assert.True(filters.Count > 1);
        AssertCoversExactlyOnce(filters, [], groups);
    }

    [Theory]
    [InlineData(1, 1, 0, 1)]
    [InlineData(13, 128, 0, 1)]
    [InlineData(14, 128, 0, 1)]
    [InlineData(1000, 128, 0, 1)]
    [InlineData(1000, 1, 0, 1)]
    [InlineData(500, 128, 500, 128)]
    [InlineData(0, 1, 1000, 1)]
    [InlineData(999, 5, 1, 128)]
    [InlineData(1, 128, 999, 128)]
    [InlineData(300, 64, 300, 1)]
    public void AnyMix_CoversEveryRecipientOnce_WithinTheLimits(int userCount, int userLength, int groupCount, int groupLength)
    {
        var users = Names("u", userCount, userLength).ToList();
        var groups = Names("g", groupCount, groupLength).ToList();

        AssertCoversExactlyOnce(Filters(users, groups), users, groups);
    }
}
