using Notifier.Emulator.Hosting;
using Notifier.Emulator.Upstream;

namespace Notifier.Emulator.Tests.Upstream;

public class EventHandlerResolverTests
{
    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("message", "MESSAGE", true)]
    [InlineData("a, b ,c", "b", true)]
    [InlineData("a,b", "ab", false)]
    [InlineData("a,*", "z", true)]
    [InlineData("", "a", false)]
    [InlineData(null, "a", false)]
    [InlineData("mess", "message", false)]
    public void MatchesPattern_StarCommaListOrName_CaseInsensitive(string? pattern, string eventName, bool expected) =>
        Assert.Equal(expected, EventHandlerResolver.MatchesPattern(pattern, eventName));

    [Fact]
    public void Find_FirstMatchingHandlerWins_SystemEventsByName_HubsCaseInsensitive()
    {
        var options = new EmulatorOptions();
        var hub = new HubOptions();
        var first = new EventHandlerOptions { UrlTemplate = "http://one/{event}", EventPattern = "a" };
        first.SystemEvents.Add("Connected");
        var second = new EventHandlerOptions { UrlTemplate = "http://two/{event}", EventPattern = "*" };
        second.SystemEvents.AddRange(["connect", "connected", "disconnected"]);
        hub.EventHandlers.AddRange([first, second]);
        options.Hubs["Chat"] = hub;

        Assert.Same(first, EventHandlerResolver.Find(options, "chat", "connected", isSystemEvent: true));
        Assert.Same(second, EventHandlerResolver.Find(options, "CHAT", "connect", isSystemEvent: true));
        Assert.Same(first, EventHandlerResolver.Find(options, "chat", "A", isSystemEvent: false));
        Assert.Same(second, EventHandlerResolver.Find(options, "chat", "b", isSystemEvent: false));
        Assert.Same(second, EventHandlerResolver.Find(options, "chat", "connected", isSystemEvent: false));
        Assert.Null(EventHandlerResolver.Find(options, "other", "connect", isSystemEvent: true));
    }

    [Fact]
    public void ResolveUrl_ReplacesPlaceholders_Escaped()
    {
        var url = EventHandlerResolver.ResolveUrl("http://localhost:7071/api/{Hub}/{event}?code=x&e={event}", "chat", "a b/c");

        Assert.Equal("http://localhost:7071/api/chat/a%20b%2Fc?code=x&e=a%20b%2Fc", url!.OriginalString);
        Assert.Null(EventHandlerResolver.ResolveUrl("ftp://host/{event}", "chat", "x"));
        Assert.Null(EventHandlerResolver.ResolveUrl("/relative/{event}", "chat", "x"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "127.0.0.1")]
    [InlineData("http://localhost:8080", "localhost")]
    [InlineData("http://[::]:8080", "localhost")]
    [InlineData("http://0.0.0.0:8080", "localhost")]
    [InlineData("http://+:8080", "localhost")]
    [InlineData("https://emulator.example:443", "emulator.example")]
    public void WebHookOrigin_IsTheListeningHostWithoutPort(string address, string expected) =>
        Assert.Equal(expected, WebHookOrigin.HostOf(address));
}
