namespace Notifier.Azure.SignalR.Protocol;

/// <summary>The headers of the service's upstream requests.</summary>
public static class UpstreamHeaders
{
    /// <summary>The connection the event is about.</summary>
    public const string ConnectionId = "X-ASRS-Connection-Id";

    /// <summary>The hub, lower-cased when the SDKs built the client URL.</summary>
    public const string Hub = "X-ASRS-Hub";

    /// <summary><see cref="UpstreamCategories.Connections"/> or <see cref="UpstreamCategories.Messages"/>.</summary>
    public const string Category = "X-ASRS-Category";

    /// <summary><c>connected</c>, <c>disconnected</c>, or the target of a client invocation.</summary>
    public const string Event = "X-ASRS-Event";

    /// <summary>The user id; absent for anonymous connections.</summary>
    public const string UserId = "X-ASRS-User-Id";

    /// <summary>The client token's claims as <c>type: value</c> pairs joined by <c>, </c>.</summary>
    public const string UserClaims = "X-ASRS-User-Claims";

    /// <summary>The query string the client connected with.</summary>
    public const string ClientQuery = "X-ASRS-Client-Query";

    /// <summary><c>sha256=&lt;hex&gt;</c> per access key, comma-separated; see <see cref="UpstreamSignature"/>.</summary>
    public const string Signature = "X-ASRS-Signature";
}
