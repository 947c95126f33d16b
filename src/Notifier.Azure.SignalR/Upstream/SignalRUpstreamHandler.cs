namespace Notifier.Azure.SignalR.Upstream;

/// <summary>
/// The application's side of SignalR Service upstream in serverless mode. Derive from it, override the events you
/// care about, register it with
/// <see cref="SignalRUpstreamServiceCollectionExtensions.AddSignalRUpstreamHandler{THandler}(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>
/// and map it with
/// <see cref="SignalRUpstreamEndpointRouteBuilderExtensions.MapSignalRUpstream{THandler}(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder, string)"/>.
/// </summary>
/// <remarks>
/// The handler is resolved from the request's scope, once per event, and runs only after the headers, signature, hub,
/// category and body have been verified. The service ignores the outcome of <c>connected</c> and <c>disconnected</c>,
/// so their failures are logged and answered 200. A failing invocation completes with a generic error for the client;
/// the exception stays in the log.
/// </remarks>
public abstract class SignalRUpstreamHandler
{
    /// <summary>A client finished its handshake.</summary>
    public virtual ValueTask OnConnectedAsync(SignalRConnectionContext connection, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>A client's connection ended; <paramref name="errorMessage"/> says why when it did not end cleanly.</summary>
    public virtual ValueTask OnDisconnectedAsync(SignalRConnectionContext connection, string? errorMessage, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>A client called a hub method. The default completes it without a value.</summary>
    public virtual ValueTask<SignalRInvocationResult> OnInvocationAsync(SignalRInvocation invocation, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SignalRInvocationResult.Void);
}
