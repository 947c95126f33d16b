using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Notifier.Azure.Shared;

/// <summary>
/// The HS256 JWT both services accept, signed with the UTF-8 bytes of an access key: a constant header, the caller's
/// claims, and the claims every token ends with (<c>nbf</c>, <c>exp</c>, <c>iat</c>, <c>aud</c>, in that order, so the
/// same input always gives the same token). Linked source in both libraries; each writes its own claims before these.
/// </summary>
internal static class HmacJwt
{
    // base64url of {"alg":"HS256","typ":"JWT"}: constant, so it is never serialised.
    private static ReadOnlySpan<byte> EncodedHeader => "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"u8;

    private const int SignatureSize = 32;

    private static readonly JsonEncodedText NotBeforeName = JsonEncodedText.Encode("nbf");
    private static readonly JsonEncodedText ExpiresName = JsonEncodedText.Encode("exp");
    private static readonly JsonEncodedText IssuedAtName = JsonEncodedText.Encode("iat");
    private static readonly JsonEncodedText AudienceName = JsonEncodedText.Encode("aud");

    /// <summary>A token with no claims but its lifetime and audience: what the REST APIs of both services take.</summary>
    public static string Create(ReadOnlySpan<byte> key, string audience, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var payload = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            WriteLifetimeAndAudience(json, audience, issuedAt, expiresAt);
            json.WriteEndObject();
        }

        return Sign(key, payload.WrittenSpan);
    }

    /// <summary>Writes <c>nbf</c> and <c>iat</c> (both <paramref name="issuedAt"/>), <c>exp</c> and <c>aud</c>.</summary>
    public static void WriteLifetimeAndAudience(Utf8JsonWriter json, string audience, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(json);
        var issued = issuedAt.ToUnixTimeSeconds();
        json.WriteNumber(NotBeforeName, issued);
        json.WriteNumber(ExpiresName, expiresAt.ToUnixTimeSeconds());
        json.WriteNumber(IssuedAtName, issued);
        json.WriteString(AudienceName, audience);
    }

    /// <summary>The compact JWT of a payload (its UTF-8 JSON), signed with <paramref name="key"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> key, ReadOnlySpan<byte> payload)
    {
        var payloadLength = Base64Url.GetEncodedLength(payload.Length);
        var signingLength = EncodedHeader.Length + 1 + payloadLength;
        var tokenLength = signingLength + 1 + Base64Url.GetEncodedLength(SignatureSize);
        var rented = ArrayPool<byte>.Shared.Rent(tokenLength);
        try
        {
            var token = rented.AsSpan(0, tokenLength);
            EncodedHeader.CopyTo(token);
            token[EncodedHeader.Length] = (byte)'.';
            Base64Url.EncodeToUtf8(payload, token[(EncodedHeader.Length + 1)..], out _, out _);
            token[signingLength] = (byte)'.';

            Span<byte> signature = stackalloc byte[SignatureSize];
            HMACSHA256.HashData(key, token[..signingLength], signature);
            Base64Url.EncodeToUtf8(signature, token[(signingLength + 1)..], out _, out _);
            return Encoding.ASCII.GetString(token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
