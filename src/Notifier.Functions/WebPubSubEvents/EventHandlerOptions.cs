namespace Notifier.Functions.WebPubSubEvents;

/// <summary>
/// How Web PubSub's calls to <c>/api/webpubsub</c> are checked (section <c>Notifier:EventHandler</c>): how fresh an
/// event must be, and how they are authorized when the app reaches Web PubSub with a managed
/// identity. A resource with local auth disabled has no access key to sign
/// <c>ce-signature</c> with; its event handler is configured with managed-identity auth instead and sends an Entra ID
/// token, which must come from this authority, be for this audience and name the resource's identity.
/// </summary>
internal sealed class EventHandlerOptions
{
    public const string Section = "Notifier:EventHandler";

    /// <summary>Gets or sets the Entra ID authority (<c>https://login.microsoftonline.com/{tenant}/v2.0</c>).</summary>
    public string? Authority { get; set; }

    /// <summary>Gets or sets the audience configured on the hub's event handler (<c>auth.managedIdentity.resource</c>).</summary>
    public string? Audience { get; set; }

    /// <summary>Gets or sets the object id of the Web PubSub resource's managed identity; tokens of any other caller are refused.</summary>
    public string? CallerObjectId { get; set; }

    /// <summary>
    /// Gets or sets how far an event's <c>ce-time</c> may be from now, either way, and so how long event ids are
    /// remembered to answer repeats (<c>WebPubSubEventHandlerOptions.EventTimeWindow</c>, validated at start).
    /// </summary>
    public TimeSpan EventTimeWindow { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(Audience) && !string.IsNullOrWhiteSpace(CallerObjectId);
}
