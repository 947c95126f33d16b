using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Azure.SignalR.Tests.Protocol;

public class SignalRConnectionStringTests
{
    [Fact]
    public void TheOfficialEmulatorsString_AppliesThePort_AndKeepsTheKeyAsGiven()
    {
        var parsed = SignalRConnectionString.Parse("Endpoint=http://localhost;Port=8888;AccessKey=ABC=DEF;Version=1.0;");

        Assert.Equal(new Uri("http://localhost:8888"), parsed.Endpoint);
        Assert.Equal("ABC=DEF", parsed.AccessKey);
        Assert.Equal(parsed.Endpoint, parsed.ClientEndpoint);
        Assert.Equal(parsed.Endpoint, parsed.ServerEndpoint);
    }

    [Fact]
    public void KeysAreCaseInsensitive_ValuesTrimmed_AndClientAndServerEndpointsRead()
    {
        var parsed = SignalRConnectionString.Parse(" endpoint = https://contoso.service.signalr.net/ ; ACCESSKEY=k ;ClientEndpoint=https://proxy.contoso.com;ServerEndpoint=https://inner.contoso.com;;");

        Assert.Equal(new Uri("https://contoso.service.signalr.net"), parsed.Endpoint);
        Assert.Equal(new Uri("https://proxy.contoso.com"), parsed.ClientEndpoint);
        Assert.Equal(new Uri("https://inner.contoso.com"), parsed.ServerEndpoint);
    }

    [Fact]
    public void AnEntraString_NeedsNoKey()
    {
        var parsed = SignalRConnectionString.Parse("Endpoint=https://contoso.service.signalr.net;AuthType=azure.msi;ClientId=abc;Version=1.0;");

        Assert.Null(parsed.AccessKey);
        Assert.Equal("azure.msi", parsed.AuthType);
        Assert.Equal("abc", parsed.ClientId);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("AccessKey=k", "'Endpoint'")]
    [InlineData("Endpoint=https://x", "'AccessKey'")]
    [InlineData("Endpoint=ftp://x;AccessKey=k", "'Endpoint'")]
    [InlineData("Endpoint=https://x;AccessKey=k;Port=99999", "'Port'")]
    [InlineData("Endpoint=https://x;AccessKey=k;endpoint=https://y", "more than once")]
    [InlineData("Endpoint=https://x;AccessKey=k;Version=2.0", "'Version'")]
    [InlineData("Endpoint=https://x;AccessKey=k;ClientEndpoint=nope", "'ClientEndpoint'")]
    [InlineData("Endpoint=https://x;AccessKey=secret-value;junk", "'junk'")]
    public void BadStrings_AreRefusedNamingTheKey_WithoutEchoingTheAccessKey(string connectionString, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => SignalRConnectionString.Parse(connectionString));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
        Assert.False(SignalRConnectionString.TryParse(connectionString, out _));
    }
}
