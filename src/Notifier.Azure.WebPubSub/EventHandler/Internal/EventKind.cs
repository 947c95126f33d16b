namespace Notifier.Azure.WebPubSub.EventHandler.Internal;

/// <summary>The kinds of event the endpoint dispatches, decided from <c>ce-type</c>.</summary>
internal enum EventKind
{
    Connect,
    Connected,
    Disconnected,
    User,
}
