using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Notifier.Emulator.DataPlane;

/// <summary>
/// Mints client access tokens for <c>:generateToken</c>: HS256 JWTs signed with the UTF-8 bytes of the access key, with
/// the claims the SDKs put in theirs, so they connect exactly like SDK-issued tokens.
/// </summary>
internal static class ClientTokenIssuer
{
    // base64url of {"alg":"HS256","typ":"JWT"}, the header every SDK sends.
    private const string EncodedHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

    public static string Issue(
        string accessKey,
        string audience,
        DateTimeOffset now,
        TimeSpan lifetime,
        string? userId,
        IReadOnlyCollection<string> roles,
        IReadOnlyCollection<string> groups)
    {
        var payload = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            if (!string.IsNullOrEmpty(userId))
            {
                writer.WriteString("sub"u8, userId);
            }

            WriteArray(writer, "role"u8, roles);
            WriteArray(writer, "webpubsub.group"u8, groups);
            var issued = now.ToUnixTimeSeconds();
            writer.WriteNumber("nbf"u8, issued);
            writer.WriteNumber("exp"u8, (now + lifetime).ToUnixTimeSeconds());
            writer.WriteNumber("iat"u8, issued);
            writer.WriteString("aud"u8, audience);
            writer.WriteEndObject();
        }

        var signed = EncodedHeader + "." + Base64Url.EncodeToString(payload.WrittenSpan);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.ASCII.GetBytes(signed));
        return signed + "." + Base64Url.EncodeToString(signature);
    }

    private static void WriteArray(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyCollection<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
