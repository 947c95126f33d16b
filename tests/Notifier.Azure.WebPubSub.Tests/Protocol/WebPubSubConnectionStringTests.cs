using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.Tests.Protocol;

public class WebPubSubConnectionStringTests
{
    [Fact]
    public void Parse_OfficialEmulatorDefault_GivesEndpointAndKey()
    {
        var parsed = WebPubSubConnectionString.Parse(
            "Endpoint=http://localhost:8080;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH;Version=1.0;");

        Assert.Equal(new Uri("http://localhost:8080"), parsed.Endpoint);
        Assert.Equal("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH", parsed.AccessKey);
    }

    [Fact]
    public void Parse_PortOverridesEndpointPort_AndTrailingSlashIsTrimmed()
    {
        var parsed = WebPubSubConnectionString.Parse("Endpoint=http://localhost/;Port=8888;AccessKey=k;Version=1.0");

        Assert.Equal("http://localhost:8888/", parsed.Endpoint.AbsoluteUri);
    }

    [Fact]
    public void Parse_KeysAreCaseInsensitive_ValuesTrimmed_AndKeyMayContainEquals()
    {
        var parsed = WebPubSubConnectionString.Parse(" endpoint = https://contoso.webpubsub.azure.com ; ACCESSKEY = abc== ;;");

        Assert.Equal("https://contoso.webpubsub.azure.com/", parsed.Endpoint.AbsoluteUri);
        Assert.Equal("abc==", parsed.AccessKey);
    }

    [Theory]
    [InlineData("AccessKey=k", "Endpoint")]
    [InlineData("Endpoint=http://localhost", "AccessKey")]
    [InlineData("Endpoint=http://localhost;AccessKey=k;Port=0", "Port")]
    [InlineData("Endpoint=http://localhost;AccessKey=k;Port=70000", "Port")]
    [InlineData("Endpoint=http://localhost;AccessKey=k;Port=abc", "Port")]
    [InlineData("Endpoint=http://localhost;AccessKey=k;accesskey=j", "AccessKey")]
    [InlineData("Endpoint=ftp://localhost;AccessKey=k", "Endpoint")]
    [InlineData("Endpoint=localhost;AccessKey=k", "Endpoint")]
    [InlineData("Endpoint=http://localhost;AccessKey=k;garbage", "garbage")]
    public void Parse_Invalid_ThrowsNamingTheKey(string connectionString, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => WebPubSubConnectionString.Parse(connectionString));

        Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(WebPubSubConnectionString.TryParse(connectionString, out _));
    }
}
