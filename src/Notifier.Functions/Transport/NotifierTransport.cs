namespace Notifier.Functions.Transport;

/// <summary>The service that holds the clients' connections (<c>Notifier:Transport</c>).</summary>
internal enum NotifierTransport
{
    /// <summary>Azure Web PubSub: the event handler at <c>/api/webpubsub</c>, pushes through its REST API.</summary>
    WebPubSub,

    /// <summary>Azure SignalR Service in serverless mode: the upstream at <c>/api/signalr/…</c>, pushes through its REST API.</summary>
    SignalR,
}
