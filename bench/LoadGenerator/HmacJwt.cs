using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Notifier.Bench.LoadGenerator;

/// <summary>HS256 tokens signed with the access key, as Web PubSub expects for clients (https://learn.microsoft.com/azure/azure-web-pubsub/howto-websocket-connect) and REST calls (https://learn.microsoft.com/azure/azure-web-pubsub/reference-rest-api-data-plane).</summary>
internal static class HmacJwt
{
    private const string Header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

    /// <summary>A token for <paramref name="audience"/>, valid for an hour.</summary>
    public static string Sign(string accessKey, string audience)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["aud"] = audience,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 3600,
        });
        var unsigned = Header + "." + Base64Url.EncodeToString(payload);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.ASCII.GetBytes(unsigned));
        return unsigned + "." + Base64Url.EncodeToString(signature);
    }
}
