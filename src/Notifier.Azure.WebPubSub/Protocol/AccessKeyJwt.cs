using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Notifier.Azure.WebPubSub.Protocol;

/// <summary>
/// Writes the HS256 JWTs Web PubSub accepts: client access tokens and REST tokens, signed with the UTF-8 bytes of
/// the access key. Claims are written in a fixed order (sub, role, webpubsub.group, nbf, exp, iat, aud) so the same
/// input always gives the same token.
/// </summary>
public static class AccessKeyJwt
{
    // base64url of {"alg":"HS256","typ":"JWT"}: constant, so it is never serialised.
    private static ReadOnlySpan<byte> EncodedHeader => "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"u8;

    private const int SignatureSize = 32;

    private static readonly JsonEncodedText SubjectName = JsonEncodedText.Encode(AccessTokenClaims.Subject);
    private static readonly JsonEncodedText RoleName = JsonEncodedText.Encode(AccessTokenClaims.Role);
    private static readonly JsonEncodedText GroupName = JsonEncodedText.Encode(AccessTokenClaims.Group);
    private static readonly JsonEncodedText NotBeforeName = JsonEncodedText.Encode(AccessTokenClaims.NotBefore);
    private static readonly JsonEncodedText ExpiresName = JsonEncodedText.Encode(AccessTokenClaims.Expires);
    private static readonly JsonEncodedText IssuedAtName = JsonEncodedText.Encode(AccessTokenClaims.IssuedAt);
    private static readonly JsonEncodedText AudienceName = JsonEncodedText.Encode(AccessTokenClaims.Audience);

    /// <summary>Signs a token for <paramref name="audience"/> valid from <paramref name="issuedAt"/> to <paramref name="expiresAt"/>.</summary>
    /// <param name="key">The UTF-8 bytes of the access key.</param>
    /// <param name="audience">The <c>aud</c> claim: the client endpoint, or the full REST request URL.</param>
    /// <param name="issuedAt">Written as both <c>nbf</c> and <c>iat</c>.</param>
    /// <param name="expiresAt">The <c>exp</c> claim.</param>
    /// <param name="subject">The user id (<c>sub</c>), or null for an anonymous token.</param>
    /// <param name="roles">The <c>role</c> claims, if any.</param>
    /// <param name="groups">The <c>webpubsub.group</c> claims, if any.</param>
    /// <returns>The compact JWT.</returns>
    public static string Create(
        ReadOnlySpan<byte> key,
        string audience,
        DateTimeOffset issuedAt,
        DateTimeOffset expiresAt,
        string? subject = null,
        IReadOnlyCollection<string>? roles = null,
        IReadOnlyCollection<string>? groups = null)
    {
        var payload = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            if (subject is not null)
            {
                json.WriteString(SubjectName, subject);
            }

            WriteArray(json, RoleName, roles);
            WriteArray(json, GroupName, groups);
            var issued = issuedAt.ToUnixTimeSeconds();
            json.WriteNumber(NotBeforeName, issued);
            json.WriteNumber(ExpiresName, expiresAt.ToUnixTimeSeconds());
            json.WriteNumber(IssuedAtName, issued);
            json.WriteString(AudienceName, audience);
            json.WriteEndObject();
        }

        var payloadLength = Base64Url.GetEncodedLength(payload.WrittenCount);
        var signingLength = EncodedHeader.Length + 1 + payloadLength;
        var tokenLength = signingLength + 1 + Base64Url.GetEncodedLength(SignatureSize);
        var rented = ArrayPool<byte>.Shared.Rent(tokenLength);
        try
        {
            var token = rented.AsSpan(0, tokenLength);
            EncodedHeader.CopyTo(token);
            token[EncodedHeader.Length] = (byte)'.';
            Base64Url.EncodeToUtf8(payload.WrittenSpan, token[(EncodedHeader.Length + 1)..], out _, out _);
            token[signingLength] = (byte)'.';

            Span<byte> signature = stackalloc byte[SignatureSize];
            HMACSHA256.HashData(key, token[..signingLength], signature);
            Base64Url.EncodeToUtf8(signature, token[(signingLength + 1)..], out _, out _);
            return System.Text.Encoding.ASCII.GetString(token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void WriteArray(Utf8JsonWriter json, JsonEncodedText name, IReadOnlyCollection<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
