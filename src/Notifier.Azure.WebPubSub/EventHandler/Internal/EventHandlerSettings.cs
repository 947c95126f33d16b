using Microsoft.AspNetCore.Http;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>
/// <see cref="WebPubSubEventHandlerOptions"/> resolved once into what each request needs: the access keys, the
/// accepted origins and the served hubs.
/// </summary>
internal sealed class EventHandlerSettings
{
    private const string AnyOrigin = "*";

    private readonly HashSet<string> _hubs;
    private readonly HashSet<string> _origins;
    private readonly bool _anyOrigin;

    private EventHandlerSettings(string[] accessKeys, HashSet<string> hubs, HashSet<string> origins, bool anyOrigin, long maxUserEventBodySize, Func<HttpRequest, CancellationToken, ValueTask<string?>>? authorizeUpstream, TimeSpan eventTimeWindow, int maxRememberedEvents)
    {
        EventTimeWindow = eventTimeWindow;
        MaxRememberedEvents = maxRememberedEvents;
        AuthorizeUpstream = authorizeUpstream;
        AccessKeys = accessKeys;
        _hubs = hubs;
        _origins = origins;
        _anyOrigin = anyOrigin;
        MaxUserEventBodySize = maxUserEventBodySize;
    }

    /// <summary>Every configured access key; a request signed with any of them is accepted.</summary>
    public string[] AccessKeys { get; }

    public long MaxUserEventBodySize { get; }

    public TimeSpan EventTimeWindow { get; }

    public int MaxRememberedEvents { get; }

    /// <summary>The application's own check of the upstream's credentials, run before the signature check.</summary>
    public Func<HttpRequest, CancellationToken, ValueTask<string?>>? AuthorizeUpstream { get; }

    /// <summary>Resolves validated options; connection strings are parsed here.</summary>
    public static EventHandlerSettings Create(WebPubSubEventHandlerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = new List<string>();
        var origins = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in options.Endpoints)
        {
            if (endpoint.Endpoint is { } uri)
            {
                // The service sends its host without the port (https://learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events), so the port plays no part in matching.
                origins.Add(uri.Host);
            }

            keys.AddRange(endpoint.AccessKeys);
        }

        foreach (var connectionString in options.ConnectionStrings)
        {
            var parsed = WebPubSubConnectionString.Parse(connectionString);
            origins.Add(parsed.Endpoint.Host);
            keys.Add(parsed.AccessKey);
        }

        var anyOrigin = false;
        foreach (var origin in options.AllowedOrigins)
        {
            anyOrigin |= origin == AnyOrigin;
            origins.Add(origin.Trim());
        }

        return new EventHandlerSettings(
            keys.Distinct(StringComparer.Ordinal).ToArray(),
            new HashSet<string>(options.Hubs, StringComparer.OrdinalIgnoreCase),
            origins,
            anyOrigin,
            options.MaxUserEventBodySize,
            options.AuthorizeUpstream,
            options.EventTimeWindow,
            options.MaxRememberedEvents);
    }

    public bool ServesHub(string hub) => _hubs.Count == 0 || _hubs.Contains(hub);

    public bool IsAllowedOrigin(string origin) => _anyOrigin || _origins.Contains(origin);
}
