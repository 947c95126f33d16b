namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>A Web PubSub resource allowed to call the event handler: its endpoint and its access keys.</summary>
public sealed class WebPubSubServiceEndpoint
{
    /// <summary>Creates an empty endpoint, to be filled by configuration binding.</summary>
    public WebPubSubServiceEndpoint()
    {
    }

    /// <summary>Creates an endpoint with its access keys.</summary>
    /// <param name="endpoint">The service endpoint, for example <c>https://contoso.webpubsub.azure.com</c>.</param>
    /// <param name="accessKeys">The access keys (primary, secondary) that may sign requests.</param>
    public WebPubSubServiceEndpoint(Uri endpoint, params IEnumerable<string> accessKeys)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(accessKeys);
        Endpoint = endpoint;
        foreach (var key in accessKeys)
        {
            AccessKeys.Add(key);
        }
    }

    /// <summary>
    /// The service endpoint. Its host (without port) is the origin the service sends in
    /// <c>WebHook-Request-Origin</c> and the only origin abuse protection accepts for it.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The access keys that may sign requests (<c>ce-signature</c>). List both the primary and the secondary key so
    /// that rotating one does not interrupt the handler.
    /// </summary>
    public IList<string> AccessKeys { get; } = [];
}
