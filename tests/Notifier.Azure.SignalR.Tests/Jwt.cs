using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Notifier.Azure.SignalR.Tests;

/// <summary>Reads and verifies the HS256 tokens under test, independently of the code that writes them.</summary>
internal static class Jwt
{
    public static JsonElement Payload(string token)
    {
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        return JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement.Clone();
    }

    public static bool IsSignedWith(string token, string accessKey)
    {
        var lastDot = token.LastIndexOf('.');
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.ASCII.GetBytes(token[..lastDot]));
        return CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1)));
    }

    public static string FromBearer(string? authorization)
    {
        Assert.NotNull(authorization);
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        return authorization["Bearer ".Length..];
    }
}
