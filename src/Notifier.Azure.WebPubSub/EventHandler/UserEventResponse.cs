using Notifier.Azure.WebPubSub.EventHandler.Internal;

namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>
/// Accepts a user event. Without <see cref="Data"/> the endpoint answers <c>204 No Content</c>; with it,
/// <c>200 OK</c> and the data, which the service sends to the connection that raised the event.
/// </summary>
public sealed class UserEventResponse : EventResponse
{
    /// <summary>Creates a response that sends nothing back.</summary>
    public UserEventResponse()
    {
    }

    /// <summary>Creates a response that sends <paramref name="data"/> back to the connection.</summary>
    /// <param name="data">The payload to send back.</param>
    /// <param name="dataType">The payload's kind, which selects the response's content type.</param>
    public UserEventResponse(BinaryData data, WebPubSubDataType dataType)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = data;
        DataType = dataType;
    }

    /// <summary>Creates a response that sends <paramref name="message"/> back to the connection as text.</summary>
    /// <param name="message">The text to send back.</param>
    public UserEventResponse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Data = BinaryData.FromString(message);
        DataType = WebPubSubDataType.Text;
    }

    /// <summary>The payload to send back, or <see langword="null"/> to send nothing.</summary>
    public BinaryData? Data { get; set; }

    /// <summary>
    /// The payload's kind: <c>text/plain; charset=utf-8</c>, <c>application/json; charset=utf-8</c> or
    /// <c>application/octet-stream</c>.
    /// </summary>
    public WebPubSubDataType DataType { get; set; }

    internal ConnectionStateChanges StateChanges { get; } = new();

    /// <summary>Sets a connection-state entry, which later events of this connection carry.</summary>
    /// <param name="key">The entry's key (case-sensitive).</param>
    /// <param name="value">The entry's value.</param>
    public void SetState(string key, BinaryData value) => StateChanges.Set(key, value);

    /// <summary>Removes a connection-state entry.</summary>
    /// <param name="key">The entry's key (case-sensitive).</param>
    public void ClearState(string key) => StateChanges.Remove(key);

    /// <summary>Removes every connection-state entry.</summary>
    public void ClearStates() => StateChanges.Clear();
}
