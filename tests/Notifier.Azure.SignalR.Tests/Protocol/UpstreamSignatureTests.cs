using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Azure.SignalR.Tests.Protocol;

public class UpstreamSignatureTests
{
    [Fact]
    public void Create_WritesOneValuePerKey_ThatIsValidForItsConnectionOnly()
    {
        var header = UpstreamSignature.Create("conn-1", ["primary", "secondary"]);

        var values = header.Split(',');
        Assert.Equal(2, values.Length);
        Assert.All(values, v => Assert.Matches("^sha256=[0-9a-f]{64}$", v));
        Assert.True(UpstreamSignature.IsValid(header, "conn-1", ["secondary"]));
        Assert.False(UpstreamSignature.IsValid(header, "conn-2", ["primary", "secondary"]));
        Assert.False(UpstreamSignature.IsValid(header, "conn-1", ["third"]));
    }

    [Fact]
    public void IsValid_MatchesTheHmacOfTheConnectionId_InEitherHexCase_AmongOtherValues()
    {
        var hex = Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData("key"u8, "conn-1"u8));

        Assert.True(UpstreamSignature.IsValid("sha256=" + hex, "conn-1", ["key"]));
        Assert.True(UpstreamSignature.IsValid("sha256=deadbeef, SHA256=" + hex.ToLowerInvariant(), "conn-1", ["key"]));
        Assert.False(UpstreamSignature.IsValid("sha256=" + new string('0', 64), "conn-1", ["key"]));
        Assert.False(UpstreamSignature.IsValid("sha256=" + hex[..^2], "conn-1", ["key"]));
        Assert.False(UpstreamSignature.IsValid("", "conn-1", ["key"]));
        Assert.False(UpstreamSignature.IsValid(null, "conn-1", ["key"]));
    }
}
