using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifier.Azure.Shared;
using Notifier.Azure.SignalR.Protocol;

namespace Notifier.Azure.SignalR.Upstream.Internal;

/// <summary>
/// The request delegate behind a mapped upstream handler. A <c>POST</c> goes through these steps, and the handler runs
/// only if all pass:
/// 1. the application's own check, if configured (401);
/// 2. content type, dispatch headers, signature, hub, category and event — see <see cref="UpstreamRequestReader"/>;
/// 3. the body, read once and capped (413), parsed as one hub message whose type fits the event and, for an
///    invocation, whose target is the signed request's event (400);
/// 4. the handler; its result or exception is mapped to an answer, and nothing escapes to the server.
/// An invocation with an id is answered 200 with a framed completion, which the service passes to the client as it
/// is; everything else is answered without a body.
/// </summary>
internal sealed partial class SignalRUpstreamEndpoint
{
    /// <summary>Connection event bodies are tiny (<c>{"type":10}</c>, or a close error); 16 KiB leaves room for long errors.</summary>
    internal const long MaxConnectionEventBodySize = 16 * 1024;

    /// <summary>What the client sees when the handler failed; the exception stays in the log.</summary>
    internal const string InvocationFailedMessage = "The invocation failed on the server.";

    private readonly string _optionsName;
    private readonly IOptionsMonitor<SignalRUpstreamOptions> _optionsMonitor;
    private readonly Func<IServiceProvider, SignalRUpstreamHandler> _handlerFactory;
    private readonly ILogger _logger;
    private volatile ResolvedSettings? _resolved;

