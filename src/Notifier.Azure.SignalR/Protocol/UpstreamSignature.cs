using Notifier.Azure.Shared;

namespace Notifier.Azure.SignalR.Protocol;

/// <summary>
/// The <c>X-ASRS-Signature</c> of upstream requests: <c>sha256=</c> + hex of HMAC-SHA256(key = UTF-8 access key,
/// data = UTF-8 connection id), one value per access key, comma-separated. Only the connection id is signed: the
/// signature proves the sender holds a key, not that the body is unchanged. Web PubSub's <c>ce-signature</c> is the
/// same scheme; both use <see cref="ConnectionIdSignature"/>.
/// </summary>
public static class UpstreamSignature
{
    /// <summary>Computes the header value for a connection id, one entry per access key, in order (lower-case hex).</summary>
    public static string Create(string connectionId, IEnumerable<string> accessKeys) => ConnectionIdSignature.Create(connectionId, accessKeys);

    /// <summary>
    /// True when any <c>sha256=</c> value in <paramref name="signatureHeader"/> matches the signature of
    /// <paramref name="connectionId"/> under any of <paramref name="accessKeys"/>. Hex of either case is accepted (the
    /// official emulator writes upper case); every value is compared against every key, in constant time.
    /// </summary>
    public static bool IsValid(string? signatureHeader, string connectionId, IEnumerable<string> accessKeys) =>
        ConnectionIdSignature.IsValid(signatureHeader, connectionId, accessKeys);
}
