using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Notifier.Azure.Shared;

namespace Notifier.Azure.SignalR.Protocol;

/// <summary>
/// Writes and checks the HS256 JWTs SignalR Service accepts: client tokens (audience = the hub's client URL, user id
/// in <c>asrs.s.uid</c> and <c>nameid</c>) and REST tokens (audience = the request URL), signed with the UTF-8 bytes
/// of the access key. Claims are written in a fixed order so the same input always gives the same token.
/// </summary>
public static class AccessKeyJwt
{
    /// <summary>The service refuses longer tokens; browsers carry them in the query string.</summary>
    public const int MaxTokenLength = 4096;

    private static readonly JsonEncodedText UserIdName = JsonEncodedText.Encode(SignalRClaims.UserId);
    private static readonly JsonEncodedText NameIdentifierName = JsonEncodedText.Encode(SignalRClaims.NameIdentifier);

    /// <summary>Signs a token for <paramref name="audience"/> valid from <paramref name="issuedAt"/> to <paramref name="expiresAt"/>.</summary>
    /// <param name="key">The UTF-8 bytes of the access key.</param>
    /// <param name="audience">The <c>aud</c> claim: the hub's client URL (see <see cref="SignalRClientUrl.Audience"/>), or the REST request URL.</param>
    /// <param name="issuedAt">Written as both <c>nbf</c> and <c>iat</c>.</param>
    /// <param name="expiresAt">The <c>exp</c> claim.</param>
    /// <param name="userId">
    /// The user id, or null for an anonymous token. Written as <c>asrs.s.uid</c>, the claim the service and its SDKs
    /// use, and as <c>nameid</c>, the claim its documentation names, so either reading finds it.
    /// </param>
    /// <param name="claims">Further claims, passed by the service to upstream as <c>X-ASRS-User-Claims</c>.</param>
    /// <returns>The compact JWT.</returns>
    /// <exception cref="ArgumentException">A claim in <paramref name="claims"/> has a name this method writes itself, or a system (<c>asrs.s.</c>) name.</exception>
    public static string Create(
        ReadOnlySpan<byte> key,
        string audience,
        DateTimeOffset issuedAt,
        DateTimeOffset expiresAt,
        string? userId = null,
        IEnumerable<KeyValuePair<string, string>>? claims = null)
    {
        ArgumentNullException.ThrowIfNull(audience);
        var payload = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            if (userId is not null)
            {
                json.WriteString(UserIdName, userId);
                json.WriteString(NameIdentifierName, userId);
            }

            foreach (var (type, value) in claims ?? [])
            {
                if (IsReserved(type))
                {
                    throw new ArgumentException($"The claim '{type}' is written by the token itself and cannot be added.", nameof(claims));
                }

                json.WriteString(type, value);
            }

            HmacJwt.WriteLifetimeAndAudience(json, audience, issuedAt, expiresAt);
            json.WriteEndObject();
        }

