using System.Buffers;
using System.Text.Json;
using Notifier.Azure.Shared;

namespace Notifier.Azure.WebPubSub.Protocol;

/// <summary>
/// Writes the HS256 JWTs Web PubSub accepts: client access tokens and REST tokens, signed with the UTF-8 bytes of
/// the access key. Claims are written in a fixed order (sub, role, webpubsub.group, nbf, exp, iat, aud) so the same
/// input always gives the same token.
/// </summary>
public static class AccessKeyJwt
{
    private static readonly JsonEncodedText SubjectName = JsonEncodedText.Encode(AccessTokenClaims.Subject);
    private static readonly JsonEncodedText RoleName = JsonEncodedText.Encode(AccessTokenClaims.Role);
    private static readonly JsonEncodedText GroupName = JsonEncodedText.Encode(AccessTokenClaims.Group);

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
            HmacJwt.WriteLifetimeAndAudience(json, audience, issuedAt, expiresAt);
            json.WriteEndObject();
        }

        return HmacJwt.Sign(key, payload.WrittenSpan);
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
