namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>
/// The answer of a handler to a blocking event: a <see cref="ConnectEventResponse"/>, a
/// <see cref="UserEventResponse"/> or an <see cref="EventErrorResponse"/>.
/// </summary>
public abstract class EventResponse
{
    // Only this library's response types can be written to the wire, so nobody else may derive.
    private protected EventResponse()
    {
    }
}
