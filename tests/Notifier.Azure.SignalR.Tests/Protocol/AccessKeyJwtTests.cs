using System.Text;
using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Azure.SignalR.Tests.Protocol;

public class AccessKeyJwtTests
{
    private const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly byte[] KeyBytes = Encoding.UTF8.GetBytes(Key);

    [Fact]
    public void AClientToken_CarriesTheUserAsSystemClaimAndNameIdentifier_SignedWithTheKeysUtf8Bytes()
    {
        var token = AccessKeyJwt.Create(KeyBytes, "http://localhost/client/?hub=notifications", Now, Now.AddHours(1), "alice", [new("role", "admin")]);

        Assert.True(Jwt.IsSignedWith(token, Key));
        var payload = Jwt.Payload(token);
        Assert.Equal("alice", payload.GetProperty("asrs.s.uid").GetString());
        Assert.Equal("alice", payload.GetProperty("nameid").GetString());
        Assert.Equal("admin", payload.GetProperty("role").GetString());
        Assert.Equal("http://localhost/client/?hub=notifications", payload.GetProperty("aud").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds() + 3600, payload.GetProperty("exp").GetInt64());
        Assert.Equal(Now.ToUnixTimeSeconds(), payload.GetProperty("nbf").GetInt64());
    }

    [Fact]
    public void Validate_AcceptsOwnTokens_AndReadsTheUserAndClaims()
    {
        var token = AccessKeyJwt.Create(KeyBytes, "https://x/client/?hub=h", Now, Now.AddHours(1), "bob", [new("email", "bob@example.com")]);

        Assert.True(AccessKeyJwt.TryValidate(token, ["other", Key], Now, TimeSpan.Zero, out var payload, out _));
        Assert.Equal("bob", payload.UserId);
        Assert.Equal(["https://x/client/?hub=h"], payload.Audiences);
        Assert.Contains(new KeyValuePair<string, string>("email", "bob@example.com"), payload.Claims);
    }

    [Fact]
    public void Validate_FindsTheUserInNameIdOrSub_WhenTheSystemClaimIsAbsent()
    {
        var withSub = AccessKeyJwt.Create(KeyBytes, "a", Now, Now.AddHours(1), claims: [new("sub", "carol")]);

        Assert.True(AccessKeyJwt.TryValidate(withSub, [Key], Now, TimeSpan.Zero, out var payload, out _));
        Assert.Equal("carol", payload.UserId);
    }

    [Fact]
    public void Validate_RefusesOtherKeys_ExpiryTamperingAndGarbage()
    {
        var token = AccessKeyJwt.Create(KeyBytes, "a", Now, Now.AddMinutes(5), "dave");
        var parts = token.Split('.');
        var tampered = parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"asrs.s.uid\":\"mallory\",\"exp\":9999999999,\"aud\":\"a\"}")) + "." + parts[2];

        Assert.False(AccessKeyJwt.TryValidate(token, ["wrong"], Now, TimeSpan.Zero, out _, out var wrongKey));
        Assert.Contains("signature", wrongKey, StringComparison.Ordinal);
        Assert.False(AccessKeyJwt.TryValidate(token, [Key], Now.AddMinutes(6), TimeSpan.Zero, out _, out var expired));
        Assert.Contains("expired", expired, StringComparison.Ordinal);
        Assert.True(AccessKeyJwt.TryValidate(token, [Key], Now.AddMinutes(6), TimeSpan.FromMinutes(5), out _, out _));
        Assert.False(AccessKeyJwt.TryValidate(token, [Key], Now.AddMinutes(-10), TimeSpan.Zero, out _, out var early));
        Assert.Contains("not valid yet", early, StringComparison.Ordinal);
        Assert.False(AccessKeyJwt.TryValidate(tampered, [Key], Now, TimeSpan.Zero, out _, out _));
        Assert.False(AccessKeyJwt.TryValidate("not.a.jwt!", [Key], Now, TimeSpan.Zero, out _, out var garbage));
        Assert.Contains("JWT", garbage, StringComparison.Ordinal);
        Assert.False(AccessKeyJwt.TryValidate(null, [Key], Now, TimeSpan.Zero, out _, out _));
    }

    [Fact]
    public void IsSignedWith_TellsTheSigningKey_WhateverTheTimes()
    {
        var expired = AccessKeyJwt.Create(KeyBytes, "https://x/api/v1/hubs/h", Now.AddHours(-2), Now.AddHours(-1));

        Assert.True(AccessKeyJwt.IsSignedWith(expired, ["other", Key]));
        Assert.False(AccessKeyJwt.IsSignedWith(expired, ["other"]));
        Assert.False(AccessKeyJwt.IsSignedWith(expired[..^2] + "AA", [Key]));
        Assert.False(AccessKeyJwt.IsSignedWith("not.a.jwt", [Key]));
        Assert.False(AccessKeyJwt.IsSignedWith("two.parts", [Key]));
        Assert.False(AccessKeyJwt.IsSignedWith(null, [Key]));
    }

    [Fact]
    public void Create_RefusesClaimsItWritesItself()
    {
        Assert.Throws<ArgumentException>(() => AccessKeyJwt.Create(KeyBytes, "a", Now, Now.AddHours(1), claims: [new("exp", "1")]));
        Assert.Throws<ArgumentException>(() => AccessKeyJwt.Create(KeyBytes, "a", Now, Now.AddHours(1), claims: [new("asrs.s.uid", "x")]));
    }

    [Fact]
    public void ClientUrlAndAudience_FollowTheSdks_HubLowerCased_AudienceWithoutPort()
    {
        var endpoint = new Uri("http://localhost:8888");

        Assert.Equal(new Uri("http://localhost:8888/client/?hub=notifications"), SignalRClientUrl.For(endpoint, "Notifications"));
        Assert.Equal("http://localhost/client/?hub=notifications", SignalRClientUrl.Audience(endpoint, "Notifications"));
        Assert.True(SignalRClientUrl.IsAudienceFor("http://elsewhere:1234/client/?hub=NOTIFICATIONS", "notifications"));
        Assert.False(SignalRClientUrl.IsAudienceFor("http://localhost/client/?hub=chat", "notifications"));
        Assert.False(SignalRClientUrl.IsAudienceFor("http://localhost/api/v1/hubs/notifications", "notifications"));
    }
}
