namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>
/// Rejects a blocking event. The endpoint answers with the status of <see cref="Code"/> and <see cref="ErrorMessage"/>
/// as a plain-text body, and leaves the connection state unchanged.
/// </summary>
public sealed class EventErrorResponse : EventResponse
{
    /// <summary>Creates an error response.</summary>
    /// <param name="code">Why the event is rejected.</param>
    /// <param name="errorMessage">A short explanation for the service's logs; it is not forwarded to clients.</param>
    public EventErrorResponse(EventErrorCode code, string? errorMessage)
    {
        Code = code;
        ErrorMessage = errorMessage;
    }

    /// <summary>Why the event is rejected.</summary>
    public EventErrorCode Code { get; }

    /// <summary>The plain-text body of the response; a default text is used when it is <see langword="null"/>.</summary>
    public string? ErrorMessage { get; }
}
