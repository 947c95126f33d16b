using Microsoft.AspNetCore.Http;

namespace Notifier.Azure.SignalR.Upstream;

/// <summary>
/// Settings of one mapped upstream handler. Bind them from configuration with
/// <c>services.AddSignalRUpstreamHandler&lt;THandler&gt;("SignalR:Upstream")</c>; they are validated when the host starts.
/// </summary>
public sealed class SignalRUpstreamOptions
{
    /// <summary>The default of <see cref="MaxInvocationBodySize"/>: 1 MiB, the size the service recommends staying under.</summary>
    public const long DefaultMaxInvocationBodySize = 1024 * 1024;

    /// <summary>
    /// SignalR connection strings (<c>Endpoint=…;AccessKey=…;Version=1.0;</c>), each adding its key to
    /// <see cref="AccessKeys"/>. Two strings with the same endpoint and different keys allow key rotation.
    /// </summary>
    public IList<string> ConnectionStrings { get; } = [];

    /// <summary>Access keys a request may be signed with; a request signed with any of them is accepted.</summary>
    public IList<string> AccessKeys { get; } = [];

    /// <summary>The hubs this endpoint serves, compared case-insensitively. Empty serves every hub; others get <c>400</c>.</summary>
    public IList<string> Hubs { get; } = [];

    /// <summary>
    /// Authorizes upstream requests by other means than <c>X-ASRS-Signature</c>, for a resource without access keys
    /// that sends a managed-identity token instead. Return <see langword="null"/> to accept, or the reason to refuse with
    /// <c>401</c>. When set, no access key is required; keys that are configured are still checked.
    /// </summary>
    public Func<HttpRequest, CancellationToken, ValueTask<string?>>? AuthorizeUpstream { get; set; }

    /// <summary>The largest invocation body accepted, in bytes; larger ones get <c>413</c>. Connection events are capped at 16 KiB.</summary>
    public long MaxInvocationBodySize { get; set; } = DefaultMaxInvocationBodySize;

    // Each handler type has its own named options, so one application can map several handlers with different keys.
    internal static string GetName(Type handlerType) => handlerType.FullName ?? handlerType.Name;
}
