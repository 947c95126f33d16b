namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>The kind of payload of a user event or of a user-event response, carried as the HTTP content type.</summary>
public enum WebPubSubDataType
{
    /// <summary>Raw bytes: <c>application/octet-stream</c>.</summary>
    Binary = 0,

    /// <summary>A JSON value in UTF-8: <c>application/json</c>.</summary>
    Json = 1,

    /// <summary>UTF-8 text: <c>text/plain</c>.</summary>
    Text = 2,
}
