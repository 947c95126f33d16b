using Microsoft.AspNetCore.Http.Features;

namespace Notifier.Emulator.DataPlane;

/// <summary>The absolute URL of a request as the client wrote it, which is what a REST token's audience names.</summary>
internal static class RequestUrl
{
    /// <summary>Scheme, Host header, and the request target exactly as received (path base, path and query).</summary>
    public static string Absolute(HttpRequest request) => Origin(request) + PathAndQuery(request);

    /// <summary><c>scheme://host[:port]</c> from the request's Host header.</summary>
    public static string Origin(HttpRequest request) => request.Scheme + "://" + request.Host.ToUriComponent();

    /// <summary>The path as the client escaped it: the raw target when the server kept it, else re-escaped.</summary>
    public static string Path(HttpRequest request)
    {
        var target = PathAndQuery(request);
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }

    private static string PathAndQuery(HttpRequest request)
    {
        // The decoded Path would lose the client's escaping (e.g. %2520 vs %20), which the audience was signed with.
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is { Length: > 0 } && raw[0] == '/')
        {
            return raw;
        }

        return request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
    }
}
