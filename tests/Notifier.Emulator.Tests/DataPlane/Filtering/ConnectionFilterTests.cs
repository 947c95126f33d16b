using Notifier.Emulator.DataPlane.Filtering;

namespace Notifier.Emulator.Tests.DataPlane.Filtering;

public class ConnectionFilterTests
{
    // Subject: connectionId 'c1', userId 'Alice', protocol 'json.webpubsub.azure.v1', groups g1, g.2, it's.
    [Theory]
    [InlineData("userId eq 'Alice'", true)]
    [InlineData("userId eq 'alice'", false)]
    [InlineData("USERID eq 'Alice'", true)]
    [InlineData("UserId ne 'Alice'", false)]
    [InlineData("connectionId eq 'c1' and userId ne 'Bob'", true)]
    [InlineData("protocol eq 'json.webpubsub.azure.v1'", true)]
    [InlineData("'g1' in groups", true)]
    [InlineData("'g3' in groups", false)]
    [InlineData("'g.2' in Groups", true)]
    [InlineData("'it''s' in groups", true)]
    [InlineData("'g1' in (groups)", true)]
    [InlineData("userId in ('Bob', 'Alice')", true)]
    [InlineData("userId in ('Bob')", false)]
    [InlineData("length(userId) in (4, 5)", true)]
    [InlineData("tolower(userId) in groups", false)]
    [InlineData("concat('g', '1') in groups", true)]
    [InlineData("length(groups) eq 3", true)]
    [InlineData("length(groups) gt 3", false)]
    [InlineData("length(userId) gt 4", true)]
    [InlineData("length(userId) ge 5", true)]
    [InlineData("length(userId) lt 5", false)]
    [InlineData("length(userId) le 5", true)]
    [InlineData("not (length(userId) gt 5)", true)]
    [InlineData("tolower(userId) eq 'alice'", true)]
    [InlineData("toupper(userId) eq 'ALICE'", true)]
    [InlineData("ToLower(userId) eq 'alice'", true)]
    [InlineData("trim('  x ') eq 'x'", true)]
    [InlineData("substring(userId, 1) eq 'lice'", true)]
    [InlineData("substring(userId, 1, 2) eq 'li'", true)]
    [InlineData("substring(userId, 10) eq ''", true)]
    [InlineData("substring(userId, 3, 99) eq 'ce'", true)]
    [InlineData("concat(userId, '!') eq 'Alice!'", true)]
    [InlineData("concat(concat(userId, '-'), connectionId) eq 'Alice-c1'", true)]
    [InlineData("indexof(userId, 'ice') eq 2", true)]
    [InlineData("indexof(userId, 'x') eq -1", true)]
    [InlineData("startswith(connectionId, 'c')", true)]
    [InlineData("endswith(protocol, '.v1')", true)]
    [InlineData("contains(protocol, 'webpubsub')", true)]
    [InlineData("contains(userId, 'bob')", false)]
    [InlineData("userId gt 'Aaron'", true)]
    [InlineData("userId lt 'Aaron'", false)]
    [InlineData("userId eq null", false)]
    [InlineData("userId ne null", true)]
    [InlineData("true", true)]
    [InlineData("not false", true)]
    [InlineData("1 eq 1", true)]
    [InlineData("1 lt 2 and 2 ge 2", true)]
    [InlineData("null eq null", true)]
    [InlineData("true eq (1 eq 1)", true)]
    // Precedence: 'and' binds tighter than 'or' ...
    [InlineData("userId eq 'Alice' or userId eq 'Bob' and 'g3' in groups", true)]
    [InlineData("(userId eq 'Alice' or userId eq 'Bob') and 'g3' in groups", false)]
    // ... 'not' tighter than 'and' ...
    [InlineData("not false and false", false)]
    [InlineData("not 'g3' in groups and userId eq 'Alice'", true)]
    // ... and 'in' tighter than 'not'; comparisons are left-associative.
    [InlineData("not 'g1' in groups", false)]
    [InlineData("1 lt 2 eq true", true)]
    [InlineData("userId eq 'Alice' and (not ('g1' in groups))", false)]
    [InlineData("  userId   eq\t'Alice'  ", true)]
    public void Evaluates(string filter, bool expected)
    {
        Assert.True(ConnectionFilter.TryParse(filter, out var parsed, out var error), error);

        Assert.Equal(expected, parsed.Matches(new FakeSubject()));
    }

