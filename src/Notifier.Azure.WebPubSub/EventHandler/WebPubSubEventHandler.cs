using System.Diagnostics.CodeAnalysis;

namespace Notifier.Azure.WebPubSub.EventHandler;

/// <summary>
/// The application's side of the Web PubSub CloudEvents protocol. Derive from it, override the events you care
/// about, register it with
/// <see cref="WebPubSubEventHandlerServiceCollectionExtensions.AddWebPubSubEventHandler{THandler}(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>
/// and map it with
/// <see cref="WebPubSubEventHandlerEndpointRouteBuilderExtensions.MapWebPubSubEventHandler{THandler}(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, string)"/>.
/// </summary>
/// <remarks>
/// The handler is resolved from the request's scope, once per event. Its methods run only after the request's
/// headers, signature, hub, connection state and body have been verified. A thrown
/// <see cref="UnauthorizedAccessException"/> becomes <c>401</c>; any other exception becomes <c>500</c> with a
/// generic body and is logged. Return <see cref="EventRequest.CreateErrorResponse"/> to reject an event with a
/// message of your own.
/// </remarks>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Web PubSub calls the webhook that receives events an event handler; this is its server side, not a delegate.")]
public abstract class WebPubSubEventHandler
{
    /// <summary>
    /// Handles the blocking <c>connect</c> event. The default accepts the connection with the token's defaults.
    /// </summary>
    /// <param name="request">The event.</param>
    /// <param name="cancellationToken">Signalled when the service abandons the request.</param>
    /// <returns>A <see cref="ConnectEventResponse"/> to accept, or an <see cref="EventErrorResponse"/> to reject.</returns>
    public virtual ValueTask<EventResponse> OnConnectAsync(ConnectEventRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<EventResponse>(new ConnectEventResponse());

    /// <summary>Handles the <c>connected</c> event. The service ignores the outcome; failures are only logged.</summary>
    /// <param name="request">The event.</param>
    /// <param name="cancellationToken">Signalled when the service abandons the request.</param>
    public virtual ValueTask OnConnectedAsync(ConnectedEventRequest request, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>Handles the <c>disconnected</c> event. The service ignores the outcome; failures are only logged.</summary>
    /// <param name="request">The event.</param>
    /// <param name="cancellationToken">Signalled when the service abandons the request.</param>
    public virtual ValueTask OnDisconnectedAsync(DisconnectedEventRequest request, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>Handles a user event. The default accepts it and sends nothing back.</summary>
    /// <param name="request">The event.</param>
    /// <param name="cancellationToken">Signalled when the service abandons the request.</param>
    /// <returns>A <see cref="UserEventResponse"/> to accept, or an <see cref="EventErrorResponse"/> to reject.</returns>
    public virtual ValueTask<EventResponse> OnMessageAsync(UserEventRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<EventResponse>(new UserEventResponse());
}
