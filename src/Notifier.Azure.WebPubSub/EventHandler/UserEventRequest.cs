using System.Diagnostics.CodeAnalysis;

namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>
/// A blocking user event: a raw WebSocket frame (event <c>message</c>) or a subprotocol <c>event</c> message.
/// Answer with a <see cref="UserEventResponse"/>, whose data (if any) goes back to the sending connection, or with an
/// <see cref="EventErrorResponse"/>.
/// </summary>
public sealed class UserEventRequest : EventRequest
{
    /// <summary>Creates a user event, for example to unit-test a handler.</summary>
    /// <param name="connectionContext">The connection the event belongs to.</param>
    /// <param name="data">The event's payload.</param>
    /// <param name="dataType">The payload's kind, taken from the request's content type.</param>
    public UserEventRequest(WebPubSubConnectionContext connectionContext, BinaryData data, WebPubSubDataType dataType)
        : base(connectionContext)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = data;
        DataType = dataType;
    }

    /// <summary>The event's payload, exactly as received.</summary>
    public BinaryData Data { get; }

    /// <summary>The payload's kind.</summary>
    public WebPubSubDataType DataType { get; }

    /// <summary>Creates a response that sends <paramref name="data"/> back to the connection.</summary>
    /// <param name="data">The payload to send back.</param>
    /// <param name="dataType">The payload's kind.</param>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance method so handlers write request.Create...(), as with the official SDK.")]
    public UserEventResponse CreateResponse(BinaryData data, WebPubSubDataType dataType) => new(data, dataType);

    /// <summary>Creates a response that sends <paramref name="message"/> back to the connection as text.</summary>
    /// <param name="message">The text to send back.</param>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance method so handlers write request.Create...(), as with the official SDK.")]
    public UserEventResponse CreateResponse(string message) => new(message);
}
