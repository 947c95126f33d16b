using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.Tests.Protocol;

public class WebPubSubNamesTests
{
    [Theory]
    [InlineData("chat", true)]
    [InlineData("Notifications_1", true)]
    [InlineData("a`,.[]", true)]
    [InlineData("1chat", false)]
    [InlineData("", false)]
    [InlineData("chat room", false)]
    [InlineData("chat/room", false)]
    [InlineData(null, false)]
    public void IsValidHub(string? hub, bool valid) => Assert.Equal(valid, WebPubSubNames.IsValidHub(hub));

    [Fact]
    public void IsValidHub_RejectsOver128Characters()
    {
        Assert.True(WebPubSubNames.IsValidHub("h" + new string('x', 127)));
        Assert.False(WebPubSubNames.IsValidHub("h" + new string('x', 128)));
    }

    [Theory]
    [InlineData("g1", true)]
    [InlineData("a b/c?d", true)]
    [InlineData(" ", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValidGroup(string? group, bool valid) => Assert.Equal(valid, WebPubSubNames.IsValidGroup(group));

    [Fact]
    public void IsValidGroup_RejectsOver1024Characters()
    {
        Assert.True(WebPubSubNames.IsValidGroup(new string('g', 1024)));
        Assert.False(WebPubSubNames.IsValidGroup(new string('g', 1025)));
    }
}
