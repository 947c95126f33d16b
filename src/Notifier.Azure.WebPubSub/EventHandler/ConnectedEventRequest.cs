namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>The non-blocking <c>connected</c> system event, sent once the client's WebSocket is established.</summary>
public sealed class ConnectedEventRequest : EventRequest
{
    /// <summary>Creates a <c>connected</c> event, for example to unit-test a handler.</summary>
    /// <param name="connectionContext">The connection the event belongs to.</param>
    public ConnectedEventRequest(WebPubSubConnectionContext connectionContext)
        : base(connectionContext)
    {
    }
}