    // An anonymous raw client: no user id, no protocol, no groups.
    [Theory]
    [InlineData("userId eq null", true)]
    [InlineData("userId ne null", false)]
    [InlineData("userId ne 'Alice'", true)]
    [InlineData("protocol eq null", true)]
    [InlineData("tolower(userId) eq null", true)]
    [InlineData("length(userId) gt 0", false)]
    [InlineData("length(userId) eq null", true)]
    [InlineData("length(groups) eq 0", true)]
    [InlineData("contains(userId, 'a')", false)]
    [InlineData("indexof(userId, 'a') eq -1", true)]
    [InlineData("concat(userId, 'x') eq 'x'", true)]
    [InlineData("substring(userId, 1) eq null", true)]
    [InlineData("userId in groups", false)]
    [InlineData("userId in ('a', null)", true)]
    [InlineData("userId gt 'a'", false)]
    public void Evaluates_NullValues(string filter, bool expected)
    {
        Assert.True(ConnectionFilter.TryParse(filter, out var parsed, out var error), error);

        Assert.Equal(expected, parsed.Matches(new FakeSubject { UserId = null, Protocol = null, Groups = [] }));
    }

    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("   ", 0, "empty")]
    [InlineData("userId eq", 9, "expected an expression but found the end of the filter")]
    [InlineData("userId eq 'abc", 10, "not closed")]
    [InlineData("nickname eq 'x'", 0, "unknown property 'nickname'")]
    [InlineData("userId eq 1", 7, "cannot compare")]
    [InlineData("not length(userId) gt 5", 4, "'not' needs a condition")]
    [InlineData("not userId eq 'a'", 4, "'not' needs a condition")]
    [InlineData("length(userId)", 0, "must be a condition")]
    [InlineData("userId", 0, "must be a condition")]
    [InlineData("userId eq 'a' add 1", 14, "'add' is not supported")]
    [InlineData("((userId eq 'a')", 16, "expected ')'")]
    [InlineData("userId eq 'a')", 13, "expected an operator or the end")]
    [InlineData("bogus(userId)", 0, "unknown function 'bogus'")]
    [InlineData("substring(userId)", 0, "takes 2 or 3 arguments")]
    [InlineData("substring(userId, '1')", 18, "must be an integer")]
    [InlineData("length(1)", 7, "must be a string or groups")]
    [InlineData("'a' in userId", 7, "'in' needs 'groups' or a list")]
    [InlineData("groups eq 'a'", 0, "is a collection")]
    [InlineData("groups in ('a')", 0, "is a collection")]
    [InlineData("1 in groups", 2, "group names are strings")]
    [InlineData("userId in ('a', 1)", 16, "list item")]
    [InlineData("userId eq 'a' and 5", 18, "'and' needs a condition")]
    [InlineData("true or 'x'", 8, "'or' needs a condition")]
    [InlineData("userId gt true", 10, "orders integers or strings")]
    [InlineData("userId EQ 'a'", 7, "expected an operator")]
    [InlineData("userId eq #", 10, "unexpected character '#'")]
    [InlineData("groups/any(g: g eq 'a')", 6, "unexpected character '/'")]
    [InlineData("userId eq 99999999999999999999", 10, "out of range")]
    [InlineData("and", 0, "expected an expression but found 'and'")]
    public void RejectsInvalidFilters_NamingThePosition(string filter, int position, string fragment)
    {
        Assert.False(ConnectionFilter.TryParse(filter, out _, out var error));

        Assert.Contains($"position {position}:", error, StringComparison.Ordinal);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsNestingDeeperThanTheLimit_WithoutOverflowingTheStack()
    {
        var deep = new string('(', 5000) + "true" + new string(')', 5000);
        var notChain = string.Concat(Enumerable.Repeat("not ", 5000)) + "true";

        Assert.False(ConnectionFilter.TryParse(deep, out _, out var error));
        Assert.Contains("nests deeper", error, StringComparison.Ordinal);
        Assert.False(ConnectionFilter.TryParse(notChain, out _, out _));
        Assert.True(ConnectionFilter.TryParse(new string('(', 50) + "true" + new string(')', 50), out _, out _));
    }

    [Fact]
    public void LongChainsOfClauses_Parse()
    {
        var filter = string.Join(" or ", Enumerable.Range(0, 20_000).Select(i => $"userId eq 'u{i}'"));

        Assert.True(ConnectionFilter.TryParse(filter, out var parsed, out var error), error);
        Assert.False(parsed.Matches(new FakeSubject()));
    }

    [Fact]
    public void Evaluation_AllocatesNothingPerConnection()
    {
        Assert.True(ConnectionFilter.TryParse(
            "tolower(userId) eq 'alice' and 'g1' in groups and startswith(concat(toupper(userId), connectionId), 'ALICE') and substring(trim(protocol), 0, 4) eq 'json' and indexof(userId, 'l') eq 1 and userId in ('x', 'Alice')",
            out var filter,
            out var error),
            error);
        var subjects = Enumerable.Range(0, 100).Select(i => new FakeSubject { ConnectionId = "c" + i }).ToArray();
        foreach (var subject in subjects)
        {
            Assert.True(filter.Matches(subject));
        }

        // The runtime may itself allocate on this thread now and then (tiered recompilation of the hot loop), so the
        // claim is that some full pass over the connections allocates nothing; per-connection allocation would show in
        // every pass.
        var fewest = long.MaxValue;
        for (var attempt = 0; attempt < 5 && fewest > 0; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var matched = 0;
            for (var round = 0; round < 100; round++)
            {
                foreach (var subject in subjects)
                {
                    matched += filter.Matches(subject) ? 1 : 0;
                }
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(10_000, matched);
        }

        Assert.Equal(0, fewest);
    }
}
