using Microsoft.AspNetCore.Http;
using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Azure.SignalR.Upstream.Internal;

/// <summary><see cref="SignalRUpstreamOptions"/> resolved once into what each request needs.</summary>
internal sealed class UpstreamSettings
{
    private readonly HashSet<string> _hubs;

    private UpstreamSettings(string[] accessKeys, HashSet<string> hubs, long maxInvocationBodySize, Func<HttpRequest, CancellationToken, ValueTask<string?>>? authorizeUpstream)
    {
        AccessKeys = accessKeys;
        _hubs = hubs;
        MaxInvocationBodySize = maxInvocationBodySize;
        AuthorizeUpstream = authorizeUpstream;
    }

    /// <summary>Every configured access key; a request signed with any of them is accepted.</summary>
    public string[] AccessKeys { get; }

    public long MaxInvocationBodySize { get; }

    public Func<HttpRequest, CancellationToken, ValueTask<string?>>? AuthorizeUpstream { get; }

    public static UpstreamSettings Create(SignalRUpstreamOptions options)
    {
        var keys = new List<string>(options.AccessKeys);
        foreach (var connectionString in options.ConnectionStrings)
        {
            if (SignalRConnectionString.Parse(connectionString).AccessKey is { } key)
            {
                keys.Add(key);
            }
        }

        return new UpstreamSettings(
            keys.Distinct(StringComparer.Ordinal).ToArray(),
            new HashSet<string>(options.Hubs, StringComparer.OrdinalIgnoreCase),
            options.MaxInvocationBodySize,
            options.AuthorizeUpstream);
    }

    public bool ServesHub(string hub) => _hubs.Count == 0 || _hubs.Contains(hub);
}
