using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifier.Azure.WebPubSub.Protocol;
using Notifier.Emulator.Hosting;

namespace Notifier.Emulator.Authentication;

/// <summary>
/// Validates the HS256 tokens signed with the access key: client tokens (audience = the hub's client endpoint) and
/// REST tokens (audience = the request URL). Audiences are compared leniently, as the official emulator does, because
/// SDKs build them from the configured endpoint, which may differ from what a proxy or container shows us.
/// </summary>
internal sealed class AccessTokenValidator
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly IOptionsMonitor<EmulatorOptions> _options;
    private readonly TimeProvider _timeProvider;

    public AccessTokenValidator(IOptionsMonitor<EmulatorOptions> options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
    }

    public bool TryValidateClientToken(string? token, string hub, [NotNullWhen(true)] out ClientTokenClaims? claims, [NotNullWhen(false)] out string? error)
    {
        claims = null;
        if (!TryReadPayload(token, out var payload, out error))
        {
            return false;
        }

        using (payload)
        {
            var root = payload.RootElement;
            if (!TryGetAudiences(root, out var audiences) || !audiences.Any(a => IsClientAudience(a, hub)))
            {
                error = $"The token's audience is not the client endpoint of hub '{hub}'.";
                return false;
            }

            var all = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                all[property.Name] = property.Value.ValueKind == JsonValueKind.Array
                    ? [.. property.Value.EnumerateArray().Select(Stringify)]
                    : [Stringify(property.Value)];
            }

            var userId = all.TryGetValue(AccessTokenClaims.Subject, out var sub) ? sub.FirstOrDefault() : null;
            claims = new ClientTokenClaims
            {
                UserId = string.IsNullOrEmpty(userId) ? null : userId,
                Roles = all.GetValueOrDefault(AccessTokenClaims.Role) ?? [],
                Groups = all.GetValueOrDefault(AccessTokenClaims.Group) ?? [],
                All = all,
            };
            return true;
        }
    }

    /// <summary>Validates a REST bearer token against the absolute URL of the request it came with.</summary>
    public bool TryValidateRestToken(string? token, string requestUrl, [NotNullWhen(false)] out string? error)
    {
        if (!TryReadPayload(token, out var payload, out error))
        {
            return false;
        }

        using (payload)
        {
            var withoutQuery = requestUrl.Split('?', 2)[0];
            if (!TryGetAudiences(payload.RootElement, out var audiences)
                || !audiences.Any(a => SameUrl(a, requestUrl) || SameUrl(a, withoutQuery)))
            {
                error = "The token's audience is not this request's URL.";
                return false;
            }

            return true;
        }
    }

    private bool TryReadPayload(string? token, [NotNullWhen(true)] out JsonDocument? payload, [NotNullWhen(false)] out string? error)
    {
        payload = null;
        if (string.IsNullOrEmpty(token))
        {
            error = "No access token: pass it as access_token or an 'Authorization: Bearer' header.";
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
            using (var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])))
            {
                if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256")
                {
                    error = "The access token must be signed with HS256.";
                    return false;
                }
            }

            var key = Encoding.UTF8.GetBytes(_options.CurrentValue.AccessKey);
            var signed = Encoding.ASCII.GetBytes(token, 0, parts[0].Length + 1 + parts[1].Length);
            var expected = HMACSHA256.HashData(key, signed);
            if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])))
            {
                error = "The access token's signature is not valid for this access key.";
                return false;
            }

            payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException or InvalidOperationException)
        {
            payload?.Dispose();
            payload = null;
            error = "The access token is malformed.";
            return false;
        }

        var now = _timeProvider.GetUtcNow();
        if (payload.RootElement.ValueKind != JsonValueKind.Object
            || !TryGetTime(payload.RootElement, AccessTokenClaims.Expires, out var expires))
        {
            payload.Dispose();
            payload = null;
            error = "The access token has no expiry (exp).";
            return false;
        }

        if (expires + ClockSkew < now)
        {
            payload.Dispose();
            payload = null;
            error = "The access token has expired.";
            return false;
        }

        if (TryGetTime(payload.RootElement, AccessTokenClaims.NotBefore, out var notBefore) && notBefore - ClockSkew > now)
        {
            payload.Dispose();
            payload = null;
            error = "The access token is not valid yet (nbf).";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryGetTime(JsonElement root, string name, out DateTimeOffset value)
    {
        value = default;
        if (!root.TryGetProperty(name, out var element))
        {
            return false;
        }

        long seconds;
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out seconds))
        {
            value = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var fractional))
        {
            value = DateTimeOffset.FromUnixTimeSeconds((long)fractional);
            return true;
        }

        return false;
    }

    private static bool TryGetAudiences(JsonElement root, out string[] audiences)
    {
        audiences = [];
        if (!root.TryGetProperty(AccessTokenClaims.Audience, out var aud))
        {
            return false;
        }

        audiences = aud.ValueKind switch
        {
            JsonValueKind.String => [aud.GetString()!],
            JsonValueKind.Array => [.. aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!)],
            _ => [],
        };
        return audiences.Length > 0;
    }

    private static bool IsClientAudience(string audience, string hub)
    {
        if (!Uri.TryCreate(audience, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var path = Uri.UnescapeDataString(uri.AbsolutePath).TrimEnd('/');
        return path.EndsWith("/client/hubs/" + hub, StringComparison.OrdinalIgnoreCase);
    }

    private static bool SameUrl(string audience, string url) =>
        string.Equals(audience, url, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Uri.UnescapeDataString(audience), Uri.UnescapeDataString(url), StringComparison.OrdinalIgnoreCase);

    private static string Stringify(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