    public SignalRUpstreamEndpoint(
        string optionsName,
        IOptionsMonitor<SignalRUpstreamOptions> optionsMonitor,
        Func<IServiceProvider, SignalRUpstreamHandler> handlerFactory,
        ILogger logger)
    {
        _optionsName = optionsName;
        _optionsMonitor = optionsMonitor;
        _handlerFactory = handlerFactory;
        _logger = logger;
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A webhook must answer every request; failures are logged and mapped to 500.")]
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        try
        {
            await HandleAsync(context, GetSettings(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            Log.RequestAborted(_logger);
        }
        catch (BadHttpRequestException ex)
        {
            // Raised by the server itself while reading the body, e.g. its own size limit or broken chunking.
            Log.ServerRejectedRequest(_logger, ex.StatusCode, ex);
            if (!context.Response.HasStarted)
            {
                await WritePlainTextAsync(context.Response, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "Bad request.", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Log.UnexpectedError(_logger, ex);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await WritePlainTextAsync(context.Response, StatusCodes.Status500InternalServerError, "The upstream handler failed.", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task HandleAsync(HttpContext context, UpstreamSettings settings, CancellationToken cancellationToken)
    {
        if (settings.AuthorizeUpstream is { } authorize
            && await authorize(context.Request, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            await RejectAsync(context.Response, new(StatusCodes.Status401Unauthorized, refusal), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!UpstreamRequestReader.TryRead(context.Request, settings, out var envelope, out var error))
        {
            await RejectAsync(context.Response, error, cancellationToken).ConfigureAwait(false);
            return;
        }

        var limit = envelope.Kind == UpstreamEventKind.Invocation ? settings.MaxInvocationBodySize : MaxConnectionEventBodySize;
        var body = await RequestBodyReader.ReadAsync(context.Request, limit, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            await RejectAsync(context.Response, new(StatusCodes.Status413PayloadTooLarge, $"The request body exceeds the limit of {limit} bytes."), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!HubMessage.TryParse(new ReadOnlySequence<byte>(body), ignoreCase: true, out var message, out var parseError))
        {
            await RejectAsync(context.Response, new(StatusCodes.Status400BadRequest, parseError), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (CheckBody(envelope, message) is { } mismatch)
        {
            await RejectAsync(context.Response, new(StatusCodes.Status400BadRequest, mismatch), cancellationToken).ConfigureAwait(false);
            return;
        }

        var connection = envelope.Connection;
        Log.Dispatching(_logger, envelope.Event, connection.ConnectionId, connection.Hub);
        var handler = _handlerFactory(context.RequestServices);
        if (envelope.Kind == UpstreamEventKind.Invocation)
        {
            await InvokeAsync(context, handler, envelope, message, body).ConfigureAwait(false);
        }
        else
        {
            await NotifyAsync(handler, envelope, message, cancellationToken).ConfigureAwait(false);
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
    }

    /// <summary>The body must be the message the signed headers announce: only the connection id is signed.</summary>
    private static string? CheckBody(UpstreamEnvelope envelope, HubMessage message) => envelope.Kind switch
    {
        UpstreamEventKind.Connected when message.Type != HubMessageType.OpenConnection =>
            "The body of a connected event must be {\"type\":10}.",
        UpstreamEventKind.Disconnected when message.Type != HubMessageType.CloseConnection =>
            "The body of a disconnected event must be {\"type\":11,…}.",
        UpstreamEventKind.Invocation when message.Type != HubMessageType.Invocation =>
            "The body of a messages event must be an invocation ({\"type\":1,…}); stream invocations are not supported.",
        UpstreamEventKind.Invocation when !string.Equals(message.Target, envelope.Event, StringComparison.OrdinalIgnoreCase) =>
            $"The invocation's target '{message.Target}' is not the request's {UpstreamHeaders.Event} '{envelope.Event}'.",
        UpstreamEventKind.Invocation when message.HasStreamIds =>
            "Client-to-server streams (streamIds) are not supported.",
        _ => null,
    };

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The service ignores the outcome of connected/disconnected; failures are logged.")]
    private async Task NotifyAsync(SignalRUpstreamHandler handler, UpstreamEnvelope envelope, HubMessage message, CancellationToken cancellationToken)
    {
        var connection = envelope.Connection;
        try
        {
            var task = envelope.Kind == UpstreamEventKind.Connected
                ? handler.OnConnectedAsync(connection, cancellationToken)
                : handler.OnDisconnectedAsync(connection, string.IsNullOrEmpty(message.Error) ? null : message.Error, cancellationToken);
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.NotificationHandlerFailed(_logger, envelope.Event, connection.ConnectionId, connection.Hub, ex);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "Handler failures become error completions, not server errors.")]
    private async Task InvokeAsync(HttpContext context, SignalRUpstreamHandler handler, UpstreamEnvelope envelope, HubMessage message, byte[] body)
    {
        var cancellationToken = context.RequestAborted;
        var connection = envelope.Connection;
        using var document = JsonDocument.Parse(body);
        var arguments = default(JsonElement);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (string.Equals(property.Name, "arguments", StringComparison.OrdinalIgnoreCase))
            {
                arguments = property.Value;
            }
        }

        var invocation = new SignalRInvocation(connection, message.Target!, message.InvocationId, arguments);
        SignalRInvocationResult result;
        try
        {
            result = await handler.OnInvocationAsync(invocation, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The handler returned null instead of a SignalRInvocationResult.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.InvocationHandlerFailed(_logger, envelope.Event, connection.ConnectionId, connection.Hub, ex);
            result = SignalRInvocationResult.FromError(InvocationFailedMessage);
        }

        if (message.InvocationId is not { } invocationId)
        {
            // A send awaits nothing: the service ignores the body.
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        byte[] completion;
        if (result.Error is { } failure)
        {
            completion = HubMessageWriter.CompletionWithError(invocationId, failure);
        }
        else if (result.Result is { } json)
        {
            try
            {
                using var value = JsonDocument.Parse(json);
                completion = HubMessageWriter.CompletionWithResult(invocationId, value.RootElement);
            }
            catch (JsonException ex)
            {
                Log.InvocationHandlerFailed(_logger, envelope.Event, connection.ConnectionId, connection.Hub, ex);
                completion = HubMessageWriter.CompletionWithError(invocationId, InvocationFailedMessage);
            }
        }
        else
        {
            completion = HubMessageWriter.VoidCompletion(invocationId);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = completion.Length;
        await context.Response.Body.WriteAsync(completion, cancellationToken).ConfigureAwait(false);
    }

    private Task RejectAsync(HttpResponse response, UpstreamRequestError error, CancellationToken cancellationToken)
    {
        if (error.StatusCode == StatusCodes.Status401Unauthorized)
        {
            Log.Unauthorized(_logger, error.Message);
        }
        else
        {
            Log.Rejected(_logger, error.StatusCode, error.Message);
        }

        return WritePlainTextAsync(response, error.StatusCode, error.Message, cancellationToken);
    }

    private static Task WritePlainTextAsync(HttpResponse response, int statusCode, string message, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message, cancellationToken);
    }

    private UpstreamSettings GetSettings()
    {
        var options = _optionsMonitor.Get(_optionsName);
        var resolved = _resolved;
        if (resolved is null || !ReferenceEquals(resolved.Options, options))
        {
            // The monitor hands out a new instance only when configuration reloads, so this runs rarely.
            resolved = new ResolvedSettings(options, UpstreamSettings.Create(options));
            _resolved = resolved;
        }

        return resolved.Settings;
    }

    private sealed record ResolvedSettings(SignalRUpstreamOptions Options, UpstreamSettings Settings);
}