        return HmacJwt.Sign(key, payload.WrittenSpan);
    }

    /// <summary>
    /// Checks a token's signature (HS256 or HS512, against every key in <paramref name="keys"/>, in constant time),
    /// its <c>exp</c> (required) and its <c>nbf</c>, allowing <paramref name="clockSkew"/> either way. The audience is
    /// returned for the caller to judge, since it depends on the URL the token was presented at.
    /// </summary>
    /// <param name="token">The compact JWT.</param>
    /// <param name="keys">The access keys, as strings; a token signed with any of them is accepted.</param>
    /// <param name="now">The current time.</param>
    /// <param name="clockSkew">How far the token's times may be off.</param>
    /// <param name="payload">The token's claims, when valid.</param>
    /// <param name="error">Why the token was refused, when not; it never echoes the token.</param>
    public static bool TryValidate(
        string? token,
        IReadOnlyList<string> keys,
        DateTimeOffset now,
        TimeSpan clockSkew,
        [NotNullWhen(true)] out AccessTokenPayload? payload,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(keys);
        payload = null;
        if (string.IsNullOrEmpty(token))
        {
            error = "No access token: send it as an 'Authorization: Bearer' header (or access_token on a WebSocket).";
            return false;
        }

        if (token.Length > MaxTokenLength)
        {
            error = $"The access token is longer than {MaxTokenLength} characters.";
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            error = "The access token is not a JWT.";
            return false;
        }

        try
        {
            if (!TryCheckSignature(token, parts, keys, out error))
            {
                return false;
            }

            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return TryRead(document.RootElement, now, clockSkew, out payload, out error);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            error = "The access token is not a well-formed JWT.";
            return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="token"/> is a JWT signed with one of <paramref name="keys"/>, whatever its times and
    /// audience: for telling which of several services' keys signed a request, before the chosen one validates it
    /// with <see cref="TryValidate"/>.
    /// </summary>
    public static bool IsSignedWith(string? token, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        try
        {
            return TryCheckSignature(token, parts, keys, out _);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }

    private static bool TryCheckSignature(string token, string[] parts, IReadOnlyList<string> keys, [NotNullWhen(false)] out string? error)
    {
        string? algorithm;
        using (var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])))
        {
            algorithm = header.RootElement.ValueKind == JsonValueKind.Object && header.RootElement.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String
                ? alg.GetString()
                : null;
        }

        if (algorithm is not ("HS256" or "HS512"))
        {
            error = "The access token must be signed with HS256 or HS512.";
            return false;
        }

        var signed = Encoding.ASCII.GetBytes(token, 0, parts[0].Length + 1 + parts[1].Length);
        var presented = Base64Url.DecodeFromChars(parts[2]);
        if (!IsSignedWithAny(algorithm, signed, presented, keys))
        {
            error = "The access token's signature does not match the access key.";
            return false;
        }

        error = null;
        return true;
    }

    private static bool IsSignedWithAny(string algorithm, byte[] signed, byte[] presented, IReadOnlyList<string> keys)
    {
        Span<byte> expected = stackalloc byte[64];
        var size = algorithm == "HS256" ? 32 : 64;
        var match = false;
        foreach (var key in keys)
        {
            var keyBytes = Encoding.UTF8.GetBytes(key);
            if (size == 32)
            {
                HMACSHA256.HashData(keyBytes, signed, expected);
            }
            else
            {
                HMACSHA512.HashData(keyBytes, signed, expected);
            }

            // Every key is tried, so the time taken does not tell which one matched.
            match |= CryptographicOperations.FixedTimeEquals(expected[..size], presented);
        }

        return match;
    }

    private static bool TryRead(JsonElement root, DateTimeOffset now, TimeSpan clockSkew, [NotNullWhen(true)] out AccessTokenPayload? payload, [NotNullWhen(false)] out string? error)
    {
        payload = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "The access token's payload is not a JSON object.";
            return false;
        }

        if (!root.TryGetProperty(SignalRClaims.Expires, out var exp) || !exp.TryGetInt64(out var expires))
        {
            error = "The access token has no 'exp' claim.";
            return false;
        }

        if (DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expires, 0, 253402300799)) + clockSkew <= now)
        {
            error = "The access token has expired.";
            return false;
        }

        if (root.TryGetProperty(SignalRClaims.NotBefore, out var nbf) && nbf.TryGetInt64(out var notBefore)
            && DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(notBefore, 0, 253402300799)) - clockSkew > now)
        {
            error = "The access token is not valid yet.";
            return false;
        }

        var audiences = new List<string>();
        var claims = new List<KeyValuePair<string, string>>();
        foreach (var property in root.EnumerateObject())
        {
            var values = property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray().ToArray() : [property.Value];
            foreach (var value in values)
            {
                var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                if (property.NameEquals(SignalRClaims.Audience))
                {
                    audiences.Add(text);
                }
                else
                {
                    claims.Add(new(property.Name, text));
                }
            }
        }

        payload = new AccessTokenPayload(audiences, DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expires, 0, 253402300799)), claims);
        error = null;
        return true;
    }

    private static bool IsReserved(string type) =>
        type is SignalRClaims.Audience or SignalRClaims.Expires or SignalRClaims.NotBefore or SignalRClaims.IssuedAt or SignalRClaims.NameIdentifier
        || type.StartsWith(SignalRClaims.SystemPrefix, StringComparison.Ordinal);
}
