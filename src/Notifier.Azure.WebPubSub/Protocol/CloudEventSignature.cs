using Notifier.Azure.Shared;

namespace Notifier.Azure.WebPubSub.Protocol;

/// <summary>
/// The <c>ce-signature</c> of Web PubSub event-handler requests:
/// <c>sha256=</c> + lowercase hex of HMAC-SHA256(key = UTF-8 access key, data = UTF-8 connection id), one value per
/// access key, comma-separated without spaces. SignalR Service signs its upstream calls the same way; both use
/// <see cref="ConnectionIdSignature"/>.
/// </summary>
public static class CloudEventSignature
{
    /// <summary>Computes the header value for a connection id, one entry per access key, in order.</summary>
    public static string Create(string connectionId, IEnumerable<string> accessKeys) => ConnectionIdSignature.Create(connectionId, accessKeys);

    /// <summary>
    /// True when any <c>sha256=</c> value in <paramref name="signatureHeader"/> matches the signature of
    /// <paramref name="connectionId"/> under any of <paramref name="accessKeys"/>. Comparisons are constant-time.
    /// </summary>
    public static bool IsValid(string? signatureHeader, string connectionId, IEnumerable<string> accessKeys) =>
        ConnectionIdSignature.IsValid(signatureHeader, connectionId, accessKeys);
}
