namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>
/// Why an event handler rejected an event. Each code maps to one HTTP status, which Web PubSub relays to the client
/// for <c>connect</c> events and treats as a failure for user events.
/// </summary>
public enum EventErrorCode
{
    /// <summary>The client sent something the application does not accept: <c>400 Bad Request</c>.</summary>
    UserError = 0,

    /// <summary>The client is not allowed to connect or to raise the event: <c>401 Unauthorized</c>.</summary>
    Unauthorized = 1,

    /// <summary>The application failed: <c>500 Internal Server Error</c>.</summary>
    ServerError = 2,
}
