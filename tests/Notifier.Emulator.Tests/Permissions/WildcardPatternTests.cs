using Notifier.Emulator.Permissions;

namespace Notifier.Emulator.Tests.Permissions;

public class WildcardPatternTests
{
    [Theory]
    [InlineData("chat-*", "chat-1", true)]
    [InlineData("chat-*", "chat-", true)]
    [InlineData("chat-*", "chat.1", false)]
    [InlineData("chat-*", "chat-1.x", false)]
    [InlineData("clientA.**", "clientA.alpha.room1", true)]
    [InlineData("clientA.**", "clientA.", true)]
    [InlineData("clientA.**", "clientA", false)]
    [InlineData("clientA.**", "clientB.alpha", false)]
    [InlineData("a.*.c", "a.b.c", true)]
    [InlineData("a.*.c", "a..c", true)]
    [InlineData("a.*.c", "a.b.x.c", false)]
    [InlineData("a.**.c", "a.b.x.c", true)]
    [InlineData("a.**.c", "a.c", false)]
    [InlineData("a.***", "a.b.c", true)]
    [InlineData("?", "a", true)]
    [InlineData("?", ".", false)]
    [InlineData("?", "ab", false)]
    [InlineData("room-??", "room-12", true)]
    [InlineData("room-??", "room-1", false)]
    [InlineData("*-*-*", "a-b-c", true)]
    [InlineData("*-*-*", "a-b", false)]
    [InlineData("*", "anything", true)]
    [InlineData("*", "a.b", false)]
    [InlineData("**", "a.b.c", true)]
    [InlineData("Chat-*", "chat-1", false)]
    [InlineData(@"a\*", "a*", true)]
    [InlineData(@"a\*", "ab", false)]
    [InlineData(@"a\?", "a?", true)]
    [InlineData(@"a\?", "ab", false)]
    [InlineData(@"a\\b", @"a\b", true)]
    [InlineData("news", "news", true)]
    [InlineData("news", "news2", false)]
    public void Matches(string pattern, string group, bool expected)
    {
        Assert.True(WildcardPattern.TryParse(pattern, out var parsed, out var error), error);

        Assert.Equal(expected, parsed.Matches(group));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(@"a\", "invalid escape")]
    [InlineData(@"a\b", "invalid escape")]
    [InlineData("******", "at most 5")]
    [InlineData("*.*.*.*.*.*", "at most 5")]
    public void RejectsInvalidPatterns(string pattern, string fragment)
    {
        Assert.False(WildcardPattern.TryParse(pattern, out _, out var error));

        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsPatternsOver1024Characters()
    {
        Assert.True(WildcardPattern.TryParse(new string('a', 1024), out _, out _));
        Assert.False(WildcardPattern.TryParse(new string('a', 1025), out _, out _));
    }

    [Fact]
    public void LiteralPatterns_AreRecognised_WithEscapesRemoved()
    {
        Assert.True(WildcardPattern.TryParse(@"room\*1", out var pattern, out _));

        Assert.True(pattern.IsLiteral);
        Assert.Equal("room*1", pattern.LiteralValue);
        Assert.True(WildcardPattern.TryParse("**", out var all, out _));
        Assert.True(all.MatchesEverything);
    }

    [Fact]
    public void PathologicalInput_DoesNotBacktrack()
    {
        Assert.True(WildcardPattern.TryParse("*a*a*a*a*b", out var pattern, out _));

        // A backtracking matcher takes exponential steps here; the state-set simulation is linear in the input.
        Assert.False(pattern.Matches(new string('a', 1024)));
        Assert.True(pattern.Matches(new string('a', 1023) + "b"));
    }
}
