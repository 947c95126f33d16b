namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>
/// The non-blocking <c>disconnected</c> system event, sent once when a connection that passed <c>connect</c> ends.
/// </summary>
public sealed class DisconnectedEventRequest : EventRequest
{
    /// <summary>Creates a <c>disconnected</c> event, for example to unit-test a handler.</summary>
    /// <param name="connectionContext">The connection the event belongs to.</param>
    /// <param name="reason">Why the connection ended, if the service said.</param>
    public DisconnectedEventRequest(WebPubSubConnectionContext connectionContext, string? reason)
        : base(connectionContext)
    {
        Reason = reason;
    }

    /// <summary>Why the connection ended; <see langword="null"/> or empty for clean closes.</summary>
    public string? Reason { get; }
}
