using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.Tests.Protocol;

public class CloudEventSignatureTests
{
    [Theory]
    [InlineData("7aab239577fd4f24bc919802fb629f5f", "0f9c97a2f0bf4706afe87a14e0797b11", "sha256=7767effcb3946f3e1de039df4b986ef02c110b1469d02c0a06f41b3b727ab561")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH", "conn1", "sha256=8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c993")]
    public void Create_MatchesSpecVectors(string key, string connectionId, string expected)
    {
        Assert.Equal(expected, CloudEventSignature.Create(connectionId, [key]));
        Assert.True(CloudEventSignature.IsValid(expected, connectionId, [key]));
    }

    [Fact]
    public void Create_WithTwoKeys_JoinsWithCommaAndNoSpace()
    {
        var header = CloudEventSignature.Create("conn1", ["primary", "secondary"]);

        var parts = header.Split(',');
        Assert.Equal(2, parts.Length);
        Assert.All(parts, p => Assert.StartsWith("sha256=", p, StringComparison.Ordinal));
        Assert.Equal(CloudEventSignature.Create("conn1", ["secondary"]), parts[1]);
    }

    [Fact]
    public void IsValid_AcceptsAnyValueUnderAnyKey_ForKeyRotation()
    {
        var signedWithOldKey = CloudEventSignature.Create("conn1", ["old"]);

        Assert.True(CloudEventSignature.IsValid("sha256=00," + signedWithOldKey, "conn1", ["new", "old"]));
        Assert.True(CloudEventSignature.IsValid(signedWithOldKey.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal), "conn1", ["old"]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("md5=8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c993")]
    [InlineData("sha256=8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c994")]
    [InlineData("8de7281e588e23b0a30a7180ffa240257b8176e983004c240c9f3f7a7233c993")]
    public void IsValid_RejectsMissingMalformedOrWrongSignatures(string? header)
    {
        Assert.False(CloudEventSignature.IsValid(header, "conn1", ["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH"]));
    }

    [Fact]
    public void IsValid_RejectsASignatureForAnotherConnection()
    {
        var header = CloudEventSignature.Create("conn1", ["key"]);

        Assert.False(CloudEventSignature.IsValid(header, "conn2", ["key"]));
    }
}
