using System.Diagnostics.CodeAnalysis;

namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>An event sent by Web PubSub to the event handler, after its signature has been verified.</summary>
public abstract class EventRequest
{
    private protected EventRequest(WebPubSubConnectionContext connectionContext)
    {
        ArgumentNullException.ThrowIfNull(connectionContext);
        ConnectionContext = connectionContext;
    }

    /// <summary>The connection the event belongs to.</summary>
    public WebPubSubConnectionContext ConnectionContext { get; }

    /// <summary>
    /// Creates a response that rejects a blocking event (<c>connect</c> or a user event) with the status of
    /// <paramref name="code"/> and <paramref name="message"/> as its plain-text body.
    /// </summary>
    /// <param name="code">Why the event is rejected.</param>
    /// <param name="message">A short explanation; the service logs it but does not forward it to clients.</param>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance method so handlers write request.Create...(), as with the official SDK.")]
    public EventErrorResponse CreateErrorResponse(EventErrorCode code, string? message) => new(code, message);
}
