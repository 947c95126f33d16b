using Microsoft.AspNetCore.Http;
namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>
/// Settings of one mapped event handler. Bind them from configuration with
/// <c>services.AddWebPubSubEventHandler&lt;THandler&gt;("WebPubSub:EventHandler")</c>; they are validated when the
/// host starts.
/// </summary>
public sealed class WebPubSubEventHandlerOptions
{
    /// <summary>The default of <see cref="MaxUserEventBodySize"/>: 1 MiB, the service's limit for a client frame.</summary>
    public const long DefaultMaxUserEventBodySize = 1024 * 1024;

    /// <summary>
    /// The hubs this endpoint serves, compared case-insensitively. Empty serves every hub; events for other hubs are
    /// rejected with <c>400</c>.
    /// </summary>
    public IList<string> Hubs { get; } = [];

    /// <summary>The Web PubSub resources allowed to call this endpoint.</summary>
    public IList<WebPubSubServiceEndpoint> Endpoints { get; } = [];

    /// <summary>
    /// Web PubSub connection strings (<c>Endpoint=...;AccessKey=...;Version=1.0;Port=...</c>), each adding its
    /// endpoint and key to <see cref="Endpoints"/>. Two strings with the same endpoint and different keys allow key
    /// rotation.
    /// </summary>
    public IList<string> ConnectionStrings { get; } = [];

    /// <summary>
    /// Origins accepted by abuse protection in addition to the hosts of the endpoints, compared case-insensitively;
    /// <c>*</c> accepts any origin.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>
    /// Authorizes event requests by other means than <c>ce-signature</c>: for a Web PubSub resource with local
    /// authentication disabled, which has no access key to sign with and instead sends an Entra ID token of its managed
    /// identity (<c>Authorization: Bearer</c>). Return <see langword="null"/> to accept, or the reason to refuse with
    /// <c>401</c>. When set, <see cref="Endpoints"/> may list endpoints without access keys; requests are still checked
    /// against keys that are configured.
    /// </summary>
    public Func<HttpRequest, CancellationToken, ValueTask<string?>>? AuthorizeUpstream { get; set; }

    /// <summary>
    /// The largest user-event body accepted, in bytes; larger ones get <c>413</c>. System events are capped at 1 MiB.
    /// </summary>
    public long MaxUserEventBodySize { get; set; } = DefaultMaxUserEventBodySize;

    /// <summary>The default of <see cref="EventTimeWindow"/>: five minutes.</summary>
    public static readonly TimeSpan DefaultEventTimeWindow = TimeSpan.FromMinutes(5);

    /// <summary>The default of <see cref="MaxRememberedEvents"/>.</summary>
    public const int DefaultMaxRememberedEvents = 100_000;

    /// <summary>
    /// How far an event's <c>ce-time</c> may lie from this server's clock, in either direction; events outside it are
    /// refused with <c>400</c>. It is also how long an event id is remembered (see <see cref="MaxRememberedEvents"/>).
    /// Between one second and one day; default five minutes.
    /// </summary>
    public TimeSpan EventTimeWindow { get; set; } = DefaultEventTimeWindow;

    /// <summary>
    /// How many event ids (<c>ce-id</c> per connection) one endpoint remembers, to answer a repeat of an event without
    /// running the handler again. The oldest are forgotten first when it is full. At least 1; default 100,000.
    /// </summary>
    public int MaxRememberedEvents { get; set; } = DefaultMaxRememberedEvents;

    // Each handler type has its own named options, so one application can map several handlers with different keys.
    internal static string GetName(Type handlerType) => handlerType.FullName ?? handlerType.Name;
}
