using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Notifier.Azure.Shared;

/// <summary>
/// The signature Web PubSub (<c>ce-signature</c>) and SignalR Service (<c>X-ASRS-Signature</c>) put on the calls they
/// make: <c>sha256=</c> + hex of HMAC-SHA256(key = UTF-8 access key, data = UTF-8 connection id), one value per access
/// key, comma-separated. Compiled into both libraries (linked source, as the Azure SDK shares code) so the check that
/// guards their event endpoints exists once.
/// </summary>
internal static class ConnectionIdSignature
{
    private const string Prefix = "sha256=";
    private const int HashSize = 32;

    /// <summary>Computes the header value for a connection id, one entry per access key, in order (lower-case hex).</summary>
    public static string Create(string connectionId, IEnumerable<string> accessKeys)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(accessKeys);
        var builder = new StringBuilder();
        Span<byte> hash = stackalloc byte[HashSize];
        foreach (var key in accessKeys)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            Compute(key, connectionId, hash);
            builder.Append(Prefix).Append(Convert.ToHexStringLower(hash));
        }

        return builder.ToString();
    }

    /// <summary>
    /// True when any <c>sha256=</c> value in <paramref name="signatureHeader"/> matches the signature of
    /// <paramref name="connectionId"/> under any of <paramref name="accessKeys"/>. Hex of either case is accepted;
    /// every value is compared against every key in constant time, so the time taken does not say which key matched.
    /// </summary>
    public static bool IsValid(string? signatureHeader, string connectionId, IEnumerable<string> accessKeys)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(accessKeys);
        if (string.IsNullOrEmpty(signatureHeader))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HashSize];
        Span<byte> presented = stackalloc byte[HashSize];
        var match = false;
        foreach (var key in accessKeys)
        {
            Compute(key, connectionId, expected);
            foreach (var range in signatureHeader.AsSpan().Split(','))
            {
                var value = signatureHeader.AsSpan(range).Trim();
                if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var hex = value[Prefix.Length..];
                if (hex.Length != HashSize * 2
                    || Convert.FromHexString(hex, presented, out _, out var written) != OperationStatus.Done
                    || written != HashSize)
                {
                    continue;
                }

                match |= CryptographicOperations.FixedTimeEquals(expected, presented);
            }
        }

        return match;
    }

    private static void Compute(string accessKey, string connectionId, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(accessKey);
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.UTF8.GetBytes(connectionId), destination);
    }
}
