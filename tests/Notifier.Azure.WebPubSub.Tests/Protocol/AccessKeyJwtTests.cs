using System.Text;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.Tests.Protocol;

public class AccessKeyJwtTests
{
    private const string EmulatorKey = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

    [Fact]
    public void Create_MatchesTheSpecTestVector()
    {
        // Section 1.3 of the protocol notes: the official emulator key, these claims, this exact token.
        const string Expected =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyMSIsInJvbGUiOlsid2VicHVic3ViLmpvaW5MZWF2ZUdyb3VwIiwid2VicHVic3ViLnNlbmRUb0dyb3VwLmcxIl0sIndlYnB1YnN1Yi5ncm91cCI6WyJnMSJdLCJuYmYiOjE3MDAwMDAwMDAsImV4cCI6NDEwMjQ0NDgwMCwiaWF0IjoxNzAwMDAwMDAwLCJhdWQiOiJodHRwOi8vbG9jYWxob3N0OjgwODAvY2xpZW50L2h1YnMvY2hhdCJ9.nQKLP7EeUmRefl43n535dOKIPCs_jdqD487NRHyJAJo";

        var token = AccessKeyJwt.Create(
            Encoding.UTF8.GetBytes(EmulatorKey),
            "http://localhost:8080/client/hubs/chat",
            DateTimeOffset.FromUnixTimeSeconds(1700000000),
            DateTimeOffset.FromUnixTimeSeconds(4102444800),
            "user1",
            ["webpubsub.joinLeaveGroup", "webpubsub.sendToGroup.g1"],
            ["g1"]);

        Assert.Equal(Expected, token);
    }

    [Fact]
    public void Create_WithoutSubjectRolesOrGroups_LeavesThoseClaimsOut()
    {
        var token = AccessKeyJwt.Create(
            Encoding.UTF8.GetBytes("key"),
            "http://localhost/api/hubs/chat/:send?api-version=2024-12-01",
            DateTimeOffset.FromUnixTimeSeconds(100),
            DateTimeOffset.FromUnixTimeSeconds(400));

        var payload = Jwt.Payload(token);
        Assert.False(payload.TryGetProperty("sub", out _));
        Assert.False(payload.TryGetProperty("role", out _));
        Assert.False(payload.TryGetProperty("webpubsub.group", out _));
        Assert.Equal(400, payload.GetProperty("exp").GetInt64());
        Assert.Equal("http://localhost/api/hubs/chat/:send?api-version=2024-12-01", payload.GetProperty("aud").GetString());
        Assert.True(Jwt.IsSignedWith(token, "key"));
        Assert.False(Jwt.IsSignedWith(token, "other"));
    }
}
